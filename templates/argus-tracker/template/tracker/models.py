"""The tracker's data model, query first: releases, their tests, and each test's runs, events,
comments and the notifications they cause. A scaled-down scylladb/argus.

  Q1  every release                        releases             PRIMARY KEY (board, name)
  Q2  the tests of a release               tests                PRIMARY KEY (release, name)
  Q3  the months that hold runs of a test  run_buckets          PRIMARY KEY (test_id, bucket DESC)
  Q4  a test's runs, newest first, paged   cluster_runs         PRIMARY KEY ((test_id, build_bucket),
                                                                  start_time DESC, run_id)
  Q5  a driver test's runs, likewise       driver_matrix_runs   PRIMARY KEY ((test_id, build_bucket),
                                                                  start_time DESC, run_id)
  Q6  one run from its id alone            run_lookup           PRIMARY KEY (run_id)
  Q7  the latest events of each severity   run_events          PRIMARY KEY ((run_id, severity),
                                                                   event_id DESC)
  Q8  a run's comments, newest first       run_comments         PRIMARY KEY (run_id, comment_id DESC)
  Q9  the reactions to a run's comments    comment_reactions    PRIMARY KEY (run_id, comment_id, emoji)
  Q10 a user by id                         users                PRIMARY KEY (user_id)
  Q11 a user by name (for @mentions)       users_by_name        PRIMARY KEY (name)
  Q12 a user's notifications, newest first notifications        PRIMARY KEY (user_id, notification_id DESC)
  Q13 a user's unread count                unread_notifications PRIMARY KEY (user_id, notification_id DESC)

Why these keys (the README says it at length):
- Runs are partitioned by (test_id, build_bucket), the UTC month of the run: a nightly test
  runs for years, and one partition per test would grow without bound (argus's sct_test_run,
  keyed by build_id alone, has partitions of thousands of runs). A month holds a few dozen
  runs; run_buckets lists the months that hold any, so the newest-first list walks back
  month by month without reading empty ones. start_time DESC puts the newest run first;
  run_id (a timeuuid of start_time) beside it keeps two runs started in the same millisecond
  apart, and gives a run's bucket and start_time back from its id.
- run_lookup maps a run id to its test and kind: links, the ingest CLI and notifications name
  a run by id alone, and argus would otherwise scan an index on id.
- Events are partitioned by (run_id, severity): `severity IN (...) PER PARTITION LIMIT n`
  reads the latest n of every severity in one query, each partition newest first.
- Reactions are counters in their own table, not a map<text, int> in the comment row: two
  people reacting at once each add one (a map would be read, changed and written back, and
  the later write would drop the earlier one). Counters cannot share a table with other
  columns, hence the second table; its one partition per run is read with the comments.
- The unread count is the size of a partition that holds only the unread notifications: a
  notification is written to both tables in one logged batch, marking it read deletes it from
  unread_notifications. A retried write or delete cannot make the count drift, as a counter
  would (counter updates are not idempotent).

The two kinds of run (ClusterRun, DriverMatrixRun) are plugins: each is its own model and
table, and plugins.py registers them in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from cassandra.util import datetime_from_uuid1
from coodie.fields import ClusteringKey, Counter, PrimaryKey, TimeUUID
from coodie.schema import build_schema
from coodie.sync import CounterDocument, Document
from coodie.usertype import UserType
from pydantic import Field

from .kit.buckets import MONTH

BOARD = "main"  # the one partition of releases: a tracker has tens of them


def bucket_of(run_id: UUID) -> str:
    """A run's partition bucket: the UTC month of its timeuuid, e.g. "2026-05"."""
    return MONTH.of(datetime_from_uuid1(run_id))


def time_of(uuid1: UUID) -> datetime:
    """The time inside a timeuuid (a run's start, an event's, a comment's), in UTC."""
    return datetime_from_uuid1(uuid1).replace(tzinfo=UTC)


# ---------------------------------------------------------------- nested types (frozen UDTs)
class PackageVersion(UserType):
    """One package a run used (argus's PackageVersion_v2): stored frozen, inside a list."""

    name: str = ""
    version: str = ""
    revision: str = ""

    class Settings:
        __type_name__ = "package_version"


class CloudResource(UserType):
    """One machine a cluster run allocated (argus's CloudResource_v3, flattened)."""

    name: str = ""
    state: str = ""  # running, terminated
    resource_type: str = ""  # db-node, loader-node, monitor-node
    provider: str = ""
    region: str = ""
    instance_type: str = ""

    class Settings:
        __type_name__ = "cloud_resource"


# ---------------------------------------------------------------- releases and tests
class Release(Document):
    """Q1: every release in one small partition, by name."""

    board: Annotated[str, PrimaryKey()] = BOARD
    name: Annotated[str, ClusteringKey()]
    title: str = ""

    class Settings:
        name = "releases"


class Test(Document):
    """Q2: the tests of a release, by name; `kind` names the plugin whose runs it has."""

    __test__ = False  # a class named Test is not a pytest test class

    release: Annotated[str, PrimaryKey()]
    name: Annotated[str, ClusteringKey()]
    test_id: UUID
    kind: str  # a key of plugins.PLUGINS

    class Settings:
        name = "tests"


class RunBucket(Document):
    """Q3: the months that hold runs of a test, newest first: where the run list goes next."""

    test_id: Annotated[UUID, PrimaryKey()]
    bucket: Annotated[str, ClusteringKey(order="DESC")]

    class Settings:
        name = "run_buckets"


