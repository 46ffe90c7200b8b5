"""Every read and write the content desk makes, one small function each.

Pages and the seed call these. Every read names a partition key (a month, a feed): no ALLOW
FILTERING, no table scan. Feeds are paged newest first across month partitions with the
driver's paging state (kit/buckets.py), never OFFSET.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid1

from coodie.exceptions import DocumentNotFound

from .kit.buckets import MONTH, BucketPage, newest_first_sync
from .models import TYPE_BY_KIND, Content, ContentMonth, month_of

log = logging.getLogger(__name__)

PAGE_SIZE = 12
ALL = "all"  # ContentMonth's feed of every kind


class UnknownKind(ValueError):
    """A kind no type of this version has (a ?kind= or a /new/<kind> link)."""


def content_class(kind: str) -> type[Content]:
    try:
        return TYPE_BY_KIND[kind]
    except KeyError:
        raise UnknownKind(f"no content type {kind!r}: the types are {', '.join(TYPE_BY_KIND)}") from None


# ---------------------------------------------------------------- writing
def new_content(kind: str, fields: dict[str, Any], content_id: UUID | None = None) -> Content:
    """An item of the type `kind` names; its id (a timeuuid: now, unless given) sets its month."""
    content_id = content_id or uuid1()
    # kind is set here too: coodie writes it to the row on save, but leaves the instance's default
    return content_class(kind)(month=month_of(content_id), content_id=content_id, kind=kind, **fields)


def month_rows(content: Content) -> list[ContentMonth]:
    """The rows that list the item's month: in every item's feed, and in its own type's."""
    return [ContentMonth(feed=feed, month=content.month) for feed in (ALL, content.kind)]


def publish(content: Content, months: list[ContentMonth] | None = None) -> None:
    """The month rows first (idempotent upserts; default: month_rows), then the item: a failure
    in between leaves a month that lists nothing new (one empty read for a feed), never an item
    no feed reaches. coodie writes the class's discriminator value into `kind` (Article ->
    'article')."""
    for row in month_rows(content) if months is None else months:
        row.save()
    content.save()


def create(kind: str, fields: dict[str, Any]) -> Content:
    content = new_content(kind, fields)
    publish(content)
    return content


# ---------------------------------------------------------------- reading one (Q1)
def get_content(content_id: UUID) -> Content:
    """Q1: one read in the item's month partition; the row comes back as its own class
    (an Article, a Video, ...), or as a plain Content when its kind is unknown.
    Raises DocumentNotFound."""
    content = Content.get(month=month_of(content_id), content_id=content_id)
    unknown([content])
    return content


# ---------------------------------------------------------------- the feeds (Q2, Q3, Q4)
def month_before(feed: str, month: str) -> str | None:
    """Q4: the newest month older than `month` that holds items of `feed`: one read."""
    row = ContentMonth.find(feed=feed, month__lt=month).first()
    return row.month if row else None


def months_from(feed: str, start: str | None) -> Iterator[str]:
    """The months that hold items of `feed`, newest first, from `start` (or the newest),
    read one at a time as a page needs them."""
    if start is None:
        row = ContentMonth.find(feed=feed).first()
        start = row.month if row else None
    month = start
    while month is not None:
        yield month
        month = month_before(feed, month)


def feed(kind: str | None = None, cursor: str | None = None, size: int = PAGE_SIZE) -> BucketPage:
    """Q2 (kind None: every type) or Q3 (one type), newest first across month partitions.

    Through `Content`, each row comes back as the class its kind names; through a type
    (`Video`), coodie adds `AND kind = 'video'`, which the index answers inside the month's
    partition. Rows whose kind is unknown are kept (shown as "unknown content") and logged."""
    model = Content if kind is None else content_class(kind)
    page = newest_first_sync(
        lambda month: model.find(month=month),
        lambda start: months_from(kind or ALL, start),
        MONTH,
        size,
        cursor,
    )
    unknown(page.items)
    return page


def unknown(items: list[Content]) -> list[Content]:
    """The items whose kind no type of this version claims (written by an older or newer
    version of the app): one log line each. Pages show them as "unknown content"."""
    found = [item for item in items if not item.known]
    for item in found:
        log.warning(
            "content %s in month %s has kind %r, which this version does not know: shown as unknown content",
            item.content_id,
            item.month,
            item.kind,
        )
    return found


__all__ = ["DocumentNotFound", "UnknownKind"]
