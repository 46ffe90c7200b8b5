"""seed.py: fake traffic, both example feeds, and bad input rejected with nothing written.

For counters a "row" is a counter row: the summary counts the distinct rows a run touched,
which is what COUNT(*) finds after --reset (many hits land on the same row).
"""

import csv
import json
from pathlib import Path

import pytest

from analytics.kit.testing import PROJECT, seeded_counts
from analytics.seeding import SPEC

TABLES = SPEC.tables  # page_totals, page_views_by_day, referrer_views_by_day


def total(session, settings, table: str, column: str) -> int:
    return sum(row[0] or 0 for row in session.execute(f"SELECT {column} FROM {settings.keyspace}.{table}"))


def feed_rows(feed: str) -> list[dict]:
    path = Path(PROJECT, feed)
    if path.suffix == ".csv":
        return list(csv.DictReader(path.open()))
    return json.loads(path.read_text())


def test_count_writes_what_the_summary_claims(run_seed, count_rows):
    result = run_seed("--count", "50", "--seed", "7", "--reset")
    assert result.returncode == 0, result.stderr
    claimed = seeded_counts(result.stdout, TABLES)
    assert claimed == {table: count_rows(table) for table in TABLES}
    assert 0 < claimed["page_totals"] <= 50  # 50 hits, on fewer distinct pages
    assert "rows/s" in result.stdout


@pytest.mark.parametrize("feed", ["examples/hits.csv", "examples/hits.json"])
def test_example_feeds(run_seed, count_rows, session, settings, feed):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    assert seeded_counts(result.stdout, TABLES) == {table: count_rows(table) for table in TABLES}
    rows = feed_rows(feed)
    views = sum(int(r.get("views") or 0) for r in rows)
    likes = sum(int(r.get("likes") or 0) for r in rows)
    assert total(session, settings, "page_totals", "views") == views
    assert total(session, settings, "page_totals", "likes") == likes
    assert total(session, settings, "page_views_by_day", "views") == views
    assert total(session, settings, "referrer_views_by_day", "views") == views


def test_seeding_twice_doubles_the_counters_but_adds_no_rows(run_seed, count_rows, session, settings):
    """Counters are not idempotent: a re-run is not a no-op (use --reset)."""
    assert run_seed("--feed", "examples/hits.csv", "--reset").returncode == 0
    rows = {table: count_rows(table) for table in TABLES}
    views = total(session, settings, "page_totals", "views")
    again = run_seed("--feed", "examples/hits.csv")
    assert again.returncode == 0, again.stderr
    assert {table: count_rows(table) for table in TABLES} == rows
    assert total(session, settings, "page_totals", "views") == 2 * views


@pytest.mark.parametrize("feed", ["examples/bad/hits.csv", "examples/bad/truncated.json"])
def test_bad_feed_writes_nothing(run_seed, count_rows, session, settings, feed):
    before = run_seed("--feed", "examples/hits.json", "--reset")
    assert before.returncode == 0, before.stderr
    views = total(session, settings, "page_totals", "views")
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 2
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert total(session, settings, "page_totals", "views") == views  # not even --reset ran


def test_unreachable_database_is_one_line_and_exit_1(run_seed):
    result = run_seed("--count", "1", env={"SCYLLA_HOSTS": "127.0.0.1", "SCYLLA_PORT": "1"})
    assert result.returncode == 1
    assert "cannot reach the database at 127.0.0.1:1" in result.stderr
    assert "make db" in result.stderr and "Traceback" not in result.stderr
