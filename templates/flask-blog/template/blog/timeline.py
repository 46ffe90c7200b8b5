"""Latest posts across all authors (Q2): monthly partitions, read newest month first.

A page position is (month, paging state). A page starts in its month where the previous
one stopped (the driver's paging state), and when the month runs out before the page is
full it carries on in the next older month that has posts (TimelineMonth). Each read is
bounded: never an OFFSET, never a scan, never more rows than the page still needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from cassandra.util import datetime_from_uuid1

from .kit import paging
from .models import TimelineEntry, TimelineMonth

FEED = "all"  # TimelineMonth's only partition
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


class BadMonth(ValueError):
    """A ?month= that is not YYYY-MM."""


@dataclass
class TimelinePage:
    items: list[TimelineEntry]
    next_month: str | None  # None on the last page
    next_cursor: str | None  # where to resume inside next_month (None: from its newest post)


def month_of(post_id: UUID) -> str:
    """The timeline partition of a post: the UTC month of its timeuuid."""
    return datetime_from_uuid1(post_id).strftime("%Y-%m")


def newest_month() -> str | None:
    row = TimelineMonth.find(feed=FEED).first()
    return row.month if row else None


def month_before(month: str) -> str | None:
    row = TimelineMonth.find(feed=FEED, month__lt=month).first()
    return row.month if row else None


def latest(month: str | None, cursor: str | None, size: int) -> TimelinePage:
    """One page of the newest posts, starting at (month, cursor); (None, None) is the first page."""
    if month is None:
        if cursor:
            raise paging.BadCursor("a timeline cursor needs its ?month=")
        month = newest_month()
    elif not _MONTH.match(month):
        raise BadMonth(f"month must look like 2026-05, got {month[:20]!r}")
    items: list[TimelineEntry] = []
    while month is not None and len(items) < size:
        page = paging.fetch_page_sync(TimelineEntry.find(month=month), size - len(items), cursor)
        items += page.items
        if page.cursor:  # the server sent a paging state: this month may hold more
            return TimelinePage(items, month, page.cursor)
        month, cursor = month_before(month), None
    return TimelinePage(items, month, None)
