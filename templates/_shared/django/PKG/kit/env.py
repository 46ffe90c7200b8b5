"""Small helpers for reading Django's settings from the environment."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


class MissingSetting(ImproperlyConfigured):
    """A variable production cannot do without (manage.py prints it as one line)."""


def env_list(name: str) -> list[str]:
    """A comma-separated variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
