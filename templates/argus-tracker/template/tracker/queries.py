"""Every read and write the tracker makes, one small function each.

Pages, the ingest CLI and the seed call these. Every read names a partition key: no ALLOW
FILTERING, no index scan. Every statement is prepared once per process and reused: coodie's
driver prepares a CQL text the first time it is sent and binds later calls to the same
prepared statement, so a request sends only the statement's id and its values (the server
neither parses nor plans it again). tests/test_queries.py counts the prepares to prove it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from uuid import UUID, uuid1

from cassandra.util import uuid_from_time
from coodie.exceptions import DocumentNotFound
from coodie.sync import BatchQuery

from .kit.buckets import MONTH, BucketPage, newest_first_sync
from .kit.stable_ids import stable_timeuuid
from .models import (
    BOARD,
    Comment,
    Event,
    Notification,
    Reaction,
    Release,
    RunBase,
    RunBucket,
    RunLookup,
    Test,
    UnreadNotification,
    User,
    UserByName,
    bucket_of,
    time_of,
)
from .plugins import Plugin, UnknownKind, plugin

PAGE_SIZE = 15
SEVERITIES = ["CRITICAL", "ERROR", "WARNING", "NORMAL"]
EVENTS_PER_SEVERITY = 5
BATCH_ROWS = 50  # events per unlogged batch: one partition each, so one replica set applies it
MENTION = re.compile(r"@([A-Za-z0-9_.-]{1,40})")
REACTIONS = ["✓", "★", "♥", "⚠"]  # symbols every font has, unlike most emoji


class UnknownUser(ValueError):
    """A user name or id the tracker does not have."""


class BadReaction(ValueError):
    """A reaction that is not one of REACTIONS."""


# ---------------------------------------------------------------- releases and tests (Q1, Q2)
def releases() -> list[Release]:
    """Q1: every release, in one partition."""
    return Release.find(board=BOARD).all()


def save_release(release: Release) -> None:
    release.save()


def tests_of(release: str) -> list[Test]:
    """Q2: a release's tests, by name."""
    return Test.find(release=release).all()


def get_test(release: str, name: str) -> Test:
    """Q2 with the name: one row. Raises DocumentNotFound."""
    return Test.get(release=release, name=name)


def save_test(test: Test) -> None:
    plugin(test.kind)  # UnknownKind before anything is written
    test.save()


# ---------------------------------------------------------------- runs (Q3-Q6)
def new_run(test: Test, start_time: datetime, run_id: UUID | None = None, **fields) -> RunBase:
    """A run of `test`, of the kind its plugin registers; its id is a timeuuid of start_time."""
    run_id = run_id or uuid_from_time(start_time)
    model = plugin(test.kind).model
    return model(
        test_id=test.test_id,
        build_bucket=bucket_of(run_id),
        start_time=time_of(run_id),  # the id's own time, to the microsecond the id keeps
        run_id=run_id,
        **fields,
    )


def run_rows(run: RunBase, test: Test) -> list:
    """The rows that make a run reachable: its month listed for its test, its id looked up."""
    return [
        RunBucket(test_id=run.test_id, bucket=run.build_bucket),
        RunLookup(
            run_id=run.run_id, test_id=test.test_id, kind=test.kind, release=test.release, test_name=test.name
        ),
    ]


def record_run(run: RunBase, test: Test) -> None:
    """The bucket and lookup rows first (idempotent upserts), then the run: a failure in between
    leaves a month or an id that leads nowhere yet, never a run no list reaches."""
    for row in run_rows(run, test):
        row.save()
    run.save()


def buckets_from(test_id: UUID, start: str | None) -> Iterator[str]:
    """Q3: the months that hold runs of a test, newest first, from `start` (or the newest), one
    read each, only as far as a page needs."""
    if start is None:
        row = RunBucket.find(test_id=test_id).first()
        start = row.bucket if row else None
    bucket = start
    while bucket is not None:
        yield bucket
        row = RunBucket.find(test_id=test_id, bucket__lt=bucket).first()
        bucket = row.bucket if row else None


