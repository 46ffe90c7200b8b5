"""The app factory: connect once per process, create the tables, then blueprints and forms."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from . import connection, flask_web, secret_key
from .routes import api, authors, comments, posts

csrf = CSRFProtect()

NAV = [("Latest", "/"), ("New post", "/posts/new"), ("New author", "/authors/new")]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Raises db.DatabaseUnavailable (one line: how to start a database)."""
    app = Flask(__name__, instance_relative_config=True)
    config = config or {}
    app.config.update(
        SECRET_KEY=config.get("SECRET_KEY") or secret_key.load(app.instance_path),
        # A post body is at most 20,000 characters: refuse requests far bigger before parsing them.
        MAX_CONTENT_LENGTH=1_000_000,
    )
    app.config.update(config)

    # coodie's sync API: one driver session per process, shared by every request thread.
    app.extensions["blog.schema"] = connection.connect()
    app.before_request(connection.ensure)  # after a fork, the child connects again

    csrf.init_app(app)  # every POST form carries a token; the JSON API is exempt (see api.py)
    flask_web.init_app(app, nav=NAV)
    for blueprint in (posts.bp, comments.bp, authors.bp, api.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api.bp)
    return app
