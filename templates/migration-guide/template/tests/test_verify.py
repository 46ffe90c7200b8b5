"""`python -m migrationguide verify`: every CQL type of the tables compared, both ways, exit 0;
any difference listed, exit 1; its own batch rows gone afterwards."""

from __future__ import annotations

import subprocess
import sys

import pytest

from migrationguide import verifying
from migrationguide.kit.testing import PROJECT, seed_env
from migrationguide.models import COLUMNS

CQL_TYPES = {cql_type for columns in COLUMNS.values() for _, cql_type in columns}


@pytest.fixture(scope="module")
def seeded(session):
    """30 runs written through cqlengine, once for the module."""
    done = run([sys.executable, "seed.py", "--count", "30", "--reset"])
    assert done.returncode == 0, done.stderr
    return done


def run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=PROJECT, env=seed_env(), capture_output=True, text=True, timeout=300)


def verify() -> subprocess.CompletedProcess:
    """The command as a user runs it, in a process of its own."""
    return run([sys.executable, "-m", "migrationguide", "verify"])


def test_verify_compares_every_type_both_ways_and_agrees(seeded, count_rows):
    before = count_rows("test_runs")
    result = verify()
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for cql_type in CQL_TYPES:
        row = next(line for line in lines if line.startswith(cql_type + " "))
        assert int(row.split()[-1]) > 0, row  # values of that type were compared
    assert f"test_runs {before + 2 * verifying.BATCH_SIZE}" in result.stdout  # every row + both batches
    assert result.stdout.rstrip().endswith("cqlengine and coodie agree")
    assert count_rows("test_runs") == before  # its own rows are gone


def test_verify_lists_a_difference_and_exits_1(seeded, cql):
    cql("ALTER TABLE {ks}.test_runs ADD left_only text")  # a column only the table has
    try:
        result = verify()
    finally:
        cql("ALTER TABLE {ks}.test_runs DROP left_only")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "difference: test_runs.left_only: in the table, not in the coodie model" in result.stdout
    # (coodie logs its own "Schema drift detected" line before it)
    assert result.stderr.strip().splitlines()[-1] == "error: 1 difference(s) between cqlengine and coodie", (
        result.stderr
    )


def test_a_field_that_differs_is_named():
    report = verifying.Report()
    report.compare_rows(
        "run_counts",
        "probe",
        {("t",): {"test_id": "t", "passed": 1, "failed": 0}},
        {("t",): {"test_id": "t", "passed": 2, "failed": 0}},
    )
    assert report.problems == ["run_counts ('t',) passed: probe: 1 != 2"]
    report.compare_rows("run_counts", "probe", {("a",): {"test_id": "a"}}, {})
    assert report.problems[-1] == "run_counts ('a',): probe: read by one mapper only"
