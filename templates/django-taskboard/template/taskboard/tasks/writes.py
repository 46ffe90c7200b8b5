"""The board's two writes, each on both databases: create a task, move a task.

SQL holds where a task is now (the ORM, here); Cassandra gets the event and the counters
(taskboard/queries.py). Each write runs inside the SQL transaction: if Cassandra refuses the
event or the counters, the SQL change rolls back, so the log never misses a move that the
board shows.
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.utils import timezone

from .. import queries
from .models import Board, Status, Task


class Conflict(Exception):
    """The task is no longer in the status the mover saw: someone moved it first."""


class NotAMove(ValueError):
    """Moving a task to the status it is already in, or to no status at all."""


def create_task(board: Board, title: str, actor: str, **fields) -> Task:
    with transaction.atomic():
        task = Task.objects.create(board=board, title=title, **fields)
        record_creation(task, actor)
    return task


def record_creation(task: Task, actor: str) -> None:
    """The Cassandra half of a new task (the admin's add form calls this too)."""
    queries.record_created(task.board_id, task.id, task.title, actor, task.status)


def move_task(board: Board, task_id: UUID, expected: str, to: str, actor: str) -> Task:
    """Move a task from the status the mover saw (`expected`) to `to`: exactly one event.

    The SQL UPDATE is a compare-and-set on the status: of two people moving the same card at
    once, one updates the row and writes the event; the other updates nothing and gets
    Conflict, and writes nothing. Raises Task.DoesNotExist for a task not on this board.
    """
    if to not in Status.values or expected not in Status.values or to == expected:
        raise NotAMove(f"cannot move a task from {expected!r} to {to!r}")
    with transaction.atomic():
        moved = Task.objects.filter(pk=task_id, board=board, status=expected).update(
            status=to, updated_at=timezone.now()
        )
        task = Task.objects.get(pk=task_id, board=board)
        if not moved:
            raise Conflict(f"“{task.title}” is in {Status(task.status).label} now: someone moved it first")
        queries.record_move(board.id, task.id, task.title, actor, expected, to)
    return task
