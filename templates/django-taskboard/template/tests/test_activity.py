"""The activity feed: newest first across month partitions, a page at a time, never OFFSET."""

import re
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from taskboard import queries
from taskboard.kit import paging
from taskboard.kit.buckets import MONTH


@pytest.fixture
def history(board):
    """45 events spread over about 70 days (three or four month partitions), oldest first."""
    now = datetime.now(UTC)
    times = [now - timedelta(days=70) + timedelta(days=70 * i / 45) for i in range(45)]
    events = [
        queries.new_event(board.id, uuid4(), f"E{i:02d}", "ada", "doing", "todo", at=at)
        for i, at in enumerate(times)
    ]
    queries.append_events(events)
    return events


def titles(page) -> list[str]:
    return [e.task_title for e in page.items]


def test_pages_walk_every_event_once_newest_first_across_months(board, history):
    expected = [e.task_title for e in reversed(history)]
    seen, cursor, pages, months = [], None, 0, 0
    while True:
        page = queries.activity(board.id, cursor, size=7)
        seen += titles(page)
        pages, months = pages + 1, months + page.buckets_read
        cursor = page.cursor
        if not cursor:
            break
    assert seen == expected  # no duplicates, no gaps, strictly newest first
    assert pages == 7  # 45 events, 7 a page
    assert months >= 3  # the walk crossed month partitions
    assert len(queries.active_months(board.id)) == len({e.month for e in history})


def test_activity_page_and_htmx_older_events(logged_in, board, history):
    first = logged_in.get(f"/boards/{board.slug}/activity/")
    assert first.status_code == 200
    shown = re.findall(r"“(E\d\d)”", first.text)
    assert shown == [f"E{i:02d}" for i in range(44, 24, -1)]  # the newest 20
    assert "partition (" in first.text and 'id="cql-panel"' in first.text

    link = re.search(r'id="older-link" href="([^"]+)"', first.text).group(1).replace("&amp;", "&")
    older = logged_in.get(link, headers={"HX-Request": "true"})
    assert older.status_code == 200
    assert "<html" not in older.text and 'hx-swap-oob="true"' in older.text
    assert re.findall(r"“(E\d\d)”", older.text) == [f"E{i:02d}" for i in range(24, 4, -1)]


def test_bad_cursors_are_400(logged_in, board, history):
    assert logged_in.get(f"/boards/{board.slug}/activity/?cursor=%%%").status_code == 400
    forged = paging.encode(b"2019-01|")  # signed, but the board has no events that month
    assert logged_in.get(f"/boards/{board.slug}/activity/", {"cursor": forged}).status_code == 400
    not_a_month = paging.encode(b"2026-13|")
    assert logged_in.get(f"/boards/{board.slug}/activity/", {"cursor": not_a_month}).status_code == 400
    # The app still answers: no forged paging state ever reached the driver.
    assert logged_in.get(f"/boards/{board.slug}/activity/").status_code == 200


def test_idle_months_are_skipped(board):
    long_ago = datetime.now(UTC) - timedelta(days=3 * 365)
    old = [
        queries.new_event(board.id, uuid4(), f"Old {i}", "ada", "todo", at=long_ago + timedelta(seconds=i))
        for i in range(3)
    ]
    queries.append_events(old)
    page = queries.activity(board.id)
    assert [e.task_title for e in page.items] == ["Old 2", "Old 1", "Old 0"]
    assert page.buckets_read == 1 and page.cursor is None  # three idle years cost no read
    assert queries.active_months(board.id) == [MONTH.of(long_ago)]
