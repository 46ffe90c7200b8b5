"""The Django kit: what every Django demo gets, so that its own apps hold only their data.

    start       KitConfig.ready() (apps.py) connects the serving process to Cassandra with
                the schema checked, never created (schema.py); `manage.py sync_cassandra`
                creates it. A database that is away or a schema not created is one line
                and exit 1, not a traceback of app loading
    fork        connection.py: one session per process, reopened after a fork (gunicorn
                --preload: call connection.reconnect() in post_fork)
    middleware  CqlCaptureMiddleware: the CQL panel's statements for each request;
                DatabaseErrorMiddleware: 503 with the shared error page, naming what the
                database did (unreachable, timed out, too few replicas), in every mode,
                DEBUG or not, and a hint when a schema step was skipped
    pages       environment(): the Jinja2 globals base.html needs; request_path; the
                /schema view; error pages for 404 and 500
    a test client   pytest-django's `client`, with the `cassandra` fixture in testing.py

Which processes connect (should_connect):
  manage.py runserver   The autoreloader runs two processes: a parent that only watches files,
                        and a child (RUN_MAIN=true) that serves and is restarted on every
                        change. Only the child connects, so there is one connection, not two.
  manage.py shell       connects, to try the coodie models by hand.
  other commands        never touch Cassandra at start; sync_cassandra connects itself.
  WSGI servers          gunicorn, uWSGI, mod_wsgi: connect.
  seed.py, the tests    set CASSANDRA_CONNECT_ON_READY=0: they open their own connection.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cassandra import InvalidRequest
from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from jinja2 import Environment

from . import connection, cql_log, db, schema
from .settings import TITLE, SettingsError

SHELL_COMMANDS = {"shell"}
SETUP_ERRORS = (db.DatabaseUnavailable, schema.SchemaMissing, SettingsError)
SCHEMA_COMMAND = "python manage.py sync_cassandra"


def models() -> list:
    from ..models import MODELS  # the demo's coodie models (kit/ is one level below them)

    return MODELS


def should_connect(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> bool:
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    if not settings.CASSANDRA_CONNECT_ON_READY:
        return False
    command = management_command(argv)
    if command is None:
        return True  # a WSGI server imported the project's wsgi module
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


def connect_or_exit() -> None:
    """Connect with the schema checked; a setup step left undone is one line and exit 1."""
    try:
        connection.connect(models(), settings=settings.CASSANDRA)
    except schema.SchemaMissing as exc:
        raise SystemExit(f"error: {str(exc).replace('make schema', SCHEMA_COMMAND)}") from None
    except SETUP_ERRORS as exc:
        raise SystemExit(f"error: {exc}") from None


# ---------------------------------------------------------------- middleware
class CqlCaptureMiddleware:
    """Record every CQL statement sent while this request runs (see cql_log).

    Pages render inside the `with`, so the CQL panel at the bottom of each page lists what
    that page cost. Requests run in threads under runserver and WSGI servers: the log is a
    ContextVar, so concurrent requests never see each other's statements.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection.ensure()  # after a fork, the child connects again
        with cql_log.capture():
            return self.get_response(request)


class DatabaseErrorMiddleware:
    """The database away (503, naming what happened) or a setup step skipped (503, naming the
    command): the shared error page, never Django's debug page or a bare 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        text = str(exception)
        if isinstance(exception, db.DATABASE_ERRORS):
            detail = db.unavailable_detail(exception, settings.CASSANDRA)
        # Cassandra 5 says "table x does not exist"; older versions and ScyllaDB "unconfigured table x".
        elif isinstance(exception, InvalidRequest) and (
            "unconfigured table" in text or "does not exist" in text
        ):
            detail = f"The Cassandra tables are missing: run `{SCHEMA_COMMAND}` (or `make schema`)."
        elif isinstance(exception, OperationalError) and "no such table" in text:
            detail = "The SQLite tables are missing: run `python manage.py migrate` (or `make schema`)."
        else:
            return None
        return render(request, "error.html", {"status": 503, "detail": detail}, status=503)


# ---------------------------------------------------------------- pages
def environment(nav: list[tuple[str, str]], **options) -> Environment:
    """The Jinja2 environment with what base.html and the CQL panel need; the demo adds its own."""
    from django.templatetags.static import static
    from django.urls import reverse

    env = Environment(**options)
    env.globals.update(
        site={"title": TITLE, "keyspace": settings.CASSANDRA.keyspace, "nav": nav},
        cql_statements=cql_log.current,
        static=static,
        url=lambda name, *args, **kwargs: reverse(name, args=args or None, kwargs=kwargs or None),
    )
    return env


def request_path(request) -> dict[str, str]:
    """Context processor: base.html marks the current page in the navigation."""
    return {"request_path": request.path}


def schema_page(request):
    """/schema: the CQL coodie generates for the models (nothing executed). Needs no login."""
    return render(request, "schema.html", {"schema": schema.planned(models())})


def not_found(request, exception=None):
    detail = "No such page, or nothing here that you may see."
    return render(request, "error.html", {"status": 404, "detail": detail}, status=404)


def server_error(request):
    detail = "Something went wrong on our side; the error is in the server's log."
    return render(request, "error.html", {"status": 500, "detail": detail}, status=500)