def runs_of(test: Test, cursor: str | None = None, size: int = PAGE_SIZE) -> BucketPage:
    """Q4/Q5: a test's runs, newest first across month partitions, from its plugin's table.
    Raises kit.paging.BadCursor for a cursor we did not make."""
    model = plugin(test.kind).model
    return newest_first_sync(
        lambda bucket: model.find(test_id=test.test_id, build_bucket=bucket).validate(),
        lambda start: buckets_from(test.test_id, start),
        MONTH,
        size,
        cursor,
    )


def lookup_run(run_id: UUID) -> RunLookup:
    """Q6: a run's test and kind. Raises DocumentNotFound."""
    return RunLookup.get(run_id=run_id)


def get_run(run_id: UUID) -> tuple[RunBase, RunLookup]:
    """Q6 then one row of Q4/Q5 by its whole key: the run's bucket and start time are in its id.
    `.validate()` turns the driver's UDT tuples into PackageVersion/CloudResource. Raises
    DocumentNotFound (or UnknownKind for a run of a kind this version has no plugin for)."""
    found = lookup_run(run_id)
    model = plugin(found.kind).model
    run = (
        model.find(
            test_id=found.test_id, build_bucket=bucket_of(run_id), start_time=time_of(run_id), run_id=run_id
        )
        .validate()
        .first()
    )
    if run is None:
        raise DocumentNotFound(f"run {run_id} is looked up but not written yet")
    return run, found


def finish_run(run: RunBase, status: str, end_time: datetime) -> None:
    run.update(status=status, end_time=end_time)


# ---------------------------------------------------------------- events (Q7)
def latest_events(run_id: UUID, per_severity: int = EVENTS_PER_SEVERITY) -> dict[str, list[Event]]:
    """Q7: the newest `per_severity` events of every severity, in ONE query:
    `WHERE run_id = ? AND severity IN ? PER PARTITION LIMIT ?`."""
    rows = Event.find(run_id=run_id, severity__in=SEVERITIES).per_partition_limit(per_severity).all()
    found: dict[str, list[Event]] = {severity: [] for severity in SEVERITIES}
    for row in rows:
        found.setdefault(row.severity, []).append(row)
    return found


def one_partition_batches(events: Iterable[Event], size: int = BATCH_ROWS) -> Iterator[list[Event]]:
    """The events in batches of at most `size` whose rows all share one partition
    (run_id, severity): a batch that spans partitions makes its coordinator wait on every
    replica set it touches; one partition's batch is applied as one mutation."""
    pending: dict[tuple[UUID, str], list[Event]] = {}
    for event in events:
        group = pending.setdefault((event.run_id, event.severity), [])
        group.append(event)
        if len(group) == size:
            yield group
            pending[(event.run_id, event.severity)] = []
    for group in pending.values():
        if group:
            yield group


def save_event_batch(events: list[Event]) -> None:
    """One unlogged batch of one partition's events (one_partition_batches makes them)."""
    partitions = {(event.run_id, event.severity) for event in events}
    if len(partitions) != 1:
        raise ValueError(f"a batch must hold one partition's events, this one holds {len(partitions)}")
    with BatchQuery(logged=False) as batch:
        for event in events:
            event.save(batch=batch)


# ---------------------------------------------------------------- comments and reactions (Q8, Q9)
def comments_of(run_id: UUID) -> list[Comment]:
    """Q8: a run's comments, newest first."""
    return Comment.find(run_id=run_id).all()


def reactions_of(run_id: UUID) -> dict[UUID, dict[str, int]]:
    """Q9: every reaction count of a run's comments, in one partition: comment -> emoji -> count."""
    found: dict[UUID, dict[str, int]] = {}
    for row in Reaction.find(run_id=run_id).all():
        found.setdefault(row.comment_id, {})[row.emoji] = row.count
    return found


def react(run_id: UUID, comment_id: UUID, emoji: str) -> None:
    """Q9: one more `emoji` on a comment: a counter increment, exact however many arrive at once."""
    if emoji not in REACTIONS:
        raise BadReaction(f"reaction {emoji!r} is not one of {' '.join(REACTIONS)}")
    Reaction(run_id=run_id, comment_id=comment_id, emoji=emoji).increment(count=1)


