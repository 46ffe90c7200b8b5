"""The content desk's data model, query first: articles, videos and podcasts in ONE table.

  Q1  one item by id, as its own class             contents        PRIMARY KEY (month, content_id DESC)
  Q2  the mixed feed, newest first, paged          contents        PRIMARY KEY (month, content_id DESC)
  Q3  one type's feed, newest first, paged         contents        index on kind, inside one month partition
  Q4  the months that hold content (of one type)   content_months  PRIMARY KEY (feed, month DESC)

`Content` is the base class; `Article`, `Video` and `Podcast` subclass it and share its table.
The `kind` column is the discriminator: coodie writes the class's `__discriminator_value__`
into it on save, and a read through `Content` gives each row back as the class its kind names
(a kind no class claims comes back as a plain `Content`: queries.py shows it as "unknown
content"). A query through a subclass (`Video.find(month=...)`) adds `AND kind = 'video'` itself.

An item's id is a timeuuid: it sorts by time, never collides, and the item's month (its
partition) is read back from the id, so Q1 needs nothing but the id.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from cassandra.util import datetime_from_uuid1
from coodie.fields import ClusteringKey, Discriminator, Indexed, PrimaryKey, TimeUUID
from coodie.schema import build_schema
from coodie.sync import Document
from pydantic import model_validator

from .kit.buckets import MONTH


def month_of(content_id: UUID) -> str:
    """The partition of an item: the UTC month of its timeuuid, e.g. "2026-05"."""
    return MONTH.of(datetime_from_uuid1(content_id))


def published_at(content_id: UUID) -> datetime:
    """An item's time is in its id: a timeuuid carries its own timestamp."""
    return datetime_from_uuid1(content_id).replace(tzinfo=UTC)


class Content(Document):
    """Every item of every type, one partition per month, newest first (Q1, Q2, Q3).

    The index on `kind` is only ever queried with the month given, so Cassandra reads the
    index of one partition on its own replicas: no fan-out to every node, and the few
    distinct kinds (a low-cardinality column, the classic index trap) do not matter.
    """

    month: Annotated[str, PrimaryKey()]  # "2026-05": month_of(content_id)
    content_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    kind: Annotated[str, Discriminator(), Indexed()] = ""
    title: str = ""
    summary: str = ""
    author: str = ""

    class Settings:
        name = "contents"

    @model_validator(mode="before")
    @classmethod
    def _unwritten_columns_take_defaults(cls, data: Any) -> Any:
        """A column a row never had reads back as null (a row written by another version of
        the app, or of another type): the field's default stands in, instead of a
        validation error that would turn a whole page into a 500."""
        if isinstance(data, dict):
            return {name: value for name, value in data.items() if value is not None}
        return data

    @property
    def published_at(self) -> datetime:
        return published_at(self.content_id)

    @property
    def known(self) -> bool:
        """False for a row whose kind no class of this version claims (see queries.unknown)."""
        return type(self) is not Content


class Article(Content):
    """A written piece: its body is the article."""

    body: str = ""

    class Settings:
        name = "contents"  # the base's table: one table for the whole hierarchy
        __discriminator_value__ = "article"

    @property
    def reading_minutes(self) -> int:
        return max(1, round(len(self.body.split()) / 200))  # about 200 words a minute


class Video(Content):
    """A video: where it plays, and how long it runs."""

    video_url: str = ""
    duration_seconds: int = 0

    class Settings:
        name = "contents"  # the base's table: one table for the whole hierarchy
        __discriminator_value__ = "video"


class Podcast(Content):
    """A podcast episode: where the audio is, its number, and its length."""

    audio_url: str = ""
    episode: int = 0
    minutes: int = 0

    class Settings:
        name = "contents"  # the base's table: one table for the whole hierarchy
        __discriminator_value__ = "podcast"


class ContentMonth(Document):
    """The months that hold content, newest first (Q4): where a feed's paging goes next.

    feed "all" lists every month with an item; feed "video" only the months with a video, so
    the videos' feed goes straight to the previous month with one instead of reading empty
    months. A few rows a year per feed: one small partition each.
    """

    feed: Annotated[str, PrimaryKey()]  # "all", or a kind
    month: Annotated[str, ClusteringKey(order="DESC")]

    class Settings:
        name = "content_months"


TYPES: list[type[Content]] = [Article, Video, Podcast]
TYPE_BY_KIND: dict[str, type[Content]] = {cls.Settings.__discriminator_value__: cls for cls in TYPES}


def give_each_type_its_own_columns(types: list[type[Content]]) -> None:
    """Work around coodie 1.9.3's schema cache (fixed upstream in scylladb/coodie PR #232).

    `Document._schema()` caches a model's columns on the class and checks the cache with
    hasattr(), which also sees a parent's attribute: once anything has built Content's columns
    (a sync, a query, the /schema page), Article._schema() returns Content's, without `body`.
    Then `make schema` never adds the subclass's columns, and saving an Article fails. Each
    type's own columns are built here, at import, so that the cache a subclass finds is its
    own whatever runs first. tests/test_models.py fails when this is removed, and when a
    coodie release fixes the bug (then this function can go).
    """
    for cls in types:
        cls.__schema__ = build_schema(cls)  # build_schema checks cls.__dict__: never the parent's


give_each_type_its_own_columns(TYPES)

# Every column of the one table: the base's and each type's.
TABLE_COLUMNS = {column.name for cls in (Content, *TYPES) for column in cls._schema()}


class SiblingColumnsAreNotDrift(logging.Filter):
    """coodie warns "Schema drift detected" when a table has columns its model lacks: syncing
    Article finds Video's columns in the shared table. Those are expected; a column that no
    class of the hierarchy has is still reported."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Schema drift detected: columns") and len(record.args or ()) == 3:
            columns, _keyspace, table = record.args
            return not (table == Content.table_name() and set(columns) <= TABLE_COLUMNS)
        return True


logging.getLogger("coodie").addFilter(SiblingColumnsAreNotDrift())

# In the order they are created by `make schema` (and shown on /schema): the base first, each
# type then adds its own columns to the same table (ALTER TABLE ... ADD).
MODELS = [Content, Article, Video, Podcast, ContentMonth]
