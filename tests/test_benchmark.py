"""`make benchmark` runs end to end: every variant, quiet and under its background load, writes
the rows it claims (counted in the database), and the report carries the issue's targets; then
timeseries-iot's bulk ingest is measured against one insert at a time.

A tiny count and one run: this proves the machinery, never the speed (no timing is asserted;
the ratios belong to the benchmark's own report).
"""

from __future__ import annotations

import os
import re
import sys
import uuid

import pytest
from cassandra.cluster import Cluster
from harness import ROOT, run

COUNT = 50
READINGS = 200
PORT = int(os.environ.get("SCYLLA_PORT", "9042"))


@pytest.mark.demos("fastapi-catalog", "timeseries-iot")
def test_benchmark_runs_every_variant_and_counts_their_rows(tmp_path):
    keyspace = f"bench_test_{uuid.uuid4().hex[:6]}"
    result = run(
        [
            sys.executable,
            str(ROOT / "tools" / "benchmark_seed.py"),
            *("--count", str(COUNT), "--runs", "1", "--warmup", "0"),
            *("--out", str(tmp_path), "--keyspace", keyspace, "--readings", str(READINGS)),
        ],
        ROOT,
        env={"PYTHONWARNINGS": "ignore"},
    )
    measured = re.findall(
        r"^(quiet|loaded) +run 1 +(seed|raw|loop) +(\d+) rows in .*\((\d+) counted in the database\)$",
        result.stdout,
        re.MULTILINE,
    )
    assert sorted((c, v) for c, v, _, _ in measured) == sorted(
        (c, v) for c in ("quiet", "loaded") for v in ("seed", "raw", "loop")
    ), result.stdout
    for condition, variant, claimed, counted in measured:
        assert claimed == counted, f"{condition} {variant}: claims {claimed}, the database holds {counted}"
    # The same data for everyone: 50 products and their reviews, the same number of rows each time.
    assert len({claimed for _, _, claimed, _ in measured}) == 1, measured
    assert int(measured[0][2]) > COUNT  # products and their reviews

    report = (tmp_path / "report.txt").read_text()
    assert report in result.stdout
    assert re.search(r"seed / raw .*\(target >= 3x quiet: (NOT )?met; >= 3x loaded: (NOT )?met\)", report)
    assert re.search(r"seed / loop .*\(target >= 15x quiet: (NOT )?met; >= 8x loaded: (NOT )?met\)", report)
    # Where the time goes: each variant's CPU and the local database's (make test started it
    # here, so its process is known), per 1,000 rows, and the share of the machine kept busy.
    costs = re.findall(r"^  (seed|raw|loop) +(\d+\.\d\d) +(\d+\.\d\d) +(\d+)%$", report, re.MULTILINE)
    assert sorted(v for v, *_ in costs) == sorted(("seed", "raw", "loop")), report
    for variant, client, server, busy in costs:
        # A share of the machine: at most 100%, give or take the 10 ms ticks CPU time is counted in.
        assert float(client) > 0 and float(server) > 0 and 0 < int(busy) <= 102, (variant, report)
    # Both ways of ingesting wrote what they were given, and the ratio is judged against 3x.
    ingest = re.search(
        r"^timeseries-iot ingest, quiet: "
        r"one awaited insert at a time: [\d,]+ readings/s \(([\d,]+) readings\); "
        r"bulk, per-partition batches: [\d,]+ readings/s \(([\d,]+) readings\); [\d.]+x"
        r"   \(target >= 3x: (NOT )?met\)$",
        report,
        re.MULTILINE,
    )
    assert ingest, report
    assert (ingest[1], ingest[2]) == (str(READINGS), str(READINGS)), ingest[0]
    # The benchmark drops its keyspaces when it is done.
    cluster = Cluster([os.environ.get("SCYLLA_HOSTS", "127.0.0.1").split(",")[0]], port=PORT)
    try:
        cluster.connect()
        assert keyspace not in cluster.metadata.keyspaces
        assert f"{keyspace}_ts" not in cluster.metadata.keyspaces
    finally:
        cluster.shutdown()
