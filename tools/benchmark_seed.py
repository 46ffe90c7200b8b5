#!/usr/bin/env python3
"""How fast does the catalog's seed write, next to the obvious alternatives? (`make benchmark`)
And how much faster does timeseries-iot's bulk ingest go than one awaited insert at a time?

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

It also says where the time goes: the CPU each variant's process used and the CPU the local
database used meanwhile (read from its process when `make db` started it here), per 1,000 rows,
and how busy that kept the machine. A variant that keeps every core busy is bound by the CPU of
the machine: more processes or more requests in flight cannot make it faster there, only less
work per row on either side can.

Then it renders timeseries-iot beside it and runs its simulator's bulk mode once, quiet
(`python -m telemetry.simulate --bulk N`): the same fake readings written one awaited INSERT at a
time (500 of them) and as per-partition batches, in one run; the issue's target is 3x.

    tools/benchmark_seed.py [--count 2000] [--runs 3] [--warmup 1] [--out DIR] [--keyspace KS]
                            [--readings 20000]
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ROOT / "tools" / "benchmark_variants.py"  # runs inside the project's venv
ORDER = ["seed", "raw", "loop"]
# The targets: what the seed should reach against each alternative, per condition.
TARGETS = {("raw", "quiet"): 3.0, ("raw", "loaded"): 3.0, ("loop", "quiet"): 15.0, ("loop", "loaded"): 8.0}
INGEST_TARGET = 3.0  # timeseries-iot: bulk readings/s over one awaited insert at a time
BURNER = "while True: pass"  # one per core: the fixed background load
TICKS = os.sysconf("SC_CLK_TCK")  # /proc/<pid>/stat counts CPU time in these


SAMPLE_S = 0.02  # how often the CPU of the variant's process and the database's is read


@dataclass
class Cost:
    """What writing took: its wall time, and the CPU the variant and the database spent in it."""

    wall: float
    client: float  # CPU seconds of the variant's process while it wrote
    server: float | None  # CPU seconds of the local database meanwhile; None: not measurable here

    def busy(self, cores: int) -> float | None:
        """The share of the machine's cores both kept busy (1.0: every core, all the time)."""
        return None if self.server is None else (self.client + self.server) / (self.wall * cores)


def server_pids(host: str) -> list[int]:
    """The live processes of the local database `make db` started for `host` (tools/db.sh keeps
    a cassandra.pid per node); none when the database runs elsewhere (Docker, a cluster)."""
    pids = []
    for pidfile in (ROOT / ".cassandra").glob(f"nodes*-{host}/node*/cassandra.pid"):
        pid = int(pidfile.read_text().strip() or 0)
        if pid and Path(f"/proc/{pid}/stat").exists():
            pids.append(pid)
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU of these processes so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICKS


