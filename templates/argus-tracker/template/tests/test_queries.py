"""The tracker's queries against the real database: each key does what models.py says it does."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from cassandra.util import uuid_from_time

from tracker import queries
from tracker.kit import cql_log
from tracker.models import Event, Release, Test, User

START = datetime(2026, 3, 31, 23, 0, tzinfo=UTC)  # a month's last hour: runs land in two buckets


def a_test(kind: str = "cluster") -> Test:
    test = Test(release=f"rel-{uuid4().hex[:6]}", name="longevity-100gb", test_id=uuid4(), kind=kind)
    queries.save_test(test)
    return test


def a_user(name: str) -> User:
    user = User(user_id=uuid4(), name=f"{name}{uuid4().hex[:4]}")
    queries.save_user(user)
    return user


def test_releases_and_their_tests_are_read_by_partition(session):
    name = f"rel-{uuid4().hex[:6]}"
    queries.save_release(Release(name=name, title="the one"))
    test = Test(release=name, name="t1", test_id=uuid4(), kind="driver-matrix")
    queries.save_test(test)
    assert name in [release.name for release in queries.releases()]
    assert [t.name for t in queries.tests_of(name)] == ["t1"]
    with pytest.raises(queries.UnknownKind):
        queries.save_test(Test(release=name, name="t2", test_id=uuid4(), kind="no-such-kind"))


@pytest.mark.parametrize("kind", ["cluster", "driver-matrix"])
def test_runs_come_newest_first_across_month_buckets(session, kind):
    test = a_test(kind)
    starts = [START + timedelta(minutes=25 * i) for i in range(7)]  # 3 in March, 4 in April
    for start in starts:
        queries.record_run(queries.new_run(test, start, build_number=1), test)
    assert {queries.new_run(test, s).build_bucket for s in starts} == {"2026-03", "2026-04"}
    first = queries.runs_of(test, size=5)
    second = queries.runs_of(test, first.cursor, size=5)
    listed = [run.start_time.replace(tzinfo=UTC) for run in first.items + second.items]
    assert listed == sorted(starts, reverse=True)
    assert second.cursor is None
    assert all(type(run) is queries.plugin(kind).model for run in first.items)


def test_runs_started_in_the_same_millisecond_are_two_runs(session):
    test = a_test()
    ids = [uuid_from_time(START, node=n) for n in (1, 2)]
    for run_id in ids:
        queries.record_run(queries.new_run(test, START, run_id=run_id), test)
    assert {run.run_id for run in queries.runs_of(test).items} == set(ids)


def test_a_run_is_found_from_its_id_alone_with_its_udts(session):
    test = a_test("cluster")
    fields = queries.plugin("cluster").fake_fields(*_fake())
    run = queries.new_run(test, START, packages=[{"name": "scylla-server", "version": "2026.1.0"}], **fields)
    queries.record_run(run, test)
    found, lookup = queries.get_run(run.run_id)
    assert lookup.test_id == test.test_id and lookup.kind == "cluster"
    assert found.packages[0].name == "scylla-server"  # a PackageVersion, not the driver's tuple
    assert [r.name for r in found.resources] == [r.name for r in fields["resources"]]
    with pytest.raises(queries.DocumentNotFound):
        queries.get_run(uuid_from_time(START))


def _fake():
    import random

    from faker import Faker

    return Faker(), random.Random(1)


def test_latest_events_of_every_severity_in_one_query(session):
    run_id = uuid_from_time(START)
    events = [
        Event(
            run_id=run_id,
            severity=severity,
            event_id=uuid_from_time(START + timedelta(seconds=i)),
            message=f"{i}",
        )
        for severity in queries.SEVERITIES
        for i in range(8)
    ]
    for batch in queries.one_partition_batches(events, size=3):
        queries.save_event_batch(batch)
    with cql_log.capture() as log:
        latest = queries.latest_events(run_id, per_severity=2)
    assert len(log) == 1, [s.cql for s in log]
    assert "IN" in log[0].cql and "PER PARTITION LIMIT" in log[0].cql
    assert {severity: [e.message for e in rows] for severity, rows in latest.items()} == {
        severity: ["7", "6"] for severity in queries.SEVERITIES
    }


def test_ingest_batches_never_span_partitions(session):
    run_id, other = uuid_from_time(START), uuid_from_time(START, node=9)
    events = [
        Event(run_id=rid, severity=sev, event_id=uuid_from_time(START + timedelta(seconds=i)))
        for i in range(7)
        for rid in (run_id, other)
        for sev in ("ERROR", "NORMAL")
    ]
    batches = list(queries.one_partition_batches(events, size=3))
    assert all(len({(e.run_id, e.severity) for e in batch}) == 1 for batch in batches)
    assert sorted(len(batch) for batch in batches) == [1] * 4 + [3] * 8
    with pytest.raises(ValueError, match="one partition"):
        queries.save_event_batch(events[:2])


def test_a_comment_notifies_the_users_it_mentions_and_the_unread_count_stays_right(session):
    test = a_test()
    run = queries.new_run(test, START)
    queries.record_run(run, test)
    author, ann, bob = a_user("author"), a_user("ann"), a_user("bob")
    comment = queries.add_comment(run, author, f"@{ann.name} and @{bob.name}, see the ERROR events; @nobody")
    assert comment.mentions == [ann.user_id, bob.user_id]
    queries.add_comment(run, author, f"again, @{ann.name} @{ann.name}")
    assert queries.unread_count(ann.user_id) == 2 and queries.unread_count(bob.user_id) == 1
    notes = queries.notifications_of(ann.user_id)
    assert [n.sent_at for n in notes] == sorted((n.sent_at for n in notes), reverse=True)
    queries.mark_read(ann.user_id, notes[0].notification_id)
    queries.mark_read(ann.user_id, notes[0].notification_id)  # twice: still one fewer, not two
    assert queries.unread_count(ann.user_id) == 1
    assert [n.read for n in queries.notifications_of(ann.user_id)] == [True, False]
    assert queries.mark_all_read(ann.user_id) == 1
    assert queries.unread_count(ann.user_id) == 0
    assert all(n.read for n in queries.notifications_of(ann.user_id))


def test_reactions_sent_at_once_all_count(session):
    run_id, comment_id = uuid_from_time(START), uuid_from_time(START, node=3)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: queries.react(run_id, comment_id, "✓"), range(24)))
    queries.react(run_id, comment_id, "★")
    assert queries.reactions_of(run_id) == {comment_id: {"✓": 24, "★": 1}}
    with pytest.raises(ValueError, match="not one of"):
        queries.react(run_id, comment_id, "💩")


def test_hot_queries_are_prepared_once_and_reused(session):
    """coodie's driver prepares a CQL text once: the second round of the same reads prepares nothing."""
    test = a_test()
    run = queries.new_run(test, START)
    queries.record_run(run, test)
    prepares: list[str] = []
    original = session.prepare

    def counting(query, *args, **kwargs):
        prepares.append(query)
        return original(query, *args, **kwargs)

    session.prepare = counting
    try:
        hot_reads(test, run)  # the first time: whatever was not prepared yet is prepared now
        before = len(prepares)
        with cql_log.capture() as log:
            hot_reads(test, run)
    finally:
        session.prepare = original
    assert len(log) >= 5
    assert len(prepares) == before, prepares[before:]
    assert all(s.prepared for s in log), [s.cql for s in log if not s.prepared]  # what the panel shows


def hot_reads(test, run) -> None:
    queries.get_run(run.run_id)
    queries.latest_events(run.run_id)
    queries.runs_of(test)
    queries.comments_of(run.run_id)
    queries.reactions_of(run.run_id)
