"""What a kind of test run is made of."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from faker import Faker

from ..models import RunBase


class UnknownKind(ValueError):
    """A kind of run no plugin registers (a feed row, a ?kind=, a test row of another version)."""


@dataclass(frozen=True)
class Plugin:
    kind: str  # stored in tests.kind and run_lookup.kind: never rename one
    label: str  # "Cluster test"
    model: type[RunBase]  # its own table
    summary: Callable[[Any], str]  # the one line a run list shows for a run of this kind
    fake_fields: Callable[[Faker, random.Random], dict[str, Any]]  # the seed's fake runs
    feed_columns: tuple[str, ...] = ()  # its columns in a feed file (schemas.RunRow)
    from_feed: Callable[[dict[str, Any]], dict[str, Any]] = dict  # a feed row's columns -> model fields

    @property
    def section(self) -> str:
        """The template that shows a run's own columns on its page."""
        return f"runs/{self.kind}.html"