# ---------------------------------------------------------------- runs: the plugins' models
class RunBase(Document):
    """What every kind of run has (argus's PluginModelBase). Abstract: no table of its own."""

    test_id: Annotated[UUID, PrimaryKey(partition_key_index=0)]
    build_bucket: Annotated[str, PrimaryKey(partition_key_index=1)]  # bucket_of(run_id)
    start_time: Annotated[datetime, ClusteringKey(order="DESC", clustering_key_index=0)]
    run_id: Annotated[UUID, TimeUUID(), ClusteringKey(clustering_key_index=1)]
    build_number: int = 0
    status: str = "running"  # running, passed, failed, aborted
    end_time: datetime | None = None
    assignee: UUID | None = None
    packages: list[PackageVersion] = Field(default_factory=list)

    class Settings:
        __abstract__ = True


class ClusterRun(RunBase):
    """A long-running cluster test (argus's SCT run): a cluster, its machines, its nemeses."""

    scylla_version: str = ""
    region: str = ""
    nodes: int = 0
    nemesis_count: int = 0
    resources: list[CloudResource] = Field(default_factory=list)

    class Settings:
        name = "cluster_runs"


class DriverMatrixRun(RunBase):
    """A driver matrix run: one driver's test suite against several versions of it."""

    driver: str = ""
    versions: list[str] = Field(default_factory=list)
    tests_total: int = 0
    tests_failed: int = 0

    class Settings:
        name = "driver_matrix_runs"


class RunLookup(Document):
    """Q6: a run's test, release and kind from its id alone, without an index scan."""

    run_id: Annotated[UUID, PrimaryKey()]
    test_id: UUID
    kind: str
    release: str = ""
    test_name: str = ""

    class Settings:
        name = "run_lookup"


# ---------------------------------------------------------------- events, comments, reactions
class Event(Document):
    """Q7: a run's events, one partition per severity, newest first."""

    run_id: Annotated[UUID, PrimaryKey(partition_key_index=0)]
    severity: Annotated[str, PrimaryKey(partition_key_index=1)]  # CRITICAL, ERROR, WARNING, NORMAL
    event_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    event_type: str = ""
    message: str = ""
    node: str = ""

    class Settings:
        name = "run_events"

    @property
    def ts(self) -> datetime:
        return time_of(self.event_id)


class Comment(Document):
    """Q8: a run's comments, newest first; `mentions` holds the ids of the users it names."""

    run_id: Annotated[UUID, PrimaryKey()]
    comment_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    author_id: UUID
    message: str
    mentions: list[UUID] = Field(default_factory=list)

    class Settings:
        name = "run_comments"

    @property
    def posted_at(self) -> datetime:
        return time_of(self.comment_id)


class Reaction(CounterDocument):
    """Q9: how many of each emoji a comment has; one partition per run, read with its comments."""

    run_id: Annotated[UUID, PrimaryKey()]
    comment_id: Annotated[UUID, TimeUUID(), ClusteringKey(clustering_key_index=0)]
    emoji: Annotated[str, ClusteringKey(clustering_key_index=1)]
    count: Annotated[int, Counter()] = 0

    class Settings:
        name = "comment_reactions"


# ---------------------------------------------------------------- users and notifications
class User(Document):
    """Q10: a user by id."""

    user_id: Annotated[UUID, PrimaryKey()]
    name: str
    full_name: str = ""

    class Settings:
        name = "users"


class UserByName(Document):
    """Q10: a user's id from the name an @mention gives: a lookup table, not an index scan."""

    name: Annotated[str, PrimaryKey()]
    user_id: UUID

    class Settings:
        name = "users_by_name"


class Notification(Document):
    """Q11: a user's notifications, newest first (argus's ArgusNotification)."""

    user_id: Annotated[UUID, PrimaryKey()]
    notification_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    run_id: UUID
    comment_id: UUID | None = None
    sender_id: UUID | None = None
    title: str = ""
    read: bool = False

    class Settings:
        name = "notifications"

    @property
    def sent_at(self) -> datetime:
        return time_of(self.notification_id)


class UnreadNotification(Document):
    """Q12: only the unread ones: the unread count is this partition's COUNT(*)."""

    user_id: Annotated[UUID, PrimaryKey()]
    notification_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]

    class Settings:
        name = "unread_notifications"


RUN_MODELS: list[type[RunBase]] = [ClusterRun, DriverMatrixRun]


def give_each_run_kind_its_own_columns(models: list[type[RunBase]]) -> None:
    """Work around coodie 1.9.3's schema cache (fixed upstream in scylladb/coodie PR #232).

    `Document._schema()` caches a model's columns on the class and checks the cache with
    hasattr(), which also finds a parent's: once anything builds RunBase's columns, a run kind
    would get them instead of its own. Each kind's columns are built here, at import, from the
    class itself (build_schema reads cls.__dict__)."""
    for cls in models:
        cls.__schema__ = build_schema(cls)


give_each_run_kind_its_own_columns(RUN_MODELS)

MODELS = [
    Release,
    Test,
    RunBucket,
    ClusterRun,  # the plugins' run models: RUN_MODELS
    DriverMatrixRun,
    RunLookup,
    Event,
    Comment,
    Reaction,
    User,
    UserByName,
    Notification,
    UnreadNotification,
]
