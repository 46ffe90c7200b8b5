"""Small helpers for reading Django's settings from the environment."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


class MissingSetting(ImproperlyConfigured):
    """A variable production cannot do without (manage.py prints it as one line)."""


class BadSetting(ImproperlyConfigured):
    """A variable holds a value the project cannot use (manage.py prints it as one line)."""


FLAGS = {"1": True, "true": True, "yes": True, "on": True}
FLAGS.update(dict.fromkeys(("0", "false", "no", "off"), False))


def env_flag(name: str) -> bool:
    """An on/off variable: 1, true, yes, on or 0, false, no, off (unset or empty: off)."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return False
    if value not in FLAGS:
        raise BadSetting(f"{name}={value!r} is neither on nor off: use 1 or 0")
    return FLAGS[value]


def env_list(name: str) -> list[str]:
    """A comma-separated variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
