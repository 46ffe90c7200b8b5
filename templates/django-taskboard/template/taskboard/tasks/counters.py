"""Per-board, per-status counters (Q3): one counter batch per change, one partition read per page."""

from __future__ import annotations

from uuid import UUID

from coodie.cql_builder import build_counter_update
from coodie.sync import BatchQuery
from django.conf import settings

from ..models import BoardStatusCounter
from .models import Status

# {status: {"tasks": delta, "entered": delta}}
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


def apply(board_id: UUID, deltas: Deltas) -> None:
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


def for_board(board_id: UUID) -> dict[str, BoardStatusCounter]:
    """Q3: every status of the board, zeros included.

    A counter row exists once one of its counters is touched, and a counter never touched
    reads back as null: apply() skips deltas that net to zero (a task created and moved on
    in one seeded batch leaves `tasks` unwritten), so a row may hold `entered` and no `tasks`.
    Null is read as 0 here, for every page that shows a counter."""
    rows = {row.status: row for row in BoardStatusCounter.find(board_id=board_id).all()}
    return {status: _with_zeros(board_id, status, rows.get(status)) for status in Status.values}


def _with_zeros(board_id: UUID, status: str, row: BoardStatusCounter | None) -> BoardStatusCounter:
    if row is None:
        return BoardStatusCounter(board_id=board_id, status=status)
    tasks, entered = row.tasks or 0, row.entered or 0
    return BoardStatusCounter(board_id=board_id, status=status, tasks=tasks, entered=entered)
