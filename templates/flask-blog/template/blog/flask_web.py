"""Flask glue: the CQL panel, the page globals, /schema and the error pages.

Nothing here is about the blog's data; models, queries and routes live beside this file.
"""

from __future__ import annotations

from cassandra import OperationTimedOut, Timeout, Unavailable
from cassandra.cluster import NoHostAvailable
from coodie.exceptions import DocumentNotFound
from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import UUIDConverter, ValidationError

from . import cql_log
from .paging import BadCursor
from .settings import TITLE, Settings
from .timeline import BadMonth


class CqlCapture:
    """WSGI middleware: every request records the CQL it causes (see cql_log).

    Pages render inside the call, so the panel at the bottom of each page sees it all."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        with cql_log.capture():
            return self.wsgi_app(environ, start_response)


class TimeUUIDConverter(UUIDConverter):
    """<timeuuid:post_id> matches version-1 UUIDs only: Cassandra refuses any other UUID in a
    timeuuid column, so another id is a plain 404, before any query."""

    def to_python(self, value: str):
        uuid = super().to_python(value)
        if uuid.version != 1:
            raise ValidationError()
        return uuid


def init_app(app: Flask, nav: list[tuple[str, str]]) -> None:
    """Call before registering blueprints: their routes use the timeuuid converter."""
    app.url_map.converters["timeuuid"] = TimeUUIDConverter
    app.wsgi_app = CqlCapture(app.wsgi_app)
    app.jinja_env.globals.update(
        site={"title": TITLE, "keyspace": Settings.from_env().keyspace, "nav": nav},
        cql_statements=cql_log.current,
    )
    app.context_processor(lambda: {"request_path": request.path})
    app.add_url_rule("/schema", "schema", schema_page)
    app.register_error_handler(
        DocumentNotFound, lambda exc: error(404, "Not found: it may have been deleted.")
    )
    app.register_error_handler(BadCursor, lambda exc: error(400, str(exc)))
    app.register_error_handler(BadMonth, lambda exc: error(400, str(exc)))
    app.register_error_handler(CSRFError, csrf_refused)
    app.register_error_handler(HTTPException, http_error)
    for trouble in (Timeout, Unavailable, OperationTimedOut, NoHostAvailable):
        app.register_error_handler(trouble, database_trouble)


def schema_page():
    return render_template("schema.html", schema=current_app.extensions["blog.schema"])


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error(status: int, detail: str):
    """JSON under /api/, else the shared error page."""
    if wants_json():
        return jsonify(detail=detail), status
    return render_template("error.html", status=status, detail=detail), status


def csrf_refused(exc: CSRFError):
    # Flask-WTF's reasons ("The CSRF token is missing.") are clear enough to show as they are.
    return error(400, f"Form refused: {exc.description} Reload the page and send it again.")


def http_error(exc: HTTPException):
    return error(exc.code or 500, exc.description or exc.name)


def database_trouble(exc: Exception):
    # A timed-out write has an unknown outcome: say so instead of guessing, and never a bare 500.
    return error(503, f"the database did not answer in time ({type(exc).__name__}): try again")
