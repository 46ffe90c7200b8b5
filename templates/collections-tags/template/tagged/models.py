"""The bookmarks' data model, query first.

Queries the pages make, and the table that answers each:

  Q1  a bookmark by id                        bookmarks         PRIMARY KEY (bookmark_id)
  Q2  every bookmark, a page at a time        bookmarks         PRIMARY KEY (bookmark_id), in token order
  Q3  bookmarks with a tag: the lookup table  bookmarks_by_tag  PRIMARY KEY (tag, bookmark_id)
  Q4  bookmarks with a tag: the index         bookmarks         secondary index on tags (CONTAINS)

A bookmark keeps four kinds of collection-ish column, each changed by a statement that names
one column and carries only the change (no read-modify-write):

  tags        set<text>                  "tags" = "tags" + ?    /  "tags" = "tags" - ?
  history     list<text>                 "history" = "history" + ?  /  "history" = ? + "history"
  attributes  map<text, text>            "attributes"[?] = ?    /  DELETE "attributes"[?]
  source      frozen<bookmark_source>    "source" = ?   (a frozen value is one cell: written whole)

Q3 and Q4 answer the same question two ways, side by side on the tag page. The lookup table is
kept in step with `tags` by the writes themselves: a tag change and its lookup row go in one
LOGGED batch (queries.py), so both land or neither does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

from coodie.aio import Document
from coodie.fields import ClusteringKey, Indexed, PrimaryKey
from coodie.usertype import UserType
from pydantic import Field


def utcnow() -> datetime:
    """Now, to the millisecond: a CQL timestamp keeps no more, so what we return is what is stored."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class Source(UserType):
    """Where a bookmark came from. A UDT column is frozen: one cell, replaced whole, never a
    field at a time (and so never a tombstone when it is replaced)."""

    kind: str  # browser, feed, import, manual
    name: str  # "Firefox", "Hacker News", "examples/bookmarks.csv"

    class Settings:
        __type_name__ = "bookmark_source"


class Bookmark(Document):
    """A bookmark (Q1, Q2), found by tag through the index on `tags` (Q4)."""

    bookmark_id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
    url: str
    title: str
    tags: Annotated[set[str], Indexed(index_name="bookmarks_tags_idx")] = Field(default_factory=set)
    history: list[str] = Field(default_factory=list)  # notes, oldest first (prepend puts one on top)
    attributes: dict[str, str] = Field(default_factory=dict)  # free key -> value: "lang" -> "en"
    source: Source | None = None
    created_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "bookmarks"


class TaggedBookmark(Document):
    """tag -> its bookmarks (Q3): one partition per tag, a row per bookmark. It holds what a tag
    listing shows (title, url), so Q3 needs no second read. The pages never edit a title or a
    url; saving a bookmark whole (a feed imported again) rewrites all its lookup rows with it."""

    tag: Annotated[str, PrimaryKey()]
    bookmark_id: Annotated[UUID, ClusteringKey()]
    title: str
    url: str

    class Settings:
        name = "bookmarks_by_tag"


# In the order they are created at start-up (the bookmark_source type comes with bookmarks).
MODELS = [Bookmark, TaggedBookmark]
