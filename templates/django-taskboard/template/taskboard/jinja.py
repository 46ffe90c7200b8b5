"""The Jinja2 environment of the demo's pages (Django's Jinja2 backend, see django_settings.TEMPLATES).

base.html and the CQL panel are shared by every coodie demo; they need `site`,
`cql_statements` and `request_path`. Django adds `request` and `csrf_input` itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from jinja2 import Environment

from . import cql_log
from .settings import TITLE

NAV = [("Boards", "/")]


def url(name: str, *args, **kwargs) -> str:
    """{{ url("board", slug=board.slug) }}: Django's reverse()."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def ago(moment: datetime) -> str:
    """ "3 hours ago", or the date for anything older than a week."""
    if timezone.now() - moment > timedelta(days=7):
        return moment.strftime("%Y-%m-%d")
    return f"{timesince(moment).split(',')[0]} ago"


def _status_labels() -> dict[str, str]:
    from .tasks.models import Status  # the app registry is ready when Django builds the environment

    return dict(Status.choices)


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(
        site={"title": TITLE, "keyspace": settings.CASSANDRA.keyspace, "nav": NAV},
        cql_statements=cql_log.current,
        url=url,
        static=static,
        status_labels=_status_labels(),
    )
    env.filters["ago"] = ago
    return env


def request_path(request) -> dict[str, str]:
    """Context processor: base.html marks the current page in the navigation."""
    return {"request_path": request.path}
