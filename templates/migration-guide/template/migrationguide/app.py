"""The app factory: the Flask kit (kit/web.py) does the plumbing; the guide adds its blueprint.
cqlengine opens its own session on first use (queries.use_cqlengine), in each worker."""

from __future__ import annotations

from typing import Any

from flask import Flask

from .kit import web
from .models import MODELS

NAV = [("Guide", "/"), ("Runs", "/runs")]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Exits with one line when the database is away or has no tables yet."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(**(config or {}))
    web.init_app(app, models=MODELS, nav=NAV)
    from .routes import pages

    app.register_blueprint(pages.bp)
    return app
