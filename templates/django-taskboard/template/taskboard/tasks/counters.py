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
    """Q3: every status of the board, zeros included (a counter row exists once touched)."""
    rows = {row.status: row for row in BoardStatusCounter.find(board_id=board_id).all()}
    return {
        status: rows.get(status) or BoardStatusCounter(board_id=board_id, status=status)
        for status in Status.values
    }
