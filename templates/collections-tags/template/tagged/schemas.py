"""What the API and the forms accept and return (the models are what is stored)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .models import Bookmark

TAG = re.compile(r"^[a-z0-9][a-z0-9+#.-]{0,31}$")
MAX_TAGS_PER_REQUEST = 20
SourceKind = Literal["browser", "feed", "import", "manual"]


def clean_tag(value: object) -> str:
    """'  Machine Learning ' -> 'machine-learning'; refused unless 1-32 of a-z, 0-9, + # . -"""
    tag = "-".join(str(value).strip().lower().split())
    if not TAG.match(tag):
        raise ValueError(
            f"'{tag}' is not a tag: 1 to 32 of a-z, 0-9, + # . - (starting with a letter or digit)"
        )
    return tag


def clean_key(value: object) -> str:
    """An attribute's key: 'Read Time' is refused, 'read_time' is fine."""
    key = str(value).strip().lower()
    if not re.fullmatch(r"[a-z0-9_.-]{1,40}", key):
        raise ValueError(f"'{key}' is not a key: 1 to 40 of a-z, 0-9, _ . -")
    return key


def tag_list(value: object) -> list[str]:
    """Forms and CSV feeds give tags as one string: "python; databases" (or commas)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(",", ";").split(";")
    return sorted({clean_tag(tag) for tag in value if str(tag).strip()})


class TagsIn(BaseModel):
    """Tags to add to a bookmark: a list, or one string "a; b"."""

    model_config = ConfigDict(extra="forbid")

    tags: Annotated[list[str], Field(min_length=1, max_length=MAX_TAGS_PER_REQUEST)]

    @field_validator("tags", mode="before")
    @classmethod
    def split_tags(cls, value):
        return tag_list(value)


class SourceIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    kind: SourceKind = "manual"
    name: Annotated[str, Field(min_length=1, max_length=80)] = "by hand"


class BookmarkIn(BaseModel):
    """A new bookmark (JSON body, form, or one row of a seed feed)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    url: Annotated[str, Field(min_length=8, max_length=2_000, pattern=r"^https?://\S+$")]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    tags: Annotated[list[str], Field(max_length=MAX_TAGS_PER_REQUEST)] = []
    source_kind: SourceKind = "manual"
    source_name: Annotated[str, Field(min_length=1, max_length=80)] = "by hand"
    attributes: Annotated[dict[str, str], Field(max_length=20)] = {}

    @field_validator("tags", mode="before")
    @classmethod
    def split_tags(cls, value):
        return tag_list(value)

    @field_validator("attributes", mode="before")
    @classmethod
    def split_attributes(cls, value):
        """CSV feeds give attributes as one string: "lang=en; read_time=5 min"."""
        if value is None:
            return {}
        if isinstance(value, str):
            pairs = [part.split("=", 1) for part in value.split(";") if part.strip()]
            if any(len(pair) != 2 for pair in pairs):
                raise ValueError("attributes are key=value pairs separated by ';'")
            value = {k: v for k, v in pairs}
        if not isinstance(value, dict):
            raise ValueError("attributes are an object of text values, or key=value; key=value")
        return {clean_key(k): str(v).strip() for k, v in value.items()}


class NoteIn(BaseModel):
    """A line of the bookmark's history, added at the end (append) or on top (prepend)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    note: Annotated[str, Field(min_length=1, max_length=300)]
    at: Literal["end", "top"] = "end"


class AttributeIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    key: Annotated[str, Field(min_length=1, max_length=40)]
    value: Annotated[str, Field(max_length=300)] = ""

    @field_validator("key", mode="before")
    @classmethod
    def check_key(cls, value):
        return clean_key(value)


class SourceOut(BaseModel):
    kind: str
    name: str


class BookmarkOut(BaseModel):
    bookmark_id: UUID
    url: str
    title: str
    tags: list[str]
    history: list[str]
    attributes: dict[str, str]
    source: SourceOut | None
    created_at: datetime

    @classmethod
    def of(cls, bookmark: Bookmark) -> BookmarkOut:
        # Rows are hydrated without validation: a set arrives as the driver's SortedSet, a map
        # as an OrderedMapSerializedKey, the UDT as a namedtuple (or None for each when empty).
        source = bookmark.source
        return cls(
            bookmark_id=bookmark.bookmark_id,
            url=bookmark.url,
            title=bookmark.title,
            tags=sorted(bookmark.tags or ()),
            history=list(bookmark.history or ()),
            attributes=dict(sorted((bookmark.attributes or {}).items())),
            source=SourceOut(kind=source.kind, name=source.name) if source else None,
            created_at=bookmark.created_at,
        )


class BookmarkPage(BaseModel):
    items: list[BookmarkOut]
    next_cursor: str | None = Field(description="pass back as ?cursor= for the next page")


class TaggedOut(BaseModel):
    bookmark_id: UUID
    title: str
    url: str


class TagPage(BaseModel):
    tag: str
    via: Literal["lookup", "index"]
    cql: list[str] = Field(description="the statements this answer sent")
    items: list[TaggedOut]
    next_cursor: str | None
