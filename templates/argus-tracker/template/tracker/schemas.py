"""What a feed row, an ingested event and the comment form accept: the tracker's rules in one place."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .plugins import PLUGINS

NAME_MAX = 80
MESSAGE_MAX = 4000
STATUSES = ("running", "passed", "failed", "aborted")
SEVERITIES = ("CRITICAL", "ERROR", "WARNING", "NORMAL")
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


def _utc(value: datetime) -> datetime:
    """A time without a zone is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _timeuuid(value: UUID | None) -> UUID | None:
    if value is not None and value.version != 1:
        raise ValueError("must be a timeuuid (a version 1 UUID): its time is the row's time")
    return value


def _maybe(kind: type, **limits) -> object:
    return Annotated[kind | None, Field(validate_default=True, **limits)]


class RunRow(BaseModel):
    """One run of a feed: its release and test, when it started, and its kind's own columns.

    A run's key is a timeuuid of start_time whose other bits are a hash of release, test and
    build number: a second import of the same file rewrites the runs, never adds more."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    release: Name
    test: Name
    kind: str  # a kind plugins.PLUGINS registers
    start_time: datetime
    build_number: Annotated[int, Field(ge=1, le=10_000_000)]
    status: Literal[STATUSES] = "passed"
    scylla_version: _maybe(str, min_length=1, max_length=40) = None
    region: _maybe(str, min_length=1, max_length=40) = None
    nodes: _maybe(int, ge=1, le=1000) = None
    driver: _maybe(str, min_length=1, max_length=40) = None
    versions: _maybe(str, min_length=1, max_length=400) = None  # "3.28.2;3.29.0"
    tests_total: _maybe(int, ge=0, le=1_000_000) = None
    tests_failed: _maybe(int, ge=0, le=1_000_000) = None

    @field_validator("kind")
    @classmethod
    def _registered(cls, value: str) -> str:
        if value not in PLUGINS:
            raise ValueError(f"no kind of run {value!r}: the kinds are {', '.join(PLUGINS)}")
        return value

    @field_validator("start_time")
    @classmethod
    def _start_utc(cls, value: datetime) -> datetime:
        return _utc(value)

    @field_validator(*(column for p in PLUGINS.values() for column in p.feed_columns))
    @classmethod
    def _own_kind_only(cls, value: object, info: ValidationInfo) -> object:
        """A kind's own columns are required for that kind and empty for the others."""
        kind = info.data.get("kind")
        owner = next(p.kind for p in PLUGINS.values() if info.field_name in p.feed_columns)
        if kind is None:  # the kind itself is wrong: that is the row's error
            return value
        if kind == owner and value is None:
            raise ValueError(f"required when kind is {kind!r}")
        if kind != owner and value is not None:
            raise ValueError(f"only for kind {owner!r}: leave it empty when kind is {kind!r}")
        return value

    def kind_fields(self) -> dict[str, object]:
        """The run's own columns, as its plugin's model takes them."""
        return PLUGINS[self.kind].from_feed({c: getattr(self, c) for c in PLUGINS[self.kind].feed_columns})


class EventRow(BaseModel):
    """One event of a run, one line of the ingest CLI's JSON Lines. Without an event_id, the id
    is a timeuuid of ts and a hash of the line's content: ingesting a file twice adds nothing."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    severity: Literal[SEVERITIES]
    ts: datetime
    event_type: Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
    message: Annotated[str, Field(max_length=MESSAGE_MAX)] = ""
    node: Annotated[str, Field(max_length=NAME_MAX)] = ""
    event_id: UUID | None = None

    @field_validator("ts")
    @classmethod
    def _ts_utc(cls, value: datetime) -> datetime:
        return _utc(value)

    @field_validator("event_id")
    @classmethod
    def _event_timeuuid(cls, value: UUID | None) -> UUID | None:
        return _timeuuid(value)


class CommentForm(BaseModel):
    """The comment form: who writes it, and what (with @name mentions)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    author: Name
    message: Annotated[str, Field(min_length=1, max_length=MESSAGE_MAX)]
