"""The Jinja2 environment of the board's pages (Django's Jinja2 backend, see django_settings.TEMPLATES).

The kit gives what base.html and the CQL panel need (kit/web.py: environment()); the board
adds its navigation, the status labels and the "3 hours ago" filter.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.timesince import timesince
from jinja2 import Environment

from .kit import web

NAV = [("Boards", "/")]


def ago(moment: datetime) -> str:
    """ "3 hours ago", or the date for anything older than a week."""
    if timezone.now() - moment > timedelta(days=7):
        return moment.strftime("%Y-%m-%d")
    return f"{timesince(moment).split(',')[0]} ago"


def environment(**options) -> Environment:
    from .tasks.models import Status  # the app registry is ready when Django builds the environment

    env = web.environment(NAV, **options)
    env.globals["status_labels"] = dict(Status.choices)
    env.filters["ago"] = ago
    return env
