"""What a feed row and the create forms accept: the content desk's rules, in one place.

The HTML forms (forms.py) use the same limits; a feed row (seeding.py) is validated here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

TITLE_MAX = 200
SUMMARY_MAX = 500
AUTHOR_MAX = 80
BODY_MAX = 20_000
URL_MAX = 500
URL_PATTERN = r"^https?://[^\s]+$"
DURATION_MAX = 24 * 3600  # a video of a day at most
MINUTES_MAX = 24 * 60
EPISODE_MAX = 100_000

# Which type each type-specific column belongs to (a row of another type leaves it empty).
OWN_COLUMNS = {
    "article": ("body",),
    "video": ("video_url", "duration_seconds"),
    "podcast": ("audio_url", "episode", "minutes"),
}
OWNER = {column: kind for kind, columns in OWN_COLUMNS.items() for column in columns}


def _utc(value: datetime | None) -> datetime | None:
    """A feed's time without a zone is UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _maybe(kind: type, **limits) -> object:
    return Annotated[kind | None, Field(validate_default=True, **limits)]


class FeedRow(BaseModel):
    """One item of a feed: its kind, the columns every item has, and its own type's columns.

    An item's key is a timeuuid: its `id`, or one made from `published_at` and a hash of its
    kind and title, so that a second import of the same file updates the rows, never adds more.
    """

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    kind: Literal["article", "video", "podcast"]
    id: UUID | None = None
    published_at: Annotated[datetime | None, Field(validate_default=True)] = None
    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX)]
    author: Annotated[str, Field(min_length=1, max_length=AUTHOR_MAX)]
    summary: Annotated[str, Field(max_length=SUMMARY_MAX)] = ""
    body: _maybe(str, min_length=1, max_length=BODY_MAX) = None
    video_url: _maybe(str, max_length=URL_MAX, pattern=URL_PATTERN) = None
    duration_seconds: _maybe(int, ge=1, le=DURATION_MAX) = None
    audio_url: _maybe(str, max_length=URL_MAX, pattern=URL_PATTERN) = None
    episode: _maybe(int, ge=1, le=EPISODE_MAX) = None
    minutes: _maybe(int, ge=1, le=MINUTES_MAX) = None

    @field_validator("id")
    @classmethod
    def _timeuuid(cls, value: UUID | None) -> UUID | None:
        if value is not None and value.version != 1:
            raise ValueError("must be a timeuuid (a version 1 UUID): the item's time is read from it")
        return value

    @field_validator("published_at")
    @classmethod
    def _as_utc(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        if value is None and info.data.get("id") is None:
            raise ValueError("give published_at, or an id (a timeuuid): the item's key is made from one")
        return _utc(value)

    @field_validator(*OWNER)
    @classmethod
    def _own_type_only(cls, value: object, info: ValidationInfo) -> object:
        """A type's own columns are required for that type and empty for the others."""
        kind, owner = info.data.get("kind"), OWNER[info.field_name]
        if kind is None:  # the kind itself is wrong: that is the row's error
            return value
        if kind == owner and value is None:
            raise ValueError(f"required when kind is {kind!r}")
        if kind != owner and value is not None:
            raise ValueError(f"only for kind {owner!r}: leave it empty when kind is {kind!r}")
        return value

    def fields(self) -> dict[str, object]:
        """The item's columns for models.Content and its type (queries.new_content)."""
        common = {"title": self.title, "author": self.author, "summary": self.summary}
        return common | {column: getattr(self, column) for column in OWN_COLUMNS[self.kind]}
