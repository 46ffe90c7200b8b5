"""Every Cassandra read and write of the task board, one small function each.

The tables are in models.py, with the query each one answers. The Django app (tasks/) keeps
the SQL side, where Django users look for it: its views, admin and writes.py use the ORM
for boards and tasks, and call these functions for the event log and the counters.

  the event log   new_event, record_created, record_move (Q1 + Q2 writes),
                  append_events (many at once: the seed), active_months (Q1), activity (Q1, Q2)
  the counters    created, moved, combine (what a change adds), add_counts (Q3 write),
                  board_counts (Q3)

Every read names its partition: no ALLOW FILTERING, no table scan, no secondary index.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from uuid import UUID

from cassandra.util import uuid_from_time
from coodie.cql_builder import build_counter_update
from coodie.sync import BatchQuery
from django.conf import settings

from .kit.buckets import MONTH, BucketPage, newest_first_sync
from .models import BoardStatusCounter, TaskEvent, TaskEventMonth
from .tasks.models import Status

ACTIVITY_PAGE_SIZE = 20

# ---------------------------------------------------------------- the event log (Q1, Q2)


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
        month=MONTH.of(at),
        event_id=uuid_from_time(at),  # random clock sequence and node: unique even within a millisecond
        task_id=task_id,
        task_title=task_title,
        actor=actor,
        kind="created" if from_status is None else "moved",
        from_status=from_status,
        to_status=to_status,
    )


def append_event(event: TaskEvent) -> None:
    """The month first, then the event: an event is never in a month the index does not list.
    (Writing the same month again is an idempotent upsert of one tiny row.)"""
    TaskEventMonth(board_id=event.board_id, month=event.month).save()
    event.save()


def append_events(events: Iterable[TaskEvent]) -> None:
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


def activity(board_id: UUID, cursor: str | None = None, size: int = ACTIVITY_PAGE_SIZE) -> BucketPage:
    """Up to `size` events, newest first, across as many month partitions as needed (Q1, Q2).

    The months are read once (Q1, one small partition); the page reads the cursor's month from
    where the last page stopped, then older months (Q2) until it is full (kit/buckets.py).
    Raises BadCursor for a link we did not make, or for a month the board has no events in.
    """

    def months_from(start: str | None) -> list[str]:
        listed = active_months(board_id)
        return listed if start is None else [month for month in listed if month <= start]

    def events_in(month: str):
        return TaskEvent.find(board_id=board_id, month=month)

    return newest_first_sync(events_in, months_from, MONTH, size, cursor)


# ---------------------------------------------------------------- the counters (Q3)
# What a change adds to the board's counters: {status: {"tasks": delta, "entered": delta}}
Deltas = dict[str, dict[str, int]]


def created(status: str) -> Deltas:
    return {status: {"tasks": 1, "entered": 1}}


def moved(from_status: str, to_status: str) -> Deltas:
    return {from_status: {"tasks": -1}, to_status: {"tasks": 1, "entered": 1}}


def combine(*changes: Deltas) -> Deltas:
    """Sum several changes of one board, to write them in one batch (the seed does)."""
    total: Deltas = {}
    for change in changes:
        for status, columns in change.items():
            row = total.setdefault(status, {})
            for column, delta in columns.items():
                row[column] = row.get(column, 0) + delta
    return total


def add_counts(board_id: UUID, deltas: Deltas) -> None:
    """Every row of the change in one COUNTER batch.

    CounterDocument.increment() sends one UPDATE per row and cannot join a batch, so the
    batch is built from coodie's own counter UPDATE builder. All rows share the board's
    partition: the batch goes to one replica set, and its updates apply together.
    """
    table, keyspace = BoardStatusCounter.table_name(), settings.CASSANDRA.keyspace
    with BatchQuery(batch_type="COUNTER") as batch:
        for status, columns in deltas.items():
            nonzero = {column: delta for column, delta in columns.items() if delta}
            if nonzero:
                where = [("board_id", "=", board_id), ("status", "=", status)]
                batch.add(*build_counter_update(table, keyspace, nonzero, where))


def board_counts(board_id: UUID) -> dict[str, BoardStatusCounter]:
    """Q3: every status of the board, zeros included (a counter row exists once touched)."""
    rows = {row.status: row for row in BoardStatusCounter.find(board_id=board_id).all()}
    return {
        status: rows.get(status) or BoardStatusCounter(board_id=board_id, status=status)
        for status in Status.values
    }


# ---------------------------------------------------------------- a task's two writes, Cassandra half
def record_created(board_id: UUID, task_id: UUID, title: str, actor: str, status: str) -> None:
    """A new task: its "created" event (Q1, Q2) and the counters of its status (Q3)."""
    append_event(new_event(board_id, task_id, title, actor, status))
    add_counts(board_id, created(status))


def record_move(
    board_id: UUID, task_id: UUID, title: str, actor: str, from_status: str, to_status: str
) -> None:
    """A move: one "moved" event (Q1, Q2), and -1/+1 on the two statuses' counters (Q3)."""
    append_event(new_event(board_id, task_id, title, actor, to_status, from_status=from_status))
    add_counts(board_id, moved(from_status, to_status))
