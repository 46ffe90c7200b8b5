"""One connection per process: the driver session, the keyspace, and coodie on top.

The web app, seed.py, `make schema` and the tests all call `connect()`. It builds the
driver's Cluster itself (instead of letting coodie do it) for three reasons: routing and
consistency come from settings, the CQL panel needs a listener on the session, and an
unreachable database must become one clear line instead of a driver traceback.

Only the commands that create the schema (`make schema`, seed.py, the tests) create the
keyspace: a web process never sends DDL (see schema.py).
"""

from __future__ import annotations

import re

from cassandra import (
    AuthenticationFailed,
    ConsistencyLevel,
    CoordinationFailure,
    OperationTimedOut,
    RequestValidationException,
    Timeout,
    Unauthorized,
    Unavailable,
)
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, NoHostAvailable, Session
from cassandra.policies import DCAwareRoundRobinPolicy, RetryPolicy, RoundRobinPolicy, TokenAwarePolicy
from cassandra.protocol import ErrorMessage
from coodie.sync import create_keyspace as coodie_create_keyspace
from coodie.sync import init_coodie

from . import cql_log
from .settings import Settings

REQUEST_TIMEOUT_S = 20.0


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or refused us; the message is one line for a person."""


# What the database, or the way to it, can fail with while a request or a command runs:
# the web kits answer these with a 503 page, the commands with one line and exit 1.
DATABASE_ERRORS = (
    NoHostAvailable,
    OperationTimedOut,
    Timeout,
    Unavailable,
    CoordinationFailure,
    Unauthorized,
)


def describe_failure(exc: BaseException, settings: Settings | None = None) -> str:
    """One line that names what happened: unreachable, timed out, too few replicas, refused."""
    where = (settings or Settings.from_env()).where
    level = ConsistencyLevel.value_to_name.get(getattr(exc, "consistency", None), "?")
    if isinstance(exc, NoHostAvailable):
        said = [e for e in (getattr(exc, "errors", None) or {}).values() if isinstance(e, ErrorMessage)]
        if said:  # a host answered with an error: that is what to say, not "cannot reach"
            return f"the database failed the request: {said[0].message}"
        return _explain(exc, settings or Settings.from_env())
    if isinstance(exc, OperationTimedOut):
        return f"the database at {where} did not answer within {REQUEST_TIMEOUT_S:.0f} s"
    if isinstance(exc, Unavailable):
        return (
            f"too few replicas are alive for consistency {level} "
            f"({exc.alive_replicas} alive, {exc.required_replicas} needed)"
        )
    if isinstance(exc, Timeout):
        return (
            f"the replicas did not answer in time at consistency {level} "
            f"({exc.received_responses} of {exc.required_responses} answered)"
        )
    if isinstance(exc, CoordinationFailure):
        return f"the replicas failed the request at consistency {level} ({exc.failures} failed)"
    if isinstance(exc, Unauthorized):
        return f"the database refused permission: {_server_message(exc)}"
    if isinstance(exc, RequestValidationException):
        return f"the database refused the request: {_server_message(exc)}"
    return f"the database failed: {type(exc).__name__}: {exc}"


def _server_message(exc: BaseException) -> str:
    """What the server said, without the driver's wrapping ('Error from server: code=2100 ...')."""
    text = str(exc)
    found = re.search(r'message="(.*)"$', text, re.DOTALL)
    return (found.group(1) if found else text).rstrip(".")


def build_cluster(settings: Settings, retry_policy: RetryPolicy | None = None) -> Cluster:
    if settings.local_dc:
        # Multi-datacenter: stay in the local DC, and send each request to a replica of its key.
        routing = TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc=settings.local_dc))
    else:
        routing = TokenAwarePolicy(RoundRobinPolicy())
    profile = ExecutionProfile(
        load_balancing_policy=routing,
        consistency_level=getattr(ConsistencyLevel, settings.consistency),
        request_timeout=REQUEST_TIMEOUT_S,
        retry_policy=retry_policy or RetryPolicy(),
    )
    auth = None
    if settings.username:
        auth = PlainTextAuthProvider(username=settings.username, password=settings.password or "")
    return Cluster(
        contact_points=settings.hosts,
        port=settings.port,
        auth_provider=auth,
        execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        connect_timeout=5,
        control_connection_timeout=5,
    )


def connect(
    settings: Settings | None = None, retry_policy: RetryPolicy | None = None, create_keyspace: bool = False
) -> Session:
    """Connect and make coodie use the keyspace (created first when `create_keyspace`).

    `retry_policy` replaces the driver's default one, e.g. to never resend a write that is
    not idempotent (a counter update, a lightweight transaction)."""
    settings = settings or Settings.from_env()
    cluster = build_cluster(settings, retry_policy)
    try:
        session = cluster.connect()
    except (NoHostAvailable, OperationTimedOut) as exc:
        cluster.shutdown()
        raise DatabaseUnavailable(_explain(exc, settings)) from None
    session.add_request_init_listener(cql_log.listener)
    if create_keyspace:
        ensure_keyspace(session, settings)
    init_coodie(session=session, keyspace=settings.keyspace)
    return session


def ensure_keyspace(session: Session, settings: Settings) -> None:
    """coodie never creates keyspaces; the project does, so there is no cqlsh step.

    Only when it is missing: CREATE KEYSPACE IF NOT EXISTS needs the CREATE permission even
    when the keyspace exists, and a role allowed only into its own keyspace may not have it."""
    init_coodie(session=session)  # no keyspace yet: connecting with one would fail
    if settings.keyspace in session.cluster.metadata.keyspaces:
        return
    if settings.dc_replication:
        coodie_create_keyspace(settings.keyspace, dc_replication_map=settings.dc_replication)
    else:
        coodie_create_keyspace(settings.keyspace, replication_factor=settings.simple_replication)


def close(session: Session) -> None:
    session.cluster.shutdown()


def _explain(exc: Exception, settings: Settings) -> str:
    errors = getattr(exc, "errors", {}) or {}
    if any(isinstance(e, AuthenticationFailed) for e in errors.values()):
        return f"the database at {settings.where} refused the credentials in SCYLLA_USERNAME/SCYLLA_PASSWORD"
    if errors and all(isinstance(e, OperationTimedOut) for e in errors.values()):
        return f"the database at {settings.where} did not answer in time: is it overloaded or starting?"
    return (
        f"cannot reach the database at {settings.where}: start one with `make db`, "
        "or point SCYLLA_HOSTS and SCYLLA_PORT at yours"
    )
