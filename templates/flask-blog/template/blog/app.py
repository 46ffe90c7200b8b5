"""The app factory: the Flask kit (kit/web.py) does the plumbing; the blog adds its blueprints."""

from __future__ import annotations

from typing import Any

from flask import Flask

from .kit import web
from .models import MODELS
from .routes import api, authors, comments, posts

NAV = [("Latest", "/"), ("New post", "/posts/new"), ("New author", "/authors/new")]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Exits with one line when the database is away or has no tables yet."""
    app = Flask(__name__, instance_relative_config=True)
    # A post body is at most 20,000 characters: refuse requests far bigger before parsing them.
    app.config.update(MAX_CONTENT_LENGTH=1_000_000, **(config or {}))
    web.init_app(app, models=MODELS, nav=NAV)
    for blueprint in (posts.bp, comments.bp, authors.bp, api.bp):
        app.register_blueprint(blueprint)
    web.csrf.exempt(api.bp)  # the JSON API: no forms, no cookies to forge
    return app
