"""Flask blog: posts, tags and comments on coodie's sync API inside a Flask app factory.

`flask --app blog run` finds create_app() here.
"""

from .app import create_app

__all__ = ["create_app"]
