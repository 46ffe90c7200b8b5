#!/usr/bin/env python3
"""How fast does the catalog's seed write, next to the obvious alternatives? (`make benchmark`)

Renders fastapi-catalog into build/benchmark/, installs it, then times, in one run on the same
database and the same 2,000 products with their reviews (--seed 1):

  seed     `seed.py --count 2000`: one unlogged single-partition batch per product, 32 in flight
  loop     one awaited `save()` at a time (what coodie's own demo seeds do)
  raw      the driver's execute_concurrent_with_args with prepared INSERTs (concurrency 256)

Each variant runs once to warm the server up, then three times (order rotated); the report
compares medians of those three. These machines are noisy: read the ratios, not the absolute
figures. This is a benchmark, never a test.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "benchmark"
PROJECT = OUT / "fastapi-catalog"
KEYSPACE = "bench_catalog"
RUNS = 3
WARMUP = 1

VARIANTS = ROOT / "tools" / "benchmark_variants.py"  # runs inside the project's venv


def run(cmd: list[str], cwd: Path, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = {**(env or os.environ), "SCYLLA_KEYSPACE": KEYSPACE, "NO_COLOR": "1", "COLUMNS": "120"}
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, **kwargs)
    if result.returncode != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def build() -> Path:
    from copier import run_copy

    run_copy(
        str(ROOT),
        PROJECT,
        data={"demo": "fastapi-catalog"},
        defaults=True,
        vcs_ref="HEAD",
        quiet=True,
        overwrite=True,
    )
    # The project's own `make install`: the locked versions (uv from this repo's .venv when present).
    path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    run(["make", "install"], PROJECT, env={**os.environ, "PATH": path})
    return PROJECT / ".venv" / "bin" / "python"


def measure(python: Path, variant: str, count: int) -> tuple[int, float]:
    if variant == "seed":
        out = run([str(python), "seed.py", "--count", str(count), "--seed", "1", "--reset"], PROJECT).stdout
        match = re.search(r"(\d+) rows in ([\d.]+)s", out)
        return int(match.group(1)), float(match.group(2))
    out = run([str(python), str(VARIANTS), variant, str(count)], PROJECT).stdout
    rows, seconds = out.split("RESULT ")[1].split()
    return int(rows), float(seconds)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    python = build()
    variants = ["seed", "raw", "loop"]
    rates: dict[str, list[float]] = {v: [] for v in variants}
    for i in range(WARMUP + RUNS):
        for variant in variants[i % 3 :] + variants[: i % 3]:
            rows, seconds = measure(python, variant, count)
            label = "warm-up" if i < WARMUP else f"run {i + 1 - WARMUP}"
            if i >= WARMUP:  # the first round warms the server (JIT, caches) for every variant alike
                rates[variant].append(rows / seconds)
            rate = f"{rows / seconds:8,.0f} rows/s"
            print(f"{label:<7} {variant:<5} {rows} rows in {seconds:6.2f}s = {rate}", flush=True)
    median = {v: statistics.median(r) for v, r in rates.items()}
    lines = [
        f"fastapi-catalog seed benchmark: {count} products with their reviews, median of {RUNS} runs",
        *(f"  {v:<5} {median[v]:8,.0f} rows/s" for v in variants),
        f"  seed / raw  = {median['seed'] / median['raw']:.2f}x   (target >= 1.5x)",
        f"  seed / loop = {median['seed'] / median['loop']:.2f}x   (target >= 8x)",
    ]
    report = "\n".join(lines)
    print(report)
    (OUT / "report.txt").write_text(report + "\n")
    run(
        [
            str(python),
            "-c",
            f"from catalog.kit import db; db.connect().execute('DROP KEYSPACE IF EXISTS {KEYSPACE}')",
        ],
        PROJECT,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
