"""The app factory: the Flask kit (kit/web.py) does the plumbing; the content desk adds its blueprints."""

from __future__ import annotations

from typing import Any

from flask import Flask

from .kit import web
from .models import MODELS
from .queries import UnknownKind
from .routes import create, pages

NAV = [
    ("Feed", "/"),
    ("New article", "/new/article"),
    ("New video", "/new/video"),
    ("New podcast", "/new/podcast"),
]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Exits with one line when the database is away or has no tables yet."""
    app = Flask(__name__, instance_relative_config=True)
    # An article body is at most 20,000 characters: refuse requests far bigger before parsing them.
    app.config.update(MAX_CONTENT_LENGTH=1_000_000, **(config or {}))
    web.init_app(app, models=MODELS, nav=NAV, errors={UnknownKind: 404})
    for blueprint in (pages.bp, create.bp):
        app.register_blueprint(blueprint)
    return app
