"""The Cassandra side (coodie): the task event log and the per-board counters, query first.

The queries the pages make, and the table that answers each in one partition read:

  Q1  the months in which a board has events
        task_event_months       PRIMARY KEY (board_id, month DESC)
  Q2  a board's activity in one month, newest first
        task_events             PRIMARY KEY ((board_id, month), event_id DESC)
  Q3  a board's tasks and throughput per status
        board_status_counters   PRIMARY KEY (board_id, status)

The activity feed is Q1 then Q2 month by month; the board and statistics pages read Q3.
Writes: moving a task upserts its month (Q1), appends one event (Q2) and updates two counter
rows (Q3) in one counter batch. Nothing is read by task id alone: no secondary index needed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from cassandra.util import datetime_from_uuid1
from coodie.fields import ClusteringKey, Counter, PrimaryKey, TimeUUID
from coodie.sync import CounterDocument, Document


class TaskEventMonth(Document):
    """A month in which a board has events (Q1): the feed's index of TaskEvent partitions.

    One small partition per board, a row per active month, newest first: the feed goes from
    one month to the one before without probing the idle months in between.
    """

    board_id: Annotated[UUID, PrimaryKey()]
    month: Annotated[str, ClusteringKey(order="DESC")]

    class Settings:
        name = "task_event_months"


class TaskEvent(Document):
    """One change to a task, in its board's activity log (Q2).

    The partition is a board *and a month*: a busy board that lives for years never grows one
    partition without bound, and "recent activity" is still one partition read. A page that
    empties a month carries on into the board's previous active month (queries.activity).

    The clustering key is a timeuuid made from the event's time: it sorts newest first (DESC)
    and two events of the same millisecond still get distinct keys instead of overwriting
    each other.
    """

    board_id: Annotated[UUID, PrimaryKey(partition_key_index=0)]
    month: Annotated[str, PrimaryKey(partition_key_index=1)]  # "2026-11", UTC
    event_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    task_id: UUID
    task_title: str  # as it was then: the log never joins back to SQL
    actor: str
    kind: str  # "created" | "moved"
    from_status: str | None = None
    to_status: str

    class Settings:
        name = "task_events"

    @property
    def at(self) -> datetime:
        return datetime_from_uuid1(self.event_id).replace(tzinfo=UTC)


class BoardStatusCounter(CounterDocument):
    """How many tasks a board has in each status now, and how many ever entered it (Q3).

    Counter columns are increments, not values: moving a task adds -1 to one row and +1 to
    another, without reading either first, however many people move tasks at once.
    """

    board_id: Annotated[UUID, PrimaryKey()]
    status: Annotated[str, ClusteringKey()]
    tasks: Annotated[int, Counter()] = 0
    entered: Annotated[int, Counter()] = 0

    class Settings:
        name = "board_status_counters"


# Synced in this order by `manage.py sync_cassandra` (and by seed.py).
MODELS = [TaskEventMonth, TaskEvent, BoardStatusCounter]
