"""seed.py, beyond the shared contract (test_seed_contract.py): the SQL side agrees with Cassandra.

The seed runs as a subprocess, as a user runs it: SQLite rows land in the test session's own
file (conftest.py), Cassandra rows in the test keyspace.
"""

import os
import sqlite3

import pytest

from taskboard.seeding import DEMO_USER

SQLITE = os.environ["TASKBOARD_SQLITE_PATH"]


def sql(query: str) -> list[tuple]:
    with sqlite3.connect(SQLITE) as db:
        return db.execute(query).fetchall()


def claimed(output: str) -> dict[str, int]:
    """Every row of the seed's closing summary, SQLite's included."""
    counts = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.replace("│", "|").split("|") if c.strip()]
        if len(cells) == 2 and cells[1].isdigit() and cells[0] != "total":
            counts[cells[0]] = int(cells[1])
    return counts


def assert_both_sides_agree(session, settings, claims: dict[str, int]) -> None:
    """SQLite, the event log and the counters tell the same story, and the summary tells it right."""
    ks = settings.keyspace
    events = session.execute(f"SELECT COUNT(*) FROM {ks}.task_events", timeout=60).one()[0]
    assert claims["sqlite tasks"] == sql("SELECT COUNT(*) FROM tasks_task")[0][0]
    counters = list(session.execute(f"SELECT * FROM {ks}.board_status_counters"))
    per_status = {(row.board_id.hex, row.status): row.tasks for row in counters if row.tasks}
    in_sql = sql("SELECT board_id, status, COUNT(*) FROM tasks_task GROUP BY 1, 2")
    assert per_status == {
        (board, status): n for board, status, n in in_sql
    }  # tasks now, per board and status
    assert sum(row.entered for row in counters) == events  # every event entered a status once


def test_sqlite_the_event_log_and_the_counters_agree(run_seed, session, settings):
    result = run_seed("--count", "50", "--seed", "7", "--reset")
    assert result.returncode == 0, result.stderr
    claims = claimed(result.stdout)
    assert claims["sqlite tasks"] == 50 and claims["task_events"] >= 50
    assert_both_sides_agree(session, settings, claims)
    # The demo login: made by the seed outside production only.
    assert sql(f"SELECT is_superuser FROM auth_user WHERE username = '{DEMO_USER}'") == [(1,)]


FEEDS = [("examples/tasks.csv", 8, 17), ("examples/tasks.json", 4, 9)]


@pytest.mark.parametrize("feed, tasks, events", FEEDS)
def test_example_feeds_on_both_sides(run_seed, session, settings, feed, tasks, events):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    claims = claimed(result.stdout)
    assert (claims["sqlite tasks"], claims["task_events"]) == (tasks, events)
    assert_both_sides_agree(session, settings, claims)


@pytest.mark.parametrize("feed", ["examples/bad/tasks.csv", "examples/bad/truncated.json"])
def test_bad_feed_leaves_sqlite_alone_too(run_seed, feed):
    assert run_seed("--count", "5", "--reset").returncode == 0
    before = sql("SELECT id, status FROM tasks_task ORDER BY id")
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 2
    assert sql("SELECT id, status FROM tasks_task ORDER BY id") == before  # not even --reset ran
