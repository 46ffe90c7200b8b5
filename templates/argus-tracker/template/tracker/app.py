"""The app factory: the Flask kit (kit/web.py) does the plumbing; the tracker adds its blueprints."""

from __future__ import annotations

from typing import Any

from flask import Flask

from .kit import web
from .models import MODELS
from .queries import BadReaction, UnknownKind, UnknownUser
from .routes import comments, notifications, pages

NAV = [
    ("Releases", "/"),
    ("Ann's notifications", "/users/ann/notifications"),
]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Exits with one line when the database is away or has no tables yet."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(MAX_CONTENT_LENGTH=100_000, **(config or {}))  # a comment is at most 4,000 characters
    web.init_app(app, models=MODELS, nav=NAV, errors={UnknownKind: 404, UnknownUser: 404, BadReaction: 400})
    for blueprint in (pages.bp, comments.bp, notifications.bp):
        app.register_blueprint(blueprint)
    return app
