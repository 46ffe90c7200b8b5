"""This process's Cassandra connection: opened once, as Django starts (TasksConfig.ready).

Django runs AppConfig.ready() in every process that loads the project, not only in the one
that serves pages, so `should_connect()` decides:

  manage.py runserver   The autoreloader runs two processes: a parent that only watches files,
                        and a child (RUN_MAIN=true) that serves and is restarted on every
                        change. Only the child connects, so there is one connection, not two.
  manage.py shell       connects, to try the coodie models by hand.
  other commands        migrate, createsuperuser, check ... never touch Cassandra and work with
                        it down; sync_cassandra calls connect() itself.
  WSGI servers          gunicorn, uWSGI, mod_wsgi: connect.
  seed.py, the tests    set CASSANDRA_CONNECT_ON_READY=0: they open their own connection.

Forking servers: the driver keeps sockets and I/O threads, which do not survive fork(), so
each worker must connect after it is forked.
  gunicorn   Without --preload (the default) each worker imports taskboard.wsgi after the
             fork: nothing to do. With --preload, call connection.reconnect() in a post_fork
             hook (the README has one).
  uWSGI      Set `lazy-apps = true` (each worker loads the app), or keep the master loading it
             and call connection.reconnect() from a `@postfork` function (uwsgidecorators).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from cassandra.cluster import Session
from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from .. import db

SHELL_COMMANDS = {"shell"}
_lock = threading.Lock()
_session: Session | None = None


def should_connect(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> bool:
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    if not settings.CASSANDRA_CONNECT_ON_READY:
        return False
    command = management_command(argv)
    if command is None:
        return True  # a WSGI server imported taskboard.wsgi
    if command == "runserver":
        return "--noreload" in argv or environ.get(DJANGO_AUTORELOAD_ENV) == "true"
    return command in SHELL_COMMANDS


def management_command(argv: list[str]) -> str | None:
    """ "migrate" for `manage.py migrate` (or django-admin, python -m django); None otherwise."""
    if not argv:
        return None
    program = Path(argv[0])
    if program.name in ("manage.py", "django-admin") or program.parts[-2:] == ("django", "__main__.py"):
        return argv[1] if len(argv) > 1 else "help"
    return None


def connect() -> Session:
    """The process's session, connecting on first call. Raises db.DatabaseUnavailable."""
    global _session
    with _lock:
        if _session is None:
            # No atexit hook here: the driver registers its own, which shuts the cluster down.
            _session = db.connect(settings.CASSANDRA)
        return _session


def reconnect() -> Session:
    """In a freshly forked worker: forget the parent's session (its sockets and threads
    belong to the parent) and open this worker's own."""
    global _session
    with _lock:
        _session = None
    return connect()