def mentioned_users(message: str) -> list[User]:
    """The users a message @mentions, each once, through users_by_name (Q10): unknown names are
    plain text."""
    found: dict[UUID, User] = {}
    for name in dict.fromkeys(MENTION.findall(message)):
        row = UserByName.find_one(name=name.lower())
        if row is not None:
            found[row.user_id] = get_user(row.user_id)
    return list(found.values())


def add_comment(run: RunBase, author: User, message: str, comment_id: UUID | None = None) -> Comment:
    """Q8: a comment, its mentions as a list<uuid>, and a notification to each mentioned user."""
    mentioned = mentioned_users(message)
    comment = Comment(
        run_id=run.run_id,
        comment_id=comment_id or uuid1(),
        author_id=author.user_id,
        message=message,
        mentions=[user.user_id for user in mentioned],
    )
    comment.save()
    for user in mentioned:
        if user.user_id != author.user_id:
            # The notification's id comes from the comment's and the user's: a retried comment
            # rewrites the same notification instead of adding a second one.
            note_id = notification_id(comment.comment_id, user.user_id)
            notify(
                user.user_id,
                run.run_id,
                f"{author.name} mentioned you",
                comment.comment_id,
                author.user_id,
                note_id,
            )
    return comment


def notification_id(comment_id: UUID, user_id: UUID) -> UUID:
    """The id of the notification a comment sends a user: the comment's time, and a hash of both."""
    return stable_timeuuid(time_of(comment_id), comment_id, user_id)


# ---------------------------------------------------------------- users (Q10)
def get_user(user_id: UUID) -> User:
    try:
        return User.get(user_id=user_id)
    except DocumentNotFound:
        raise UnknownUser(f"no user {user_id}") from None


def user_named(name: str) -> User:
    row = UserByName.find_one(name=name.lower())
    if row is None:
        raise UnknownUser(f"no user named {name!r}")
    return get_user(row.user_id)


def users_rows(user: User) -> list:
    return [user, UserByName(name=user.name.lower(), user_id=user.user_id)]


def save_user(user: User) -> None:
    for row in users_rows(user):
        row.save()


# ---------------------------------------------------------------- notifications (Q11, Q12)
def notify(
    user_id: UUID,
    run_id: UUID,
    title: str,
    comment_id: UUID | None = None,
    sender_id: UUID | None = None,
    notification_id: UUID | None = None,
) -> Notification:
    """A notification and its unread row, in one logged batch (both keyed by the user): both
    land or neither does, so the unread count always matches the unread notifications."""
    note = Notification(
        user_id=user_id,
        notification_id=notification_id or uuid1(),
        run_id=run_id,
        comment_id=comment_id,
        sender_id=sender_id,
        title=title,
    )
    with BatchQuery() as batch:
        note.save(batch=batch)
        UnreadNotification(user_id=user_id, notification_id=note.notification_id).save(batch=batch)
    return note


def notifications_of(user_id: UUID, limit: int = 30) -> list[Notification]:
    """Q11: a user's newest notifications."""
    return Notification.find(user_id=user_id).limit(limit).all()


def unread_count(user_id: UUID) -> int:
    """Q12: COUNT(*) of one partition that holds only the unread ones."""
    return UnreadNotification.find(user_id=user_id).count()


def mark_read(user_id: UUID, notification_id: UUID) -> None:
    """The notification says read, and leaves the unread partition, in one logged batch.
    Marking it twice changes nothing: the count cannot go below the truth. Raises DocumentNotFound."""
    note = Notification.get(user_id=user_id, notification_id=notification_id)
    note.read = True
    with BatchQuery() as batch:
        note.save(batch=batch)
        UnreadNotification(user_id=user_id, notification_id=notification_id).delete(batch=batch)


def mark_all_read(user_id: UUID) -> int:
    """Every unread notification of a user marked read; returns how many."""
    unread = UnreadNotification.find(user_id=user_id).all()
    for row in unread:
        mark_read(user_id, row.notification_id)
    return len(unread)


__all__ = ["BadReaction", "DocumentNotFound", "Plugin", "UnknownKind", "UnknownUser"]
