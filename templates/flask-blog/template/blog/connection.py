"""One database connection per process: made in create_app(), made again after a fork.

The driver's Cluster runs I/O threads and holds sockets, and neither survives fork(): a
server that forks after the app is created (gunicorn --preload, uWSGI without lazy-apps)
would hand every worker a dead connection. `os.register_at_fork` forgets the connection
in the child, and `ensure()`, run before every request (a pid comparison), connects again
on the child's first request. gunicorn.conf.py shows the same thing as a post_fork hook.
"""

from __future__ import annotations

import os
import threading

from cassandra.cluster import Session

from . import db, schema
from .models import MODELS

_lock = threading.Lock()
_session: Session | None = None
_pid: int | None = None  # the process that owns _session
_schema: list[schema.ModelSchema] = []


def connect() -> list[schema.ModelSchema]:
    """Connect and create the tables (once per process); returns the /schema page's statements.

    Raises db.DatabaseUnavailable with a one-line hint."""
    global _session, _pid, _schema
    with _lock:
        if _session is None or _pid != os.getpid():
            _session, _pid = db.connect(), os.getpid()
        if not _schema:  # coodie caches sync_table per process: a second sync sends nothing
            _schema = schema.sync_models(MODELS)
        return _schema


def ensure() -> None:
    """Reconnect in a forked child; a no-op (one comparison) everywhere else."""
    global _session, _pid
    if _pid == os.getpid():
        return
    with _lock:
        if _pid != os.getpid():
            _session, _pid = db.connect(), os.getpid()


def current() -> Session | None:
    """This process's session (None in a forked child until its first request)."""
    return _session


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