class CpuClock:
    """The CPU seconds of some processes, read every SAMPLE_S: what they spent inside any span
    of that time can be read back afterwards (`spent`)."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.samples: list[tuple[float, float]] = []  # (perf_counter, CPU seconds)

    def sample(self) -> None:
        now = time.perf_counter()
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # the process has ended
            self.samples.append((now, cpu_seconds(self.pids)))

    def at(self, moment: float) -> float:
        """CPU seconds at `moment`, interpolated between the samples around it."""
        times = [t for t, _ in self.samples]
        i = bisect.bisect_left(times, moment)
        if i == 0:
            return self.samples[0][1]
        if i == len(self.samples):
            return self.samples[-1][1]
        (t0, c0), (t1, c1) = self.samples[i - 1], self.samples[i]
        return c0 + (c1 - c0) * (moment - t0) / (t1 - t0)

    def spent(self, begin: float, end: float) -> float:
        return self.at(end) - self.at(begin)


class Bench:
    def __init__(self, out: Path, keyspace: str, demo: str = "fastapi-catalog"):
        self.out, self.keyspace, self.demo = out, keyspace, demo
        self.project = out / demo
        self.python = self.project / ".venv" / "bin" / "python"
        self.server = server_pids(os.environ.get("SCYLLA_HOSTS", "127.0.0.1").split(",")[0])

    def run(self, cmd: list[str], env: dict | None = None) -> str:
        return self.timed(cmd, env)[0]

    def timed(
        self, cmd: list[str], env: dict | None = None
    ) -> tuple[str, list[tuple[float, str]], CpuClock, CpuClock | None]:
        """Run a command: its output, each output line with the moment it came, and the CPU
        clocks of its process and of the database while it ran."""
        env = {**(env or os.environ), "SCYLLA_KEYSPACE": self.keyspace, "NO_COLOR": "1", "COLUMNS": "120"}
        env["PYTHONUNBUFFERED"] = "1"  # each line when it is printed: its moment is when it happened
        lines: list[tuple[float, str]] = []
        with tempfile.TemporaryFile("w+") as errors:
            process = subprocess.Popen(
                cmd, cwd=self.project, stdout=subprocess.PIPE, stderr=errors, text=True, env=env
            )
            client, server = CpuClock([process.pid]), CpuClock(self.server) if self.server else None
            reader = threading.Thread(target=lambda: lines.extend(_stamped(process.stdout)), daemon=True)
            reader.start()
            while process.poll() is None:
                client.sample()
                if server is not None:
                    server.sample()
                time.sleep(SAMPLE_S)
            reader.join()
            errors.seek(0)
            stderr = errors.read()
        out = "".join(line for _, line in lines)
        if process.returncode != 0:
            sys.exit(f"benchmark: {' '.join(cmd)} failed:\n{out}\n{stderr}")
        return out, lines, client, server

    def build(self) -> None:
        from copier import run_copy

        run_copy(
            str(ROOT),
            self.project,
            data={"demo": self.demo},
            defaults=True,
            vcs_ref="HEAD",
            quiet=True,
            overwrite=True,
        )
        # The project's own `make install`: the locked versions (uv from this repo's .venv).
        path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
        self.run(["make", "install"], env={**os.environ, "PATH": path})

    def measure(self, variant: str, count: int) -> tuple[int, float, Cost]:
        """(rows the variant says it wrote, seconds, what writing cost), once the database
        holds exactly those rows. The seconds are the variant's own figure (the variants count
        making the fake rows in, as the seed makes them while it writes); the cost covers the
        writing itself: the span that ends when the variant prints its figure."""
        if variant == "seed":
            cmd = [str(self.python), "seed.py", "--count", str(count), "--seed", "1", "--reset"]
            pattern = r"(\d+) rows in ([\d.]+)s"
        else:
            cmd = [str(self.python), str(VARIANTS), variant, str(count)]
            pattern = r"RESULT (\d+) [\d.]+ ([\d.]+)"  # rows, seconds, seconds spent writing
        out, lines, client, server = self.timed(cmd)
        ended, match = next((t, m) for t, line in lines if (m := re.search(pattern, line)))
        rows, writing = int(match[1]), float(match[2])
        seconds = writing if variant == "seed" else float(out.split("RESULT ")[1].split()[1])
        began = ended - writing
        cost = Cost(
            writing,
            client.spent(began, ended),
            None if server is None else server.spent(began, ended),
        )
        counted = self.counted()
        if counted != rows:
            sys.exit(f"benchmark: {variant} says {rows} rows, the database holds {counted}")
        return rows, seconds, cost

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


@dataclass
class Measured:
    """The medians of one variant in one condition."""

    rate: float  # rows/s
    client: float  # CPU seconds per 1,000 rows: the variant's process
    server: float | None  # the same for the database
    busy: float | None  # share of the machine kept busy


def rounds(
    bench: Bench, condition: str, count: int, runs: int, warmup: int, cores: int
) -> dict[str, Measured]:
    """Medians of each variant over `runs` rounds, after `warmup` rounds."""
    seen: dict[str, list[tuple[float, Cost, int]]] = {v: [] for v in ORDER}
    for i in range(warmup + runs):
        for variant in ORDER[i % 3 :] + ORDER[: i % 3]:
            rows, seconds, cost = bench.measure(variant, count)
            label = "warm-up" if i < warmup else f"run {i + 1 - warmup}"
            if i >= warmup:  # the first round warms the server (JIT, caches) for every variant alike
                seen[variant].append((rows / seconds, cost, rows))
            rate = f"{rows / seconds:8,.0f} rows/s"
            print(
                f"{condition:<6} {label:<7} {variant:<4} {rows} rows in {seconds:6.2f}s = {rate}"
                f" ({rows} counted in the database)",
                flush=True,
            )
    return {v: _medians(found, cores) for v, found in seen.items()}


def _stamped(stream) -> list[tuple[float, str]]:
    return [(time.perf_counter(), line) for line in stream]


def _medians(found: list[tuple[float, Cost, int]], cores: int) -> Measured:
    def median(values: list[float | None]) -> float | None:
        return None if None in values else statistics.median(values)

    return Measured(
        rate=statistics.median(rate for rate, _, _ in found),
        client=median([1000 * cost.client / rows for _, cost, rows in found]),
        server=median([None if c.server is None else 1000 * c.server / rows for _, c, rows in found]),
        busy=median([cost.busy(cores) for _, cost, _ in found]),
    )


def report(count: int, runs: int, cores: int, medians: dict[str, dict[str, Measured]]) -> str:
    load = f"loaded = one busy process per core ({cores}) beside it"
    lines = [
        f"fastapi-catalog seed benchmark: {count} products with their reviews, median of {runs} runs",
        f"rows/s          quiet   loaded   ({load})",
    ]
    for v in ORDER:
        lines.append(f"  {v:<5}  {medians['quiet'][v].rate:>9,.0f} {medians['loaded'][v].rate:>8,.0f}")
    for other in ("raw", "loop"):
        ratios = [medians[c]["seed"].rate / medians[c][other].rate for c in ("quiet", "loaded")]
        targets = [TARGETS[(other, c)] for c in ("quiet", "loaded")]
        met = ["met" if r >= t else "NOT met" for r, t in zip(ratios, targets, strict=True)]
        lines.append(
            f"  seed / {other:<4} {ratios[0]:>7.2f}x {ratios[1]:>7.2f}x"
            f"   (target >= {targets[0]:g}x quiet: {met[0]}; >= {targets[1]:g}x loaded: {met[1]})"
        )
    lines.append(f"where the time goes, quiet: while writing, on {cores} cores")
    lines.append("  CPU s per 1,000 rows   variant   database   machine busy")
    for v in ORDER:
        m = medians["quiet"][v]
        server = "n/a" if m.server is None else f"{m.server:.2f}"
        busy = "n/a (database not started here)" if m.busy is None else f"{m.busy:.0%}"
        lines.append(f"  {v:<5}  {m.client:>23.2f} {server:>10}   {busy:>12}")
    return "\n".join(lines)


def ingest(out: Path, keyspace: str, readings: int) -> str:
    """timeseries-iot's bulk ingest against one insert at a time, in one run: its report line."""
    bench = Bench(out, keyspace, demo="timeseries-iot")
    bench.build()
    try:
        simulate = [str(bench.python), "-m", "telemetry.simulate", "--bulk", str(readings), "--seed", "1"]
        out_text = bench.run(simulate)
    finally:
        drop_keyspace(keyspace)
    found = re.search(r"one awaited insert at a time: .*?([\d.]+)x", out_text)
    if found is None:
        sys.exit(f"benchmark: timeseries-iot's bulk mode printed no figures:\n{out_text}")
    ratio = float(found[1])
    met = "met" if ratio >= INGEST_TARGET else "NOT met"
    return f"timeseries-iot ingest, quiet: {found[0]}   (target >= {INGEST_TARGET:g}x: {met})"


def drop_keyspace(keyspace: str) -> None:
    from cassandra.cluster import Cluster

    host = os.environ.get("SCYLLA_HOSTS", "127.0.0.1").split(",")[0]
    cluster = Cluster([host], port=int(os.environ.get("SCYLLA_PORT", "9042")))
    try:
        cluster.connect().execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=120)
    finally:
        cluster.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "benchmark")
    parser.add_argument("--keyspace", default="bench_catalog")
    parser.add_argument("--readings", type=int, default=20_000, help="timeseries-iot's bulk readings")
    args = parser.parse_args()
    bench = Bench(args.out, args.keyspace)
    bench.build()
    cores = os.cpu_count() or 1
    medians: dict[str, dict[str, Measured]] = {}
    try:
        medians["quiet"] = rounds(bench, "quiet", args.count, args.runs, args.warmup, cores)
        with background_load(cores):
            medians["loaded"] = rounds(bench, "loaded", args.count, args.runs, args.warmup, cores)
    finally:
        bench.drop()
    text = report(args.count, args.runs, cores, medians)
    text += "\n" + ingest(args.out, f"{args.keyspace}_ts", args.readings)
    print(text)
    (args.out / "report.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
