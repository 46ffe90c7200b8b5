"""The Flask kit: what every Flask demo gets, so that its own files hold only its data.

init_app()      called by the demo's create_app(): the secret key, CSRF on every form,
                one database session per process (opened here with the schema checked,
                never created: see schema.py; reopened after a fork: connection.py),
                the CQL panel, the page globals, /schema
CqlCapture      every request records the CQL it causes, for the CQL panel
errors          404 for a missing row or page, 400 for a bad cursor or a refused form,
                503 naming what the database did (unreachable, timed out, too few
                replicas); JSON under /api/, the shared error page elsewhere. A demo
                maps its own exceptions with `errors={BadThing: 400}`
start-up        a database that is away or a schema not created is one line and exit 1
                (SystemExit), not a traceback
<timeuuid:x>    a URL converter that matches version-1 UUIDs only
a test client   the `app`, `client` and `submit` fixtures in testing.py
templates       _forms.html: `field` (a Flask-WTF field with its error), `pager` (newest /
                older, HTMX swapping one region), `flashes`
"""

from __future__ import annotations

from coodie.exceptions import DocumentNotFound
from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import UUIDConverter, ValidationError

from . import connection, cql_log, db, schema, secret_key
from .paging import BadCursor
from .settings import TITLE, Settings, SettingsError

# Start-up failures that are a setup step, not a bug: one line, no traceback.
SETUP_ERRORS = (db.DatabaseUnavailable, schema.SchemaMissing, SettingsError)

csrf = CSRFProtect()


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


def init_app(
    app: Flask,
    *,
    models: list,
    nav: list[tuple[str, str]],
    errors: dict[type[Exception], int] | None = None,
    retry_policy=None,
) -> None:
    """Everything but the demo's blueprints; call it before registering them (their routes
    may use the timeuuid converter). Raises SystemExit with one line when the database is
    away or its tables are not created yet."""
    if not app.config.get("SECRET_KEY"):  # Flask's default config holds None
        app.config["SECRET_KEY"] = secret_key.load(app.instance_path)
    try:
        app.extensions["kit.schema"] = connection.connect(models, retry_policy=retry_policy)
    except SETUP_ERRORS as exc:
        raise SystemExit(f"error: {exc}") from None
    app.before_request(connection.ensure)  # after a fork, the child connects again
    csrf.init_app(app)  # every POST form carries a token (exempt a JSON API's blueprint)

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
    for exception, status in (errors or {}).items():
        app.register_error_handler(exception, lambda exc, status=status: error(status, str(exc)))
    app.register_error_handler(CSRFError, csrf_refused)
    app.register_error_handler(HTTPException, http_error)
    for trouble in db.DATABASE_ERRORS:
        app.register_error_handler(trouble, database_trouble)


def schema_page():
    return render_template("schema.html", schema=current_app.extensions["kit.schema"])


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
    # A timed-out write has an unknown outcome: say what happened instead of guessing.
    return error(503, db.unavailable_detail(exc))
