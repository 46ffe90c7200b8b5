"""What `seed.py` writes: fake tasks with their histories, or the rows of a feed file.

One row is one task: its board (created when new), who created it, the status it started in,
and the moves it went through. SQLite gets the board, the people and the task as it is now;
Cassandra gets one event per step and the counters, so both sides tell the same story.
"""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils.text import slugify
from faker import Faker
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from . import queries
from .kit import schema
from .kit.seedkit import SeedSpec, Skip, key, keys
from .kit.stable_ids import stable_timeuuid, stable_uuid
from .models import MODELS, BoardStatusCounter, TaskEventMonth
from .tasks.models import Board, Status, Task

DEMO_USER = DEMO_PASSWORD = "demo"  # never in production: the login the README and the browser tests use

StatusName = Literal["todo", "doing", "review", "done"]
Username = Annotated[str, Field(pattern=r"^[\w.@+-]{1,150}$")]


class FeedMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: StatusName
    at: AwareDatetime
    by: Username | None = None  # default: the assignee, else the creator


class FeedTask(BaseModel):
    """One task of a feed. A CSV cell gives the moves as "doing@2026-10-02T10:00:00Z; done@…"."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    board: Annotated[str, Field(min_length=1, max_length=80, pattern=r"[A-Za-z0-9]")]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=2000)] = ""
    status: StatusName = "todo"  # where the task started
    created_by: Username
    assignee: Username | None = None
    created_at: AwareDatetime | None = None  # default: now
    moves: list[FeedMove] = []

    @field_validator("created_at")
    @classmethod
    def not_in_future(cls, value: datetime | None) -> datetime | None:
        if value and value > datetime.now(UTC):
            raise ValueError("is in the future")
        return value

    @field_validator("moves", mode="before")
    @classmethod
    def split_moves(cls, value):
        if isinstance(value, str):
            parts = [part.strip().partition("@") for part in value.split(";") if part.strip()]
            return [{"to": to.strip(), "at": at.strip()} for to, _, at in parts]
        return value

    @field_validator("moves")
    @classmethod
    def history_in_order(cls, moves: list[FeedMove], info: ValidationInfo) -> list[FeedMove]:
        """Each move changes the status, after the step before it and not after now."""
        status, previous = info.data.get("status"), info.data.get("created_at")
        for number, move in enumerate(moves, start=1):
            if move.to == status:
                raise ValueError(f"move {number} goes to {move.to!r}, where the task already is")
            if previous and move.at < previous:
                raise ValueError(f"move {number} ({move.at.isoformat()}) is earlier than the step before it")
            if move.at > datetime.now(UTC):
                raise ValueError(f"move {number} ({move.at.isoformat()}) is in the future")
            status, previous = move.to, move.at
        return moves


# ---------------------------------------------------------------- fake rows
BOARDS = ["Website relaunch", "Mobile app", "Data platform"]
VERBS = ["Fix", "Design", "Write", "Review", "Refactor", "Test", "Ship", "Document", "Migrate", "Benchmark"]
THINGS = [
    "login page", "search API", "onboarding e-mails", "billing export", "dark mode", "push notifications",
    "CSV import", "audit log", "rate limiter", "settings screen", "release notes", "nightly backup",
    "checkout flow", "error pages", "cache layer", "metrics dashboard",
]  # fmt: skip
ORDER = list(Status.values)


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedTask]:
    # Histories end now (to the hour), so the seeded board looks alive; --seed repeats the
    # same tasks and moves when run within the same hour.
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    people = [faker.unique.user_name() for _ in range(6)]
    for _ in range(count):
        created = now - timedelta(minutes=rng.randint(90, 75 * 24 * 60))
        final = rng.choices(range(len(ORDER)), weights=[3, 2, 1, 4])[0]
        path = ORDER[1 : final + 1]
        if final >= 2 and rng.random() < 0.25:  # sent back from review once
            path = ORDER[1:3] + ["doing"] + ORDER[2 : final + 1]
        span = (now - created).total_seconds()
        times = sorted(created + timedelta(seconds=rng.uniform(1, span)) for _ in path)
        assignee = rng.choice(people) if final or rng.random() < 0.5 else None
        yield FeedTask(
            board=rng.choice(BOARDS),
            title=f"{rng.choice(VERBS)} {rng.choice(THINGS)}",
            description=faker.sentence(nb_words=rng.randint(6, 14)),
            created_by=rng.choice(people),
            assignee=assignee,
            created_at=created,
            moves=[FeedMove(to=to, at=at, by=assignee) for to, at in zip(path, times, strict=True)],
        )


# ---------------------------------------------------------------- writing
# SQLite takes one writer at a time: the seed's threads queue here for the SQL part, and write
# to Cassandra, which takes many writers at once, in parallel.
_sql_writer = threading.Lock()


ALREADY_THERE = "already on their boards (importing a feed again adds only its new tasks)"


def task_id(row: FeedTask) -> UUID:
    """A task is known by its board, title, creator and creation time: the same feed row gives
    the same id on every import, and an import finds the tasks it already wrote."""
    created = row.created_at.isoformat() if row.created_at else ""
    return stable_uuid("task", slugify(row.board)[:80], row.title, row.created_by, created)


def write_row(row: FeedTask) -> list:
    """The SQL side first (one writer at a time), then the events and the counters.

    A task already in SQLite is skipped whole: its events and counters were written with it,
    and counters add up (writing them again would count the task twice)."""
    created_at = row.created_at or datetime.now(UTC)
    final = row.moves[-1] if row.moves else None
    with _sql_writer, transaction.atomic():
        if Task.objects.filter(id=task_id(row)).exists():
            raise Skip(ALREADY_THERE)
        board, new_board = _board(row.board, created_at)
        people = _people({row.created_by, row.assignee, *(m.by for m in row.moves)} - {None})
        board.members.add(*people.values())
        task = Task.objects.create(
            id=task_id(row),
            board=board,
            title=row.title,
            description=row.description,
            status=final.to if final else row.status,
            assignee=people.get(row.assignee),
            created_at=created_at,
            updated_at=final.at if final else created_at,
        )
    steps = [(row.created_by, row.status, None, created_at)]
    status = row.status
    for move in row.moves:
        steps.append((move.by or row.assignee or row.created_by, move.to, status, move.at))
        status = move.to
    events = [
        queries.new_event(board.id, task.id, task.title, actor, to, before, at).model_copy(
            update={"event_id": stable_timeuuid(at, task.id, step)}  # the same on a rerun
        )
        for step, (actor, to, before, at) in enumerate(steps)
    ]
    deltas = queries.combine(
        queries.created(row.status), *(queries.moved(before, to) for _, to, before, _ in steps[1:])
    )
    queries.append_events(events)
    queries.add_counts(board.id, deltas)
    months, tallies = TaskEventMonth.table_name(), BoardStatusCounter.table_name()
    return [
        key("sqlite tasks", task.id),
        *([key("sqlite boards", board.id)] if new_board else []),
        *keys(*events),
        *(key(months, board.id, e.month) for e in events),
        *(key(tallies, board.id, status) for status in deltas),
    ]


def _board(name: str, created_at: datetime) -> tuple[Board, bool]:
    return Board.objects.get_or_create(
        slug=slugify(name)[:80], defaults={"name": name, "created_at": created_at}
    )


def _people(usernames: set[str]) -> dict[str, object]:
    User = get_user_model()
    people = {}
    for username in usernames:
        user, new = User.objects.get_or_create(username=username)
        if new:
            user.set_unusable_password()  # seeded people appear on cards; only `demo` can log in
            user.save(update_fields=["password"])
        people[username] = user
    return people


def prepare() -> None:
    """SQL migrations, the Cassandra tables, and (outside production) the demo login."""
    call_command("migrate", interactive=False, verbosity=0)
    schema.sync_models(MODELS)
    if not settings.PRODUCTION:
        User = get_user_model()
        if not User.objects.filter(username=DEMO_USER).exists():
            User.objects.create_superuser(DEMO_USER, email="", password=DEMO_PASSWORD)


def reset() -> None:
    """Boards and tasks (users stay), the event log and the counters."""
    Board.objects.all().delete()
    for model in MODELS:
        model.truncate()


def agreement(cql: Callable[[str], list]) -> list[str]:
    """For the tests, after any seed (a stopped one too): SQLite and Cassandra tell one story.

    Every task in SQLite has its events, the counters hold as many tasks per board and status
    as SQLite does, and the `entered` counters add up to the events."""
    with sqlite3.connect(settings.SQLITE_PATH) as sql:  # the file seed.py writes
        tasks = {UUID(hex=row[0]) for row in sql.execute("SELECT id FROM tasks_task")}
        per_status = {
            (UUID(hex=board), status): n
            for board, status, n in sql.execute(
                "SELECT board_id, status, COUNT(*) FROM tasks_task GROUP BY 1, 2"
            )
        }
    events = cql("SELECT task_id FROM {ks}.task_events")
    counted = cql("SELECT board_id, status, tasks, entered FROM {ks}.board_status_counters")
    problems = []
    if without := tasks - {row.task_id for row in events}:
        problems.append(f"{len(without)} tasks in SQLite have no events in Cassandra")
    if (tallied := {(r.board_id, r.status): r.tasks for r in counted if r.tasks}) != per_status:
        problems.append(f"tasks per board and status: counters {tallied}, SQLite {per_status}")
    if (entered := sum(r.entered or 0 for r in counted)) != len(events):
        problems.append(f"the entered counters add up to {entered}, the event log holds {len(events)}")
    return problems


SPEC = SeedSpec(
    what="tasks",
    row_model=FeedTask,
    fake_rows=fake_rows,
    write_row=write_row,
    prepare=prepare,
    reset=reset,
    models=MODELS,
    interrupt_count=800,  # a task is a SQLite row (one writer at a time), its events and counters
    rerun="skips",
    rerun_note="tasks already on their boards are left as they are",
    agreement=agreement,
)
