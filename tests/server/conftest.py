"""Server-compatibility suite: one real CQL node, reached through coodie.sync and the scylla driver.

Connection settings come from the same environment variables the demos read:
SCYLLA_HOSTS (comma-separated), SCYLLA_PORT, SCYLLA_USERNAME/SCYLLA_PASSWORD, SCYLLA_LOCAL_DC.
Nothing here is mocked: if no database answers, every test errors at setup with one line naming
the host:port it tried.

Each test owns a fresh keyspace. Models are defined inside the test and take that keyspace by
inheriting their inner ``Settings`` from the ``in_keyspace`` fixture::

    def test_something(in_keyspace):
        class Reading(Document):
            ...
            class Settings(in_keyspace):
                name = "readings"

Fresh classes per test also sidestep coodie's per-class schema cache (``__schema__``).
"""

import importlib.util
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self, TypeVar

import pytest
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, NoHostAvailable, Session
from cassandra.policies import DCAwareRoundRobinPolicy, TokenAwarePolicy
from coodie.sync import create_keyspace, drop_keyspace, execute_raw, init_coodie

T = TypeVar("T")


def _kit_waiting():
    """The demos' kit/waiting.py: one implementation of the waits, here and in every project."""
    path = Path(__file__).resolve().parents[2] / "templates/_shared/common/PKG/kit/waiting.py"
    spec = importlib.util.spec_from_file_location("kit_waiting", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


waiting = _kit_waiting()

# Polls get generous deadlines: a loaded two-core machine can take tens of seconds to build an
# index or settle a schema change, and a poll returns as soon as the condition holds anyway.
POLL_TIMEOUT = 45.0
POLL_INTERVAL = 0.2


@dataclass(frozen=True)
class DbSettings:
    hosts: list[str]
    port: int
    username: str | None
    password: str | None
    local_dc: str | None

    @classmethod
    def from_env(cls) -> Self:
        hosts = [h.strip() for h in os.environ.get("SCYLLA_HOSTS", "127.0.0.1").split(",") if h.strip()]
        return cls(
            hosts=hosts,
            port=int(os.environ.get("SCYLLA_PORT", "9042")),
            username=os.environ.get("SCYLLA_USERNAME") or None,
            password=os.environ.get("SCYLLA_PASSWORD") or None,
            local_dc=os.environ.get("SCYLLA_LOCAL_DC") or None,
        )

    @property
    def where(self) -> str:
        return ", ".join(f"{host}:{self.port}" for host in self.hosts)

    def cluster(self) -> Cluster:
        kwargs: dict[str, Any] = {"port": self.port, "connect_timeout": 10, "control_connection_timeout": 10}
        if self.username:
            kwargs["auth_provider"] = PlainTextAuthProvider(self.username, self.password or "")
        # local_dc=None lets the driver take the contact point's DC. An execution profile rather
        # than Cluster(load_balancing_policy=...), which the driver deprecates; coodie copes with
        # profiles by running its queries with a dict_factory copy of this one.
        profile = ExecutionProfile(
            load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc=self.local_dc)),
            request_timeout=30,  # schema changes on a loaded two-core node can be slow
        )
        return Cluster(self.hosts, execution_profiles={EXEC_PROFILE_DEFAULT: profile}, **kwargs)


@dataclass(frozen=True)
class Server:
    """What answers at the other end; a few coodie gaps only exist on one of the two."""

    release_version: str
    is_scylla: bool


@pytest.fixture(scope="session")
def cql_session() -> Iterator[Session]:
    """One driver session for the whole run, handed to coodie as its default connection."""
    settings = DbSettings.from_env()
    cluster = settings.cluster()
    try:
        session = cluster.connect()
    except (NoHostAvailable, OSError) as exc:
        unreachable = (
            f"no CQL database reachable at {settings.where} ({_one_line(exc)}); start one with `make db`"
        )
    else:
        unreachable = ""
    if unreachable:  # failed outside the except block, so pytest shows one line and no exception chain
        cluster.shutdown()
        pytest.fail(unreachable, pytrace=False)
    init_coodie(session=session)
    yield session
    cluster.shutdown()


@pytest.fixture(scope="session")
def server(cql_session: Session) -> Server:
    version = execute_raw("SELECT release_version FROM system.local")[0]["release_version"]
    # ScyllaDB keeps its own tables (scylla_local, scylla_views_builds_in_progress, ...) in `system`.
    tables = execute_raw("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'system'")
    return Server(version, any(row["table_name"].startswith("scylla_") for row in tables))


@pytest.fixture
def keyspace(request: pytest.FixtureRequest, cql_session: Session) -> Iterator[str]:
    """A keyspace that only this test uses, created through coodie and dropped afterwards."""
    name = _keyspace_name(request.node.name)
    create_keyspace(name, replication_factor=1)
    yield name
    drop_keyspace(name)


@pytest.fixture
def in_keyspace(keyspace: str) -> type:
    """Base class for a model's inner ``Settings`` that points it at this test's keyspace.

    A class body cannot read an enclosing function's variable under the name it assigns
    (``keyspace = keyspace`` looks up globals), but base classes are evaluated in the
    enclosing scope, and coodie reads Settings attributes with getattr, so inheritance works.
    """
    return type("InKeyspace", (), {"keyspace": keyspace})


@pytest.fixture
def wait_until() -> Callable[..., Any]:
    return poll_until


@pytest.fixture
def when_index_ready() -> Callable[..., Any]:
    return query_when_index_ready


def poll_until(check: Callable[[], T], what: str, timeout: float = POLL_TIMEOUT) -> T:
    """Call ``check`` until it returns something truthy; return that, or fail after ``timeout``."""
    return waiting.eventually(check, timeout, every=POLL_INTERVAL, what=what)


def query_when_index_ready(run: Callable[[], T], timeout: float = POLL_TIMEOUT) -> tuple[T, int]:
    """Run a query that needs a freshly created SAI index, retrying while the index is still building.

    Cassandra answers ``ReadFailure ... INDEX_NOT_AVAILABLE`` until the build finishes; any other
    error is real and propagates. Returns the query's result and how many attempts were refused.
    """
    return waiting.when_index_ready(run, timeout, every=POLL_INTERVAL)


def _keyspace_name(test_name: str) -> str:
    # CQL identifiers: a letter first, then letters, digits or "_"; at most 48 characters.
    suffix = secrets.token_hex(4)
    stem = re.sub(r"[^a-z0-9]+", "_", test_name.lower().removeprefix("test_")).strip("_")
    return f"srv_{stem[: 48 - len('srv__') - len(suffix)]}_{suffix}"


def _one_line(exc: Exception) -> str:
    if isinstance(exc, NoHostAvailable) and exc.errors:
        return "; ".join(f"{type(err).__name__}: {err}" for err in exc.errors.values())
    return f"{type(exc).__name__}: {exc}"
