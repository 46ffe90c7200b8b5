"""The JSON API (OpenAPI docs at /docs): the same queries as the pages."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, Response

from .. import queries
from ..schemas import (
    AttributeIn,
    BookmarkIn,
    BookmarkOut,
    BookmarkPage,
    NoteIn,
    SourceIn,
    TaggedOut,
    TagPage,
    TagsIn,
    clean_tag,
)

router = APIRouter(prefix="/api", tags=["bookmarks"])
MISSING = {404: {"description": "no such bookmark"}}


def _tag(tag: str) -> str:
    try:
        return clean_tag(tag)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/bookmarks", response_model=BookmarkPage)
async def list_bookmarks(cursor: str | None = None, limit: int = Query(queries.PAGE_SIZE, ge=1, le=100)):
    page = await queries.list_bookmarks(cursor, limit)
    return BookmarkPage(items=[BookmarkOut.of(b) for b in page.items], next_cursor=page.cursor)


@router.post("/bookmarks", response_model=BookmarkOut, status_code=201)
async def create_bookmark(data: BookmarkIn):
    return BookmarkOut.of(await queries.create_bookmark(data))


@router.get("/bookmarks/{bookmark_id}", response_model=BookmarkOut, responses=MISSING)
async def get_bookmark(bookmark_id: UUID):
    return BookmarkOut.of(await queries.get_bookmark(bookmark_id))


@router.delete("/bookmarks/{bookmark_id}", status_code=204, responses=MISSING)
async def delete_bookmark(bookmark_id: UUID):
    await queries.delete_bookmark(bookmark_id)
    return Response(status_code=204)


@router.post("/bookmarks/{bookmark_id}/tags", response_model=BookmarkOut, responses=MISSING)
async def add_tags(bookmark_id: UUID, data: TagsIn):
    return BookmarkOut.of(await queries.add_tags(bookmark_id, data.tags))


@router.delete("/bookmarks/{bookmark_id}/tags/{tag}", response_model=BookmarkOut, responses=MISSING)
async def remove_tag(bookmark_id: UUID, tag: str):
    return BookmarkOut.of(await queries.remove_tag(bookmark_id, _tag(tag)))


@router.post("/bookmarks/{bookmark_id}/history", response_model=BookmarkOut, responses=MISSING)
async def add_note(bookmark_id: UUID, data: NoteIn):
    return BookmarkOut.of(await queries.add_note(bookmark_id, data.note, data.at))


@router.put("/bookmarks/{bookmark_id}/attributes", response_model=BookmarkOut, responses=MISSING)
async def put_attribute(bookmark_id: UUID, data: AttributeIn):
    return BookmarkOut.of(await queries.put_attribute(bookmark_id, data.key, data.value))


@router.delete("/bookmarks/{bookmark_id}/attributes/{key}", response_model=BookmarkOut, responses=MISSING)
async def delete_attribute(bookmark_id: UUID, key: str):
    try:
        key = AttributeIn(key=key).key
    except ValueError as exc:
        raise HTTPException(422, "not an attribute key: 1 to 40 of a-z, 0-9, _ . -") from exc
    return BookmarkOut.of(await queries.delete_attribute(bookmark_id, key))


@router.put("/bookmarks/{bookmark_id}/source", response_model=BookmarkOut, responses=MISSING)
async def set_source(bookmark_id: UUID, data: SourceIn):
    return BookmarkOut.of(await queries.set_source(bookmark_id, data.kind, data.name))


@router.get("/tags/{tag}", response_model=TagPage)
async def tagged(tag: str, via: Literal["lookup", "index"] = "lookup", cursor: str | None = None):
    """The bookmarks with a tag, through the lookup table (Q3) or the index (Q4)."""
    tag = _tag(tag)
    found = await queries.one_way(tag, via, cursor)
    items = [TaggedOut(bookmark_id=b.bookmark_id, title=b.title, url=b.url) for b in found.page.items]
    return TagPage(
        tag=tag, via=via, cql=[s.cql for s in found.statements], items=items, next_cursor=found.page.cursor
    )
