"""Polymorphic CMS: articles, videos and podcasts in one table, on coodie's sync API in Flask.

`flask --app contentdesk run` finds create_app() here.
"""

from .app import create_app

__all__ = ["create_app"]
