"""What the JSON API and seed feeds accept, and what the API returns.

The limits here are the blog's rules; the HTML forms (forms.py) use the same constants.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from cassandra.util import datetime_from_uuid1
from pydantic import BaseModel, ConfigDict, Field, field_validator

TITLE_MAX = 200
BODY_MAX = 20_000
COMMENT_MAX = 5_000
NAME_MAX = 80
BIO_MAX = 500
TAGS_MAX = 8
HANDLE_PATTERN = r"^[a-z0-9][a-z0-9_-]{1,29}$"
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
EXCERPT_CHARS = 180


def parse_tags(value: Any) -> list[str]:
    """ "Python, cassandra" or ["python", "cassandra"] -> ["cassandra", "python"]; ValueError if bad."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    tags = sorted({str(tag).strip().lower() for tag in value if str(tag).strip()})
    bad = [tag for tag in tags if not TAG_PATTERN.match(tag)]
    if bad:
        raise ValueError(f"tags are lowercase letters, digits and '-', up to 30 characters: {bad[0]!r}")
    if len(tags) > TAGS_MAX:
        raise ValueError(f"at most {TAGS_MAX} tags, got {len(tags)}")
    return tags


def excerpt(body: str) -> str:
    """The start of a post for lists: up to EXCERPT_CHARS, cut at a word."""
    flat = " ".join(body.split())
    if len(flat) <= EXCERPT_CHARS:
        return flat
    return flat[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


def posted_at(timeuuid: UUID) -> datetime:
    """A post's or comment's time is in its id: a timeuuid carries its own timestamp."""
    return datetime_from_uuid1(timeuuid).replace(tzinfo=UTC)


Handle = Annotated[str, Field(pattern=HANDLE_PATTERN)]


class _In(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class AuthorIn(_In):
    handle: Handle
    name: Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
    bio: Annotated[str, Field(max_length=BIO_MAX)] = ""


class PostIn(_In):
    author: Handle
    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX)]
    body: Annotated[str, Field(min_length=1, max_length=BODY_MAX)]
    tags: list[str] = []

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value):
        return parse_tags(value)


class CommentIn(_In):
    author: Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
    body: Annotated[str, Field(min_length=1, max_length=COMMENT_MAX)]


# ---------------------------------------------------------------- out (JSON)
# Rows are hydrated without validation: a set<text> arrives as the driver's SortedSet,
# so every output model converts tags to a sorted list itself.


class AuthorOut(BaseModel):
    handle: str
    name: str
    bio: str
    joined: datetime

    @classmethod
    def of(cls, author) -> AuthorOut:
        return cls(handle=author.handle, name=author.name, bio=author.bio or "", joined=author.joined)


class PostSummary(BaseModel):
    post_id: UUID
    posted_at: datetime
    author: str
    author_name: str | None = None
    title: str
    excerpt: str
    tags: list[str]

    @classmethod
    def of(cls, row, author_name: str | None = None) -> PostSummary:
        """A row of timeline, posts_by_tag or posts_by_author (which has no author_name)."""
        return cls(
            post_id=row.post_id,
            posted_at=posted_at(row.post_id),
            author=row.author,
            author_name=getattr(row, "author_name", None) or author_name,
            title=row.title,
            excerpt=row.excerpt,
            tags=sorted(row.tags or ()),
        )


class PostOut(BaseModel):
    post_id: UUID
    posted_at: datetime
    author: str
    author_name: str
    title: str
    body: str
    tags: list[str]

    @classmethod
    def of(cls, post) -> PostOut:
        # Rows are hydrated without validation: a set<text> arrives as the driver's SortedSet.
        return cls(**{**post.__dict__, "posted_at": posted_at(post.post_id), "tags": sorted(post.tags or ())})


class CommentOut(BaseModel):
    post_id: UUID
    comment_id: UUID
    posted_at: datetime
    author: str
    body: str

    @classmethod
    def of(cls, comment) -> CommentOut:
        return cls(
            post_id=comment.post_id,
            comment_id=comment.comment_id,
            posted_at=posted_at(comment.comment_id),
            author=comment.author,
            body=comment.body,
        )
