"""What `seed.py` writes: a realistic tracker (releases, their tests, hundreds of runs of both
kinds, thousands of events, comments that @mention people and the notifications they cause),
or the runs of a feed file."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from faker import Faker

from . import queries
from .kit.seedkit import SeedSpec, keys, once
from .kit.stable_ids import stable_timeuuid, stable_uuid
from .models import (
    RUN_MODELS,
    Comment,
    Event,
    Notification,
    PackageVersion,
    Release,
    RunBucket,
    RunLookup,
    Test,
    UnreadNotification,
    User,
    UserByName,
)
from .plugins import PLUGINS
from .schemas import RunRow

# Fake dates count back from a fixed day, so --seed gives the same data on any day.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)
SPREAD_DAYS = 120  # about four monthly buckets per test
RELEASES = {"2025.4": "ScyllaDB 2025.4", "2026.1": "ScyllaDB 2026.1", "2026.2": "ScyllaDB 2026.2 (next)"}
TESTS = {
    "cluster": ["longevity-100gb-4h", "longevity-lwt-3h", "rolling-upgrade", "manager-backup"],
    "driver-matrix": ["python-driver-matrix", "java-driver-matrix", "gocql-matrix"],
}
USERS = ["ann", "bob", "chen", "dana", "eli", "fay"]
EVENT_TYPES = {
    "CRITICAL": ["CoreDumpEvent", "TestFrameworkEvent"],
    "ERROR": ["DatabaseLogEvent", "NemesisEvent", "CassandraStressEvent"],
    "WARNING": ["DatabaseLogEvent", "ClusterHealthValidatorEvent"],
    "NORMAL": ["InfoEvent", "NemesisEvent", "DisruptionEvent"],
}
SEVERITY_WEIGHTS = [1, 4, 8, 20]


class FakeRun(RunRow):
    """A fake run also brings its events and, now and then, a comment (feeds bring neither:
    events come through `python -m tracker ingest`)."""

    own: dict = {}  # the kind's columns a feed does not carry (a cluster's machines)
    events: list[dict] = []
    comment: tuple[str, str, str] | None = None  # (author, mentioned user, message)


def user(name: str) -> User:
    return User(user_id=stable_uuid("user", name), name=name, full_name=name.capitalize())


def test_of(row: RunRow) -> Test:
    return Test(release=row.release, name=row.test, test_id=stable_uuid(row.release, row.test), kind=row.kind)


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[RunRow]:
    builds: dict[tuple[str, str], int] = {}
    for _ in range(count):
        kind = rng.choice(sorted(TESTS))
        release, test = rng.choice(sorted(RELEASES)), rng.choice(TESTS[kind])
        builds[release, test] = builds.get((release, test), 0) + 1
        start = ANCHOR - timedelta(seconds=rng.randint(0, SPREAD_DAYS * 86400))
        fields = PLUGINS[kind].fake_fields(faker, rng)
        columns = {c: fields[c] for c in PLUGINS[kind].feed_columns}
        if "versions" in columns:
            columns["versions"] = ";".join(columns["versions"])
        events = []
        for i in range(rng.randint(4, 24)):
            severity = rng.choices(list(EVENT_TYPES), SEVERITY_WEIGHTS)[0]
            events.append(
                {
                    "severity": severity,
                    "ts": start + timedelta(seconds=60 * i + rng.randint(0, 59)),
                    "event_type": rng.choice(EVENT_TYPES[severity]),
                    "message": faker.sentence(nb_words=rng.randint(5, 12)),
                    "node": f"db-node-{rng.randint(1, 6)}",
                }
            )
        packages = [
            PackageVersion(
                name="scylla-server",
                version=fields.get("scylla_version") or "2026.1.2",
                revision=faker.hexify("^^^^^^^"),
            ),
            PackageVersion(name="scylla-tools", version="2026.1.0", revision=faker.hexify("^^^^^^^")),
        ]
        if kind == "driver-matrix":
            packages.append(
                PackageVersion(name=fields["driver"], version=fields["versions"][-1], revision="")
            )
        comment = None
        if rng.random() < 0.2:
            author, other = rng.sample(USERS, 2)
            comment = (author, other, f"@{other} {faker.sentence(nb_words=rng.randint(6, 14))}")
        yield FakeRun(
            release=release,
            test=test,
            kind=kind,
            start_time=start,
            build_number=builds[release, test],
            status=rng.choices(["passed", "failed", "aborted"], [6, 3, 1])[0],
            own={c: v for c, v in fields.items() if c not in columns} | {"packages": packages},
            events=events,
            comment=comment,
            **columns,
        )


def write_users() -> list:
    """The fake users, once per seed run (the first run that needs them writes them)."""
    written = []
    for name in USERS:
        if once(keys(user(name))[0]):  # the users row's own key: counted once, as written
            queries.save_user(user(name))
            written += keys(*queries.users_rows(user(name)))
    return written


def write_row(row: RunRow) -> list:
    release = Release(name=row.release, title=RELEASES.get(row.release, row.release))
    test = test_of(row)
    queries.save_release(release)
    queries.save_test(test)
    run_id = stable_timeuuid(row.start_time, row.release, row.test, row.build_number)
    run = queries.new_run(
        test,
        row.start_time,
        run_id=run_id,
        build_number=row.build_number,
        status=row.status,
        **row.kind_fields(),
    )
    for column, value in getattr(row, "own", {}).items():
        setattr(run, column, value)
    queries.record_run(run, test)
    written = keys(release, test, run, *queries.run_rows(run, test))
    if isinstance(row, FakeRun):
        written += write_events(run, row.events)
        written += write_users()
        if row.comment:
            author, mentioned_name, message = row.comment
            for name in (author, mentioned_name):  # there before the comment looks them up
                queries.save_user(user(name))
            comment_id = stable_timeuuid(row.start_time + timedelta(hours=2), run_id, "comment")
            comment = queries.add_comment(run, user(author), message, comment_id=comment_id)
            written += keys(comment)
            for mentioned in comment.mentions:
                note_id = queries.notification_id(comment_id, mentioned)
                written += keys(
                    Notification(user_id=mentioned, notification_id=note_id, run_id=run_id),
                    UnreadNotification(user_id=mentioned, notification_id=note_id),
                )
    return written


def write_events(run, rows: list[dict]) -> list:
    events = [
        Event(run_id=run.run_id, event_id=stable_timeuuid(e["ts"], run.run_id, i), **e)
        for i, e in enumerate(rows)
    ]
    for batch in queries.one_partition_batches(events):
        queries.save_event_batch(batch)
    return keys(*events)


def agreement(cql) -> list[str]:
    """Every run is reachable: looked up by its id, its month listed for its test; every unread
    row is an unread notification, and every unread notification has its row."""
    problems = []
    runs = [
        row
        for model in RUN_MODELS
        for row in cql(f"SELECT test_id, build_bucket, run_id FROM {{ks}}.{model.table_name()}")
    ]
    looked_up = {row.run_id for row in cql("SELECT run_id FROM {ks}.run_lookup")}
    listed = {(row.test_id, row.bucket) for row in cql("SELECT test_id, bucket FROM {ks}.run_buckets")}
    for run in runs:
        if run.run_id not in looked_up:
            problems.append(f"run {run.run_id} has no run_lookup row")
        if (run.test_id, run.build_bucket) not in listed:
            problems.append(f"run {run.run_id}: bucket {run.build_bucket} is not listed in run_buckets")
    if len(looked_up) != len(runs):
        problems.append(f"{len(looked_up)} run_lookup rows for {len(runs)} runs")
    unread = {
        (r.user_id, r.notification_id)
        for r in cql("SELECT user_id, notification_id FROM {ks}.unread_notifications")
    }
    not_read = {
        (r.user_id, r.notification_id)
        for r in cql('SELECT user_id, notification_id, "read" FROM {ks}.notifications')
        if not r.read
    }
    if unread != not_read:
        problems.append(
            f"{len(unread ^ not_read)} notifications disagree between notifications and unread_notifications"
        )
    return problems


SPEC = SeedSpec(
    "runs",
    RunRow,
    fake_rows,
    write_row,
    default_count=300,
    concurrency=32,
    models=[
        Release,
        Test,
        RunBucket,
        *RUN_MODELS,
        RunLookup,
        Event,
        Comment,
        User,
        UserByName,
        Notification,
        UnreadNotification,
    ],
    agreement=agreement,
)
