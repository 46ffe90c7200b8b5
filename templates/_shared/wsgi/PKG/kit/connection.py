"""This process's database session, for the thread-per-request frameworks (Flask, Django).

Every request thread shares one driver session, opened once per process when the app
starts (`connect`), with the schema checked (never created: see schema.py).

The driver's Cluster runs I/O threads and holds sockets, and neither survives fork(): a
server that forks after the app is loaded (gunicorn --preload, uWSGI without lazy-apps)
would hand every worker a dead connection. `os.register_at_fork` forgets the session in the
child, and `ensure()`, run before every request (a pid comparison), connects again on the
child's first request; `reconnect()` does it at once, for a post_fork hook.
"""

from __future__ import annotations

import os
import threading

from cassandra.cluster import Session
from cassandra.policies import RetryPolicy

from . import db, schema
from .settings import Settings

_lock = threading.Lock()
_session: Session | None = None
_pid: int | None = None  # the process that owns _session
_models: list = []
_retry_policy: RetryPolicy | None = None
_planned: list[schema.ModelSchema] = []


def connect(
    models: list, settings: Settings | None = None, retry_policy: RetryPolicy | None = None
) -> list[schema.ModelSchema]:
    """Connect (once per process) and check the schema; returns the /schema page's statements.

    Raises db.DatabaseUnavailable or schema.SchemaMissing, each with a one-line hint."""
    global _session, _pid, _models, _retry_policy, _planned
    with _lock:
        _models, _retry_policy = list(models), retry_policy
        settings = settings or Settings.from_env()
        if _session is None or _pid != os.getpid():
            _session, _pid = db.connect(settings, retry_policy=retry_policy), os.getpid()
        schema.check(_session, settings.keyspace, _models)
        if not _planned:
            _planned = schema.planned(_models)
        return _planned


def ensure() -> None:
    """Reconnect in a forked child; a no-op (one comparison) everywhere else, and in a
    process that never connected through here (the tests open their own session)."""
    if _pid is None or _pid == os.getpid():
        return
    reconnect()


def reconnect() -> Session:
    """Open this process's own session now (a forking server's post_fork hook calls this)."""
    global _session, _pid
    with _lock:
        if _session is None or _pid != os.getpid():
            _session, _pid = db.connect(retry_policy=_retry_policy), os.getpid()
        return _session


def current() -> Session | None:
    """This process's session (None in a forked child until its first request)."""
    return _session


def planned() -> list[schema.ModelSchema]:
    return _planned


def close() -> None:
    global _session, _pid
    with _lock:
        if _session is not None and _pid == os.getpid():
            db.close(_session)
        _session, _pid = None, None


def _forget_in_child() -> None:
    # The parent's session is unusable here (its threads did not follow the fork); drop it
    # without shutting it down, which would wait on those threads. _pid still names the
    # parent, so ensure() reconnects. A fresh lock: one held during the fork stays held.
    global _session, _lock
    _session, _lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_in_child)
