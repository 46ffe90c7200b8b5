"""One connection per process: the driver session, the keyspace, and coodie on top.

The web app, seed.py, `make schema` and the tests all call `connect()`. It builds the
driver's Cluster itself (instead of letting coodie do it) for three reasons: routing and
consistency come from settings, the CQL panel needs a listener on the session, and an
unreachable database must become one clear line instead of a driver traceback.

Only the commands that create the schema (`make schema`, seed.py, the tests) create the
keyspace: a web process never sends DDL (see schema.py).
"""

from __future__ import annotations

import atexit
import os
import re
import sys
import threading

from cassandra import (
    AuthenticationFailed,
    ConsistencyLevel,
    CoordinationFailure,
    OperationTimedOut,
    ReadTimeout,
    RequestValidationException,
    Timeout,
    Unauthorized,
    Unavailable,
    UnresolvableContactPoints,
    WriteFailure,
    WriteTimeout,
    WriteType,
)
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, NoHostAvailable, Session
from cassandra.connection import ConnectionException
from cassandra.policies import (
    DCAwareRoundRobinPolicy,
    ExponentialReconnectionPolicy,
    RetryPolicy,
    RoundRobinPolicy,
    TokenAwarePolicy,
)
from cassandra.protocol import ErrorMessage, IsBootstrappingErrorMessage, OverloadedErrorMessage
from coodie.sync import create_keyspace as coodie_create_keyspace
from coodie.sync import init_coodie

from . import cql_log
from .settings import Settings

REQUEST_TIMEOUT_S = 20.0
CONNECT_TIMEOUT_S = 5.0

# How soon the driver tries a node again after losing it. One policy serves both the control
# connection (topology and schema events) and every node's connection pool: Cluster has one
# `reconnection_policy`, and cassandra/cluster.py asks it for a new schedule in each place.
# The driver's default, ExponentialReconnectionPolicy(1, 600), doubles the wait after every
# failed attempt up to ten minutes: after a 30 s outage the next attempt can be 30 s away,
# after two minutes, two minutes away, and every request meanwhile is a 503 although the
# database answers again. Here the waits are 1, 2, 4, then 5 s (the driver adds +-15 %
# jitter, so processes do not all knock at once): a process is back at most about 6 s after
# its database, however long the outage was. An attempt at a node that is away costs one
# refused (or timed-out, CONNECT_TIMEOUT_S) TCP connect per node every 5 s per process.
RECONNECT_BASE_S = 1.0
RECONNECT_MAX_S = 5.0

