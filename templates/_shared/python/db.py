"""One connection per process: the driver session, the keyspace, and coodie on top.

The web app, seed.py and the tests all call `connect()`. It builds the driver's Cluster
itself (instead of letting coodie do it) for three reasons: routing and consistency come
from settings, the CQL panel needs a listener on the session, and an unreachable database
must become one clear line instead of a driver traceback.
"""

from __future__ import annotations

from cassandra import AuthenticationFailed, ConsistencyLevel, OperationTimedOut
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, NoHostAvailable, Session
from cassandra.policies import DCAwareRoundRobinPolicy, RetryPolicy, RoundRobinPolicy, TokenAwarePolicy
from coodie.sync import create_keyspace, init_coodie

from . import cql_log
from .settings import Settings

REQUEST_TIMEOUT_S = 20.0


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or refused us; the message is one line for a person."""


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


def connect(settings: Settings | None = None, retry_policy: RetryPolicy | None = None) -> Session:
    """Connect, create the keyspace when it is missing, and make coodie use it.

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
    ensure_keyspace(session, settings)
    init_coodie(session=session, keyspace=settings.keyspace)
    return session


def ensure_keyspace(session: Session, settings: Settings) -> None:
    """coodie never creates keyspaces; the project does, so there is no cqlsh step."""
    init_coodie(session=session)  # no keyspace yet: connecting with one would fail
    if settings.dc_replication:
        create_keyspace(settings.keyspace, dc_replication_map=settings.dc_replication)
    else:
        create_keyspace(settings.keyspace, replication_factor=settings.simple_replication)


def close(session: Session) -> None:
    session.cluster.shutdown()


def _explain(exc: Exception, settings: Settings) -> str:
    errors = getattr(exc, "errors", {}) or {}
    if any(isinstance(e, AuthenticationFailed) for e in errors.values()):
        return f"the database at {settings.where} refused the credentials in SCYLLA_USERNAME/SCYLLA_PASSWORD"
    return (
        f"cannot reach the database at {settings.where}: start one with `make db`, "
        "or point SCYLLA_HOSTS and SCYLLA_PORT at yours"
    )
