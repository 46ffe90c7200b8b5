"""A counter never written reads back as null: every page that shows counters reads it as 0.

A counter row exists once any of its counters is touched. `make seed` writes one counter
batch per task with the deltas of its whole history, and skips a delta that nets to zero
(a task created in To do and moved on leaves To do's `tasks` unwritten), so a row may hold
`entered` and a null `tasks`. The rows here are written with raw CQL, one counter each.
"""

import re

import pytest

from taskboard.models import BoardStatusCounter

ONE_COUNTER_ROWS = {"todo": "entered", "doing": "tasks"}  # status: the only counter it has


@pytest.fixture
def half_written(board, session, settings):
    table = f"{settings.keyspace}.{BoardStatusCounter.table_name()}"
    for status, column in ONE_COUNTER_ROWS.items():
        session.execute(
            f'UPDATE {table} SET "{column}" = "{column}" + 2 WHERE "board_id" = %s AND "status" = %s',
            [board.id, status],
        )
    rows = {r.status: (r.tasks, r.entered) for r in BoardStatusCounter.find(board_id=board.id).all()}
    assert rows == {"todo": (None, 2), "doing": (2, None)}  # what the pages must cope with
    return board


def test_the_board_shows_a_null_counter_as_0(logged_in, half_written):
    response = logged_in.get(f"/boards/{half_written.slug}/")
    assert response.status_code == 200, response.text
    badges = response.text.split('title="Cassandra counter (SQLite rows: 0)">')[1:]
    assert [badge.split("<", 1)[0] for badge in badges] == ["0", "2", "0", "0"]


CELL = r'<td class="num">(.*?)</td>'
STAT_ROW = re.compile(rf'id="stat-(\w+)">.*?{CELL}{CELL}\s*{CELL}')


def test_the_statistics_page_adds_a_null_counter_as_0(logged_in, half_written):
    response = logged_in.get(f"/boards/{half_written.slug}/stats/")
    assert response.status_code == 200, response.text
    # status: (tasks now by the counter, in SQLite, ever entered by the counter)
    assert {m[0]: m[1:] for m in STAT_ROW.findall(response.text)} == {
        "todo": ("0", "0", "2"),
        "doing": ("2", "0", "0"),
        "review": ("0", "0", "0"),
        "done": ("0", "0", "0"),
    }