START_HINT = "start one with `make db`, or point SCYLLA_HOSTS and SCYLLA_PORT at yours"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or refused us; the message is one line for a person."""


# Answers a node gives that the retry policy may hand on to the next node, or rethrow.
SERVER_REFUSALS = (OverloadedErrorMessage, IsBootstrappingErrorMessage)

# What the database, or the way to it, can fail with while a request or a command runs:
# the web kits answer these with a 503 page, the commands with one line and exit 1.
# (A retry policy that rethrows instead of trying the next node, like realtime-counters'
# CountOnce, lets a closed connection or a refusal out as itself.)
DATABASE_ERRORS = (
    NoHostAvailable,
    OperationTimedOut,
    Timeout,
    Unavailable,
    CoordinationFailure,
    Unauthorized,
    ConnectionException,
    *SERVER_REFUSALS,
)


def describe_failure(exc: BaseException, settings: Settings | None = None) -> str:
    """One line that names what happened: unreachable, timed out, too few replicas, refused.

    What the driver raises, and when (cassandra/cluster.py, ResponseFuture):
      NoHostAvailable     no node took the request. Its `errors` say why, per node: refused
                          or unreachable (OSError), no TCP answer in time (OperationTimedOut),
                          credentials refused, the connection closed mid-request, or a server
                          answer the retry policy passed on to the next node (Unavailable,
                          overloaded, bootstrapping). Empty, or "Host has been marked down":
                          every node went away while the app ran.
      OperationTimedOut   the client stopped waiting for an answer (request_timeout).
      Unavailable         the coordinator knew too few replicas were alive for the
                          consistency level and refused at once (nothing was written).
      ReadTimeout, WriteTimeout   the coordinator waited for replicas in vain (a write may
                          have been applied anyway).
      ReadFailure, WriteFailure   replicas answered with an error.
    """
    settings = settings or Settings.from_env()
    if isinstance(exc, NoHostAvailable):
        return _no_node_took_it(exc, settings)
    at = f"the database at {settings.where}"
    if isinstance(exc, OperationTimedOut):
        host = getattr(exc, "last_host", None) or settings.where
        seconds = getattr(exc, "timeout", None) or REQUEST_TIMEOUT_S
        return f"the database at {host} timed out: no answer within {seconds:g} s (the client gave up)"
    level = ConsistencyLevel.value_to_name.get(getattr(exc, "consistency", None), "?")
    if isinstance(exc, Unavailable):
        return (
            f"too few replicas alive for consistency {level}: {exc.alive_replicas} alive, "
            f"{exc.required_replicas} needed ({at} refused the request at once)"
        )
    if isinstance(exc, Timeout):
        what = "read" if isinstance(exc, ReadTimeout) else "write"
        text = (
            f"{at} timed out waiting for replicas at consistency {level}: "
            f"{exc.received_responses} of {exc.required_responses} answered the {what}"
        )
        if isinstance(exc, WriteTimeout):
            kind = WriteType.value_to_name.get(exc.write_type, exc.write_type)
            text += f" (a {kind} write: it may have been applied)"
        return text
    if isinstance(exc, CoordinationFailure):
        what = "write" if isinstance(exc, WriteFailure) else "read"
        return (
            f"replicas failed the {what} at consistency {level}: {exc.failures} failed, "
            f"{exc.received_responses} of {exc.required_responses} answered ({at})"
        )
    if isinstance(exc, Unauthorized):
        return f"{at} refused permission: {_server_message(exc)}"
    if isinstance(exc, RequestValidationException):
        return f"{at} refused the request: {_server_message(exc)}"
    if isinstance(exc, ConnectionException):
        return f"the connection to {at} closed during the request (its outcome is unknown)"
    if isinstance(exc, OverloadedErrorMessage):
        return f"{at} is overloaded and refused the request"
    if isinstance(exc, IsBootstrappingErrorMessage):
        return f"{at} is still starting (bootstrapping) and refused the request"
    return f"{at} failed: {type(exc).__name__}: {_first_line(exc)}"


def _no_node_took_it(exc: NoHostAvailable, settings: Settings) -> str:
    """NoHostAvailable: the most telling of the per-node reasons, else what they share."""
    where = settings.where
    by_node = getattr(exc, "errors", None) or {}
    errors = list(by_node.values())
    if any(isinstance(e, AuthenticationFailed) for e in errors):
        return f"the database at {where} refused the credentials in SCYLLA_USERNAME/SCYLLA_PASSWORD"
    # A node answered, with a reason of its own (too few replicas, overloaded ...): say that.
    for error in errors:
        if isinstance(error, (Unavailable, Timeout, CoordinationFailure, Unauthorized, *SERVER_REFUSALS)):
            return describe_failure(error, settings)
    said = [e for e in errors if isinstance(e, ErrorMessage)]
    if said:  # a node answered with an error of its own: that is what to say, not "cannot reach"
        return f"the database at {where} failed the request: {_server_message(said[0])}"
    if all(_marked_down(node, error) for node, error in by_node.items()):
        # Every node went away while we ran: the driver sends nothing and keeps reconnecting.
        return f"cannot reach the database at {where}: no node is up (it stopped, or the network is down)"
    if all(isinstance(e, (OperationTimedOut, TimeoutError)) for e in errors):
        return (
            f"cannot reach the database at {where}: no answer within {CONNECT_TIMEOUT_S:g} s "
            "(is it starting, overloaded, or behind a firewall?)"
        )
    if all(isinstance(e, OSError) for e in errors):  # refused, no route to host ...
        return f"cannot reach the database at {where}: {_os_reason(errors[0])} ({START_HINT})"
    if all(isinstance(e, ConnectionException) for e in errors):
        return f"cannot reach the database at {where}: the connection to it was closed"
    return f"cannot reach the database at {where}: {_first_line(errors[0])}"


def _marked_down(node: object, error: BaseException) -> bool:
    """The driver has marked the node down: it skips it ("Host has been marked down or
    removed"), or the request found its connection closed just as the node went away."""
    return isinstance(error, ConnectionException) and getattr(node, "is_up", None) is False


def _os_reason(error: OSError) -> str:
    """'Tried connecting to [...]. Last error: Connection refused' -> 'connection refused'."""
    reason = str(error).rsplit("Last error: ", 1)[-1].strip() or error.strerror or type(error).__name__
    return reason[:1].lower() + reason[1:]


def _first_line(error: object) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def unavailable_detail(exc: BaseException, settings: Settings | None = None) -> str:
    """The text of every demo's 503 page (and /api/ JSON) for a database error."""
    return f"{describe_failure(exc, settings)}. Try again in a moment."


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
        connect_timeout=CONNECT_TIMEOUT_S,
        control_connection_timeout=CONNECT_TIMEOUT_S,
        reconnection_policy=ExponentialReconnectionPolicy(RECONNECT_BASE_S, RECONNECT_MAX_S),
    )


