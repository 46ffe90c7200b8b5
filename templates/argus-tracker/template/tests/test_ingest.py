"""`python -m tracker ingest`: a run's events from JSON Lines, batches of one partition each."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from tracker import queries
from tracker.kit.testing import PROJECT, seed_env
from tracker.models import Test

EVENTS = PROJECT / "examples" / "events" / "run-events.jsonl"


def ingest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tracker", "ingest", *args],
        cwd=PROJECT,
        env=seed_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def run(session):
    test = Test(release="ingest", name=f"t-{uuid4().hex[:6]}", test_id=uuid4(), kind="cluster")
    queries.save_test(test)
    run = queries.new_run(test, datetime(2026, 1, 5, 2, tzinfo=UTC))
    queries.record_run(run, test)
    return run


def test_ingest_writes_every_event_once_in_one_partition_batches(run, cql):
    result = ingest(str(run.run_id), str(EVENTS), "--batch-size", "4")
    assert result.returncode == 0, result.stderr
    # 24 lines: NORMAL 12, ERROR 6, WARNING 3, CRITICAL 3: batches of at most 4, one partition each
    # (3 + 2 + 1 + 1)
    assert "24 events" in result.stdout and "in 7 batches (4 partitions" in result.stdout, result.stdout
    again = ingest(str(run.run_id), str(EVENTS))  # a second run rewrites the same ids
    assert again.returncode == 0, again.stderr
    rows = cql(
        f"SELECT severity FROM {{ks}}.run_events WHERE run_id = {run.run_id}"
        " AND severity IN ('CRITICAL', 'ERROR', 'WARNING', 'NORMAL')"
    )
    counts = {s: sum(1 for r in rows if r.severity == s) for s in queries.SEVERITIES}
    assert counts == {"CRITICAL": 3, "ERROR": 6, "WARNING": 3, "NORMAL": 12}
    latest = queries.latest_events(run.run_id, per_severity=2)
    assert [e.message for e in latest["ERROR"]] == [
        "event 23: error on db-node-5",
        "event 20: error on db-node-2",
    ]


def test_a_bad_file_is_refused_by_line_and_nothing_is_written(run, cql):
    result = ingest(str(run.run_id), str(PROJECT / "examples" / "events" / "bad.jsonl"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "bad.jsonl:2:" in result.stderr and "bad.jsonl:3:" in result.stderr, result.stderr
    assert "bad.jsonl:1:" not in result.stderr and "bad.jsonl:4:" not in result.stderr
    assert cql(f"SELECT * FROM {{ks}}.run_events WHERE run_id = {run.run_id} AND severity = 'NORMAL'") == []


def test_an_unknown_run_is_refused(session):
    result = ingest(str(uuid4()), str(EVENTS))
    assert result.returncode == 2 and result.stderr.startswith("error: no run "), result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_uuid_is_a_usage_error(session):
    result = ingest("not-a-run", str(EVENTS))
    assert result.returncode == 2 and "Traceback" not in result.stderr
