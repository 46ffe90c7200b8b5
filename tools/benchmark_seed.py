#!/usr/bin/env python3
"""How fast does the catalog's seed write, next to the obvious alternatives? (`make benchmark`)

Renders fastapi-catalog into build/benchmark/, installs it, then times, in one run on the same
database and the same 2,000 products with their reviews (--seed 1):

  seed     `seed.py --count 2000`: one unlogged single-partition batch per product, 128 in flight
  raw      the driver's execute_concurrent_with_args with prepared INSERTs (concurrency 256)
  loop     one awaited `save()` at a time (what coodie's own demo seeds do)

twice: on a quiet machine, then under a fixed background load that the benchmark starts and
stops itself (one busy process per core: a browser test or a build beside the seed), so that
"shared" is the same load on every run. Each variant runs once to warm the server up, then
three times (order rotated); the report compares medians of those three. After every run the
rows are counted in the database: a variant that claims rows it did not write stops the
benchmark. These machines are noisy: read the ratios, not the absolute figures. This is a
benchmark, never a test.

    tools/benchmark_seed.py [--count 2000] [--runs 3] [--warmup 1] [--out DIR] [--keyspace KS]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ROOT / "tools" / "benchmark_variants.py"  # runs inside the project's venv
ORDER = ["seed", "raw", "loop"]
# The targets: what the seed should reach against each alternative, per condition.
TARGETS = {("raw", "quiet"): 3.0, ("raw", "loaded"): 3.0, ("loop", "quiet"): 15.0, ("loop", "loaded"): 8.0}
BURNER = "while True: pass"  # one per core: the fixed background load


class Bench:
    def __init__(self, out: Path, keyspace: str):
        self.out, self.keyspace = out, keyspace
        self.project = out / "fastapi-catalog"
        self.python = self.project / ".venv" / "bin" / "python"

    def run(self, cmd: list[str], env: dict | None = None) -> str:
        env = {**(env or os.environ), "SCYLLA_KEYSPACE": self.keyspace, "NO_COLOR": "1", "COLUMNS": "120"}
        result = subprocess.run(cmd, cwd=self.project, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            sys.exit(f"benchmark: {' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def build(self) -> None:
        from copier import run_copy

        run_copy(
            str(ROOT),
            self.project,
            data={"demo": "fastapi-catalog"},
            defaults=True,
            vcs_ref="HEAD",
            quiet=True,
            overwrite=True,
        )
        # The project's own `make install`: the locked versions (uv from this repo's .venv).
        path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
        self.run(["make", "install"], env={**os.environ, "PATH": path})

    def measure(self, variant: str, count: int) -> tuple[int, float]:
        """(rows the variant says it wrote, seconds), once the database holds exactly those rows."""
        if variant == "seed":
            out = self.run([str(self.python), "seed.py", "--count", str(count), "--seed", "1", "--reset"])
            match = re.search(r"(\d+) rows in ([\d.]+)s", out)
            rows, seconds = int(match.group(1)), float(match.group(2))
        else:
            out = self.run([str(self.python), str(VARIANTS), variant, str(count)])
            found = out.split("RESULT ")[1].split()
            rows, seconds = int(found[0]), float(found[1])
        counted = self.counted()
        if counted != rows:
            sys.exit(f"benchmark: {variant} says {rows} rows, the database holds {counted}")
        return rows, seconds

    def counted(self) -> int:
        """SELECT COUNT(*) of the catalog's tables (every variant starts from empty tables)."""
        return int(self.run([str(self.python), str(VARIANTS), "count", "0"]).split("COUNT ")[1])

    def drop(self) -> None:
        self.run([str(self.python), str(VARIANTS), "drop", "0"])


@contextmanager
def background_load(cores: int):
    """One busy Python process per core for as long as the block runs (ended by their pids)."""
    burners = [subprocess.Popen([sys.executable, "-c", BURNER]) for _ in range(cores)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def rounds(bench: Bench, condition: str, count: int, runs: int, warmup: int) -> dict[str, float]:
    """Median rows/s of each variant over `runs` rounds, after `warmup` rounds."""
    rates: dict[str, list[float]] = {v: [] for v in ORDER}
    for i in range(warmup + runs):
        for variant in ORDER[i % 3 :] + ORDER[: i % 3]:
            rows, seconds = bench.measure(variant, count)
            label = "warm-up" if i < warmup else f"run {i + 1 - warmup}"
            if i >= warmup:  # the first round warms the server (JIT, caches) for every variant alike
                rates[variant].append(rows / seconds)
            rate = f"{rows / seconds:8,.0f} rows/s"
            print(
                f"{condition:<6} {label:<7} {variant:<4} {rows} rows in {seconds:6.2f}s = {rate}"
                f" ({rows} counted in the database)",
                flush=True,
            )
    return {v: statistics.median(r) for v, r in rates.items()}


def report(count: int, runs: int, cores: int, medians: dict[str, dict[str, float]]) -> str:
    load = f"loaded = one busy process per core ({cores}) beside it"
    lines = [
        f"fastapi-catalog seed benchmark: {count} products with their reviews, median of {runs} runs",
        f"rows/s          quiet   loaded   ({load})",
    ]
    for v in ORDER:
        lines.append(f"  {v:<5}  {medians['quiet'][v]:>9,.0f} {medians['loaded'][v]:>8,.0f}")
    for other in ("raw", "loop"):
        ratios = [medians[c]["seed"] / medians[c][other] for c in ("quiet", "loaded")]
        targets = [TARGETS[(other, c)] for c in ("quiet", "loaded")]
        met = ["met" if r >= t else "NOT met" for r, t in zip(ratios, targets, strict=True)]
        lines.append(
            f"  seed / {other:<4} {ratios[0]:>7.2f}x {ratios[1]:>7.2f}x"
            f"   (target >= {targets[0]:g}x quiet: {met[0]}; >= {targets[1]:g}x loaded: {met[1]})"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "benchmark")
    parser.add_argument("--keyspace", default="bench_catalog")
    args = parser.parse_args()
    bench = Bench(args.out, args.keyspace)
    bench.build()
    cores = os.cpu_count() or 1
    medians: dict[str, dict[str, float]] = {}
    try:
        medians["quiet"] = rounds(bench, "quiet", args.count, args.runs, args.warmup)
        with background_load(cores):
            medians["loaded"] = rounds(bench, "loaded", args.count, args.runs, args.warmup)
    finally:
        bench.drop()
    text = report(args.count, args.runs, cores, medians)
    print(text)
    (args.out / "report.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