def connect(
    settings: Settings | None = None, retry_policy: RetryPolicy | None = None, create_keyspace: bool = False
) -> Session:
    """Connect and make coodie use the keyspace (created first when `create_keyspace`).

    `retry_policy` replaces the driver's default one, e.g. to never resend a write that is
    not idempotent (a counter update, a lightweight transaction)."""
    settings = settings or Settings.from_env()
    try:
        cluster = build_cluster(settings, retry_policy)
    except UnresolvableContactPoints:
        hosts = ", ".join(settings.hosts)
        raise DatabaseUnavailable(
            f"cannot reach the database at {hosts}: no such host name (check SCYLLA_HOSTS)"
        ) from None
    try:
        session = cluster.connect()
    except (NoHostAvailable, OperationTimedOut) as exc:
        cluster.shutdown()
        raise DatabaseUnavailable(describe_failure(exc, settings)) from None
    _shut_down_at_exit(cluster)
    session.add_request_init_listener(cql_log.listener)
    if create_keyspace:
        ensure_keyspace(session, settings)
    init_coodie(session=session, keyspace=settings.keyspace)
    return session


# The clusters opened and not closed yet, each with the process that opened it: closed at exit.
_open_clusters: dict[Cluster, int] = {}
_exit_hook_pid: int | None = None  # the process whose exit hook is registered


def _shut_down_at_exit(cluster: Cluster) -> None:
    """Close the cluster when the process exits, early enough for the exit to be quick.

    A process that ends with its connection open (a Django command that connected in ready(),
    a script that never calls close()) otherwise waits 5 s in the driver's own exit hook, which
    joins an event-loop thread that does not stop. A plain atexit hook runs too late to help:
    by then the driver's thread pool is gone and the shutdown leaves the connections open.
    threading's exit hooks run before that (CPython's, private: atexit is the fallback).
    One hook per process closes the clusters it opened that are still open, then ends the
    event loop. A forked child leaves its parent's clusters alone: the sockets are the parent's too.
    """
    global _exit_hook_pid
    pid = os.getpid()
    _open_clusters[cluster] = pid
    if _exit_hook_pid == pid:
        return
    _exit_hook_pid = pid

    def shut_down() -> None:
        if os.getpid() != pid:
            return
        for open_cluster, opened_by in list(_open_clusters.items()):
            if opened_by == pid:
                open_cluster.shutdown()
        _end_event_loop()

    getattr(threading, "_register_atexit", atexit.register)(shut_down)


def _end_event_loop() -> None:
    """Stop the driver's event-loop thread now that every connection is closed.

    The libev loop (the driver's default reactor) keeps running after the last connection
    closes while its timer is still armed for the last request's timeout: its thread does not
    end by itself (measured: still running 10 s after Cluster.shutdown()), and waiting for it
    cost every command a second at exit, every seed.py run and `make schema` included. The
    driver's own exit hook would wait 5 s for it. Flagging the loop as shut down and waking it
    stops that timer (LibevLoop._update_timer), and the thread ends within milliseconds.
    Private driver attributes, hence the guards: another reactor keeps the plain wait."""
    libev = sys.modules.get("cassandra.io.libevreactor")
    loop = getattr(libev, "_global_loop", None)
    if loop is not None and getattr(loop, "_pid", None) == os.getpid() and hasattr(loop, "_shutdown"):
        with loop._lock:
            loop._shutdown = True
        loop.notify()
    # The thread ends a moment after it is woken; the driver's exit hook, next, would
    # otherwise catch it still running and wait out its 5 s.
    for thread in threading.enumerate():
        if thread.name == "event_loop":
            thread.join(timeout=1)


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
    _open_clusters.pop(session.cluster, None)
