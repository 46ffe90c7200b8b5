"""The task event log: append one event per change; read a board's activity newest first.

A board's events are partitioned by month, (board_id, month), and an index partition lists
the months that have events (Q1). A page reads the newest month (Q2) and, when that month
runs out, carries on into the board's previous active month, skipping idle ones. The page
link holds the month and the driver's paging state, signed together, so reading page N+1 is
one bounded read however deep the reader has gone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from cassandra.util import uuid_from_time
from coodie.sync import BatchQuery

from ..kit import paging
from ..kit.paging import BadCursor
from ..models import TaskEvent, TaskEventMonth

PAGE_SIZE = 20
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def month_of(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def new_event(
    board_id: UUID,
    task_id: UUID,
    task_title: str,
    actor: str,
    to_status: str,
    from_status: str | None = None,
    at: datetime | None = None,
) -> TaskEvent:
    """An event keyed by its own time: the month bucket and the timeuuid come from one instant."""
    at = at or datetime.now(UTC)
    return TaskEvent(
        board_id=board_id,
        month=month_of(at),
        event_id=uuid_from_time(at),  # random clock sequence and node: unique even within a millisecond
        task_id=task_id,
        task_title=task_title,
        actor=actor,
        kind="created" if from_status is None else "moved",
        from_status=from_status,
        to_status=to_status,
    )


def append(event: TaskEvent) -> None:
    """The month first, then the event: an event is never in a month the index does not list.
    (Writing the same month again is an idempotent upsert of one tiny row.)"""
    TaskEventMonth(board_id=event.board_id, month=event.month).save()
    event.save()


def append_all(events: Iterable[TaskEvent]) -> None:
    """Many events of one board at once (the seed): one unlogged batch per partition."""
    partitions: dict[str, list[TaskEvent]] = {}
    for event in events:
        partitions.setdefault(event.month, []).append(event)
    if not partitions:
        return
    board_id = next(iter(partitions.values()))[0].board_id
    with BatchQuery(logged=False) as batch:  # the index partition first
        for month in partitions:
            TaskEventMonth(board_id=board_id, month=month).save(batch=batch)
    for group in partitions.values():
        with BatchQuery(logged=False) as batch:
            for event in group:
                event.save(batch=batch)


def active_months(board_id: UUID) -> list[str]:
    """Q1: newest first, from the clustering order."""
    return [row.month for row in TaskEventMonth.find(board_id=board_id).all()]


@dataclass
class FeedPage:
    events: list[TaskEvent]
    cursor: str | None  # the next (older) page, None after the board's first event
    months: int  # event partitions read for this page


def page(board_id: UUID, cursor: str | None = None, size: int = PAGE_SIZE) -> FeedPage:
    """Up to `size` events, newest first, across as many month partitions as needed (Q1, Q2).

    Each active month holds at least one event, so a page reads at most `size` partitions.
    """
    start, state = _decode(cursor) if cursor else (None, None)
    months = active_months(board_id)
    if start is not None:
        if start not in months:
            raise BadCursor(f"the board has no events in {start}")
        months = months[months.index(start) :]
    events: list[TaskEvent] = []
    for read, month in enumerate(months, start=1):
        query = TaskEvent.find(board_id=board_id, month=month)
        found = paging.fetch_page_sync(query, size - len(events), paging.encode(state))
        events += found.items
        state = None
        if found.cursor:  # the server sent a paging state: this month may hold more
            return FeedPage(events, _encode(month, paging.decode(found.cursor)), read)
        if len(events) >= size and read < len(months):
            return FeedPage(events, _encode(months[read], None), read)
    return FeedPage(events, None, len(months))


def _encode(month: str, state: bytes | None) -> str:
    # The month is signed with the paging state: a state is only valid for its own partition.
    return paging.encode(month.encode() + b"|" + (state or b""))


def _decode(cursor: str) -> tuple[str, bytes | None]:
    month, _, state = paging.decode(cursor).partition(b"|")
    text = month.decode("ascii", "replace")
    if not _MONTH.fullmatch(text):
        raise BadCursor(f"not a page cursor of this app: {cursor[:40]!r}")
    return text, state or None
