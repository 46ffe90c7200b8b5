"""The app factory: the Flask kit (kit/web.py) does the plumbing; the guide adds its blueprint
and points cqlengine at the kit's session, so both mappers serve every request."""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import queries
from .kit import connection, web
from .kit.settings import Settings
from .models import MODELS

NAV = [("Guide", "/"), ("Runs", "/runs")]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Exits with one line when the database is away or has no tables yet."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(**(config or {}))
    web.init_app(app, models=MODELS, nav=NAV)
    keyspace = Settings.from_env().keyspace
    # After kit's own hook (a forked child reconnects first): cqlengine follows the session.
    app.before_request(lambda: queries.follow_session(connection.current(), keyspace))
    from .routes import pages

    app.register_blueprint(pages.bp)
    return app
