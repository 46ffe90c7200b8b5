"""What a feed row (seed.py --feed) accepts: one test run, as the tracker exports it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

NAME_MAX = 200
TAG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
URL_PATTERN = r"^https?://[^\s]+$"


class FeedRow(BaseModel):
    """One run: its test, when it started, how it went. The run's key is a timeuuid: `run_id`,
    or one made from `started_at` and a hash of the test and build, so a second import of the
    same file rewrites the rows, never adds more."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    test_id: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    test_name: Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
    run_id: UUID | None = None
    started_at: datetime
    status: Literal["passed", "failed", "running"]
    build_number: Annotated[int, Field(ge=1, le=10_000_000)]
    duration: Annotated[float, Field(ge=0, le=30 * 86400)] = 0.0  # seconds
    cost: Annotated[Decimal, Field(ge=0, le=1_000_000, max_digits=12, decimal_places=2)] = Decimal("0")
    investigated: bool = False
    assignee: UUID | None = None
    scylla_version: Annotated[str, Field(min_length=1, max_length=40)]
    tags: Annotated[str, Field(max_length=400)] = ""  # space-separated
    log_url: Annotated[str | None, Field(max_length=500, pattern=URL_PATTERN)] = None

    @field_validator("run_id")
    @classmethod
    def _timeuuid(cls, value: UUID | None) -> UUID | None:
        if value is not None and value.version != 1:
            raise ValueError("must be a timeuuid (a version 1 UUID): runs are ordered by it")
        return value

    @field_validator("started_at")
    @classmethod
    def _utc_milliseconds(cls, value: datetime) -> datetime:
        """UTC without a zone, as both mappers read a timestamp back; milliseconds, as CQL keeps it."""
        value = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        return value.replace(microsecond=value.microsecond // 1000 * 1000)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: str) -> str:
        for tag in value.split():
            if not re.match(TAG_PATTERN, tag):
                raise ValueError(f"tag {tag!r}: lowercase letters, digits and '-', 40 at most")
        return value

    def fields(self, run_id: UUID) -> dict[str, object]:
        """The run's columns, as cqlengine's RunModel.create takes them (a UDT as its fields)."""
        return {
            "test_id": self.test_id,
            "run_id": run_id,
            "test_name": self.test_name,
            "status": self.status,
            "build_number": self.build_number,
            "heartbeat": int(self.started_at.replace(tzinfo=UTC).timestamp()) + round(self.duration),
            "started_at": self.started_at,
            "duration": self.duration,
            "investigated": self.investigated,
            "cost": self.cost,
            "assignee": self.assignee,
            "packages": [{"name": "scylla", "version": self.scylla_version, "built_at": self.started_at}],
            "tags": set(self.tags.split()),
            "links": {"log": self.log_url} if self.log_url else {},
        }
