"""Every read and write the bookmarks make, one small function each.

Collection changes are partial updates: each statement names one column and carries only the
change ("tags" = "tags" + ?), so two clients changing the same bookmark at once both keep
their change, and nothing is read first to be written back (no read-modify-write). The one
read before a change (Q1) only answers 404 for a bookmark that is not there, and gives the
title and url that a tag's lookup row carries; the read after it shows what is stored now,
other clients' changes included.

A tag change touches two tables, `bookmarks` (the set) and `bookmarks_by_tag` (the lookup
row): both statements go in one LOGGED batch, so both land or neither does. coodie 1.9.3's
`Document.update()` takes no `batch=`, so the batch's UPDATE is built with coodie's own
builder from the same `tags__add=` / `tags__remove=` keywords (`_update` below).
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable
from dataclasses import dataclass
from uuid import UUID

from coodie.aio import AsyncBatchQuery
from coodie.cql_builder import build_update, parse_update_kwargs
from coodie.exceptions import DocumentNotFound

from .kit import cql_log, paging
from .models import Bookmark, Source, TaggedBookmark
from .schemas import BookmarkIn

PAGE_SIZE = 20
TAG_PAGE_SIZE = 20


def _update(model, key: dict, **changes) -> tuple[str, list]:
    """The UPDATE that `doc.update(**changes)` sends, as a statement for a batch: coodie's
    builder, fed the same keywords (tags__add={...}, history__append=[...], ...)."""
    set_data, collection_ops = parse_update_kwargs(changes)
    where = [(column, "=", value) for column, value in key.items()]
    # _get_keyspace(): the model's keyspace, or the connection's default (no public name for it)
    return build_update(
        model.table_name(), model._get_keyspace(), set_data, where, collection_ops=collection_ops
    )


# ---------------------------------------------------------------- reads
async def get_bookmark(bookmark_id: UUID) -> Bookmark:
    """Q1. Raises DocumentNotFound."""
    return await Bookmark.get(bookmark_id=bookmark_id)


async def list_bookmarks(cursor: str | None = None, size: int = PAGE_SIZE) -> paging.Page:
    """Q2: every bookmark in token order (the partitioner's, not alphabetical), a page at a time."""
    return await paging.fetch_page(Bookmark.find(), size, cursor)


async def tagged_via_lookup(tag: str, cursor: str | None = None, size: int = TAG_PAGE_SIZE) -> paging.Page:
    """Q3: the tag's partition of the lookup table: one partition, read in order."""
    return await paging.fetch_page(TaggedBookmark.find(tag=tag), size, cursor)


async def tagged_via_index(tag: str, cursor: str | None = None, size: int = TAG_PAGE_SIZE) -> paging.Page:
    """Q4: WHERE tags CONTAINS ?, through the secondary index on the set. Without a partition
    key, the coordinator asks every token range in turn (see the README: on a cluster, every
    node's share of the index)."""
    return await paging.fetch_page(Bookmark.find(tags__contains=tag), size, cursor)


@dataclass
class Found:
    """One way of finding a tag's bookmarks: a page of them, and the statements it sent."""

    via: str  # "lookup" or "index"
    page: paging.Page
    statements: list[cql_log.Statement]

    @property
    def ms(self) -> float:
        return sum(s.ms or 0.0 for s in self.statements)


async def _recorded(via: str, read: Awaitable[paging.Page]) -> Found:
    """Run one way on its own log (for its column of the tag page), then hand its statements
    to the request's log too (for the page's CQL panel)."""
    outer = cql_log.current()
    with cql_log.capture() as log:
        page = await read
    outer.extend(log)
    return Found(via, page, list(log))


async def one_way(tag: str, via: str, cursor: str | None = None) -> Found:
    """Q3 (via="lookup") or Q4 (via="index") for one tag, with the statements it sent."""
    read = tagged_via_lookup if via == "lookup" else tagged_via_index
    return await _recorded(via, read(tag, cursor))


async def both_ways(tag: str, lookup_cursor: str | None = None, index_cursor: str | None = None):
    """Q3 and Q4 for one tag, one after the other (each timed on its own)."""
    return await one_way(tag, "lookup", lookup_cursor), await one_way(tag, "index", index_cursor)


async def every_tag_pair(scan_page: int = 1000) -> tuple[set, set]:
    """(tag, bookmark_id) pairs as the bookmarks hold them and as the lookup table does: two
    full scans, for tests and checks, never for a page."""
    held, looked_up = set(), set()
    cursor = None
    while True:
        page = await paging.fetch_page(Bookmark.find(), scan_page, cursor)
        held |= {(tag, b.bookmark_id) for b in page.items for tag in (b.tags or ())}
        if not (cursor := page.cursor):
            break
    while True:
        page = await paging.fetch_page(TaggedBookmark.find(), scan_page, cursor)
        looked_up |= {(row.tag, row.bookmark_id) for row in page.items}
        if not (cursor := page.cursor):
            break
    return held, looked_up


# ---------------------------------------------------------------- writes: a bookmark whole
def _lookup_row(bookmark: Bookmark, tag: str) -> TaggedBookmark:
    return TaggedBookmark(tag=tag, bookmark_id=bookmark.bookmark_id, title=bookmark.title, url=bookmark.url)


def lookup_key(tag: str, bookmark_id: UUID) -> TaggedBookmark:
    """A lookup row by its key only: enough to delete it (or to name it in a seed's tally)."""
    return TaggedBookmark(tag=tag, bookmark_id=bookmark_id, title="", url="")


async def save_bookmark(bookmark: Bookmark, dropped_tags: set[str] = frozenset()) -> None:
    """The bookmark row whole, a lookup row per tag, and the lookup rows of `dropped_tags`
    deleted: one LOGGED batch. INSERT writes every column, so each collection is written
    whole, and Cassandra marks that with a tombstone before the new elements (README)."""
    async with AsyncBatchQuery(logged=True) as batch:
        await bookmark.save(batch=batch)
        for tag in sorted(bookmark.tags):
            await _lookup_row(bookmark, tag).save(batch=batch)
        for tag in sorted(dropped_tags - set(bookmark.tags)):
            await lookup_key(tag, bookmark.bookmark_id).delete(batch=batch)


async def create_bookmark(data: BookmarkIn) -> Bookmark:
    bookmark = Bookmark(
        url=data.url,
        title=data.title,
        tags=set(data.tags),
        attributes=data.attributes,
        source=Source(kind=data.source_kind, name=data.source_name),
    )
    await save_bookmark(bookmark)
    return bookmark


async def import_bookmark(bookmark: Bookmark) -> None:
    """Write a bookmark whose id may exist already (a feed imported again): the lookup rows of
    tags it no longer has go in the same batch, so the two ways of finding by tag still agree."""
    existing = await Bookmark.find_one(bookmark_id=bookmark.bookmark_id)
    await save_bookmark(bookmark, dropped_tags=set(existing.tags or ()) if existing else set())


async def delete_bookmark(bookmark_id: UUID) -> Bookmark:
    """The bookmark and its lookup rows, in one LOGGED batch."""
    bookmark = await get_bookmark(bookmark_id)
    async with AsyncBatchQuery(logged=True) as batch:
        await bookmark.delete(batch=batch)
        for tag in sorted(bookmark.tags or ()):
            await lookup_key(tag, bookmark_id).delete(batch=batch)
    return bookmark


# ---------------------------------------------------------------- writes: one column, one change
async def add_tags(bookmark_id: UUID, tags: list[str]) -> Bookmark:
    """UPDATE ... SET tags = tags + {...} and a lookup row per tag, in one LOGGED batch.
    Adding a tag the bookmark has already is harmless: a set holds each element once."""
    bookmark = await get_bookmark(bookmark_id)
    async with AsyncBatchQuery(logged=True) as batch:
        batch.add(*_update(Bookmark, {"bookmark_id": bookmark_id}, tags__add=set(tags)))
        for tag in tags:
            await _lookup_row(bookmark, tag).save(batch=batch)
    return await get_bookmark(bookmark_id)


async def remove_tag(bookmark_id: UUID, tag: str) -> Bookmark:
    """UPDATE ... SET tags = tags - {tag} and DELETE its lookup row, in one LOGGED batch."""
    await get_bookmark(bookmark_id)
    async with AsyncBatchQuery(logged=True) as batch:
        batch.add(*_update(Bookmark, {"bookmark_id": bookmark_id}, tags__remove={tag}))
        await lookup_key(tag, bookmark_id).delete(batch=batch)
    return await get_bookmark(bookmark_id)


async def add_note(bookmark_id: UUID, note: str, at: str = "end") -> Bookmark:
    """UPDATE ... SET history = history + [note] (at the end), or = [note] + history (on top).
    Not idempotent: the same append sent twice (a retry after a timeout) adds the note twice."""
    bookmark = await get_bookmark(bookmark_id)
    if at == "top":
        await bookmark.update(history__prepend=[note])
    else:
        await bookmark.update(history__append=[note])
    return await get_bookmark(bookmark_id)


async def put_attribute(bookmark_id: UUID, key: str, value: str) -> Bookmark:
    """UPDATE ... SET attributes[key] = value: one map entry, the others untouched."""
    bookmark = await get_bookmark(bookmark_id)
    await bookmark.update(attributes__put=(key, value))
    return await get_bookmark(bookmark_id)


async def delete_attribute(bookmark_id: UUID, key: str) -> Bookmark:
    """DELETE attributes[key] FROM ...: one map entry, the others untouched."""
    bookmark = await get_bookmark(bookmark_id)
    # delete_columns() warns about dropping columns by hand, which deleting one map key is not
    # (it warns before its first await, so the filter is back in place before another task runs).
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"delete_columns\(\) nullifies", category=UserWarning)
        await bookmark.delete_columns(collection_elements=[("attributes", key)])
    return await get_bookmark(bookmark_id)


async def set_source(bookmark_id: UUID, kind: str, name: str) -> Bookmark:
    """UPDATE ... SET source = ?: a frozen UDT is one value, replaced whole."""
    bookmark = await get_bookmark(bookmark_id)
    await bookmark.update(source=Source(kind=kind, name=name))
    return await get_bookmark(bookmark_id)


__all__ = ["DocumentNotFound"]
