"""HTML pages. They work without JavaScript (each form posts, then redirects back); with HTMX a
tag chip, a note, an attribute or the source is changed in place: the route answers with the
section's fragment, and the CQL panel comes along out of band."""

from __future__ import annotations

from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import queries
from ..kit.web import make_templates, page, read_form
from ..schemas import AttributeIn, BookmarkIn, BookmarkOut, NoteIn, SourceIn, TagsIn, clean_tag

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(nav=[("Bookmarks", "/"), ("Find by tag", "/tags")])
# The fragment each section of a bookmark's page is swapped with.
SECTIONS = {
    "tags": "_tags.html",
    "history": "_history.html",
    "attributes": "_attributes.html",
    "source": "_source.html",
}


def _htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


async def _index(request: Request, status: int = 200, cursor: str | None = None, **context):
    bookmarks = await queries.list_bookmarks(cursor)
    context = {"values": {}, "errors": {}, "deleted": None, **context}
    context.update(bookmarks=[BookmarkOut.of(b) for b in bookmarks.items], next_cursor=bookmarks.cursor)
    name = "_bookmarks.html" if _htmx(request) and cursor else "index.html"
    return page(templates, request, name, status_code=status, **context)


@router.get("/")
async def index(request: Request, cursor: str | None = None):
    return await _index(request, cursor=cursor, deleted=request.query_params.get("deleted"))


@router.post("/bookmarks")
async def create_bookmark(request: Request):
    values, data, errors = await read_form(request, BookmarkIn)
    if data is None:
        return await _index(request, 422, values=values, errors=errors)
    bookmark = await queries.create_bookmark(data)
    return RedirectResponse(f"/bookmarks/{bookmark.bookmark_id}?created=1", status_code=303)


def _bookmark_page(request: Request, bookmark, section: str = "", status: int = 200, **context):
    """The whole page, or (for HTMX) the one section that changed."""
    context = {"bookmark": BookmarkOut.of(bookmark), "errors": {}, "values": {}, "done": "", **context}
    name = SECTIONS[section] if section and _htmx(request) else "bookmark.html"
    return page(templates, request, name, status_code=status, **context)


@router.get("/bookmarks/{bookmark_id}")
async def bookmark_detail(request: Request, bookmark_id: UUID):
    created = bool(request.query_params.get("created"))
    return _bookmark_page(request, await queries.get_bookmark(bookmark_id), created=created)


def _changed(request: Request, bookmark, section: str, done: str):
    if _htmx(request):
        return _bookmark_page(request, bookmark, section, done=done)
    return RedirectResponse(f"/bookmarks/{bookmark.bookmark_id}#{section}", status_code=303)


async def _refused(request: Request, bookmark_id: UUID, section: str, values: dict, errors: dict):
    bookmark = await queries.get_bookmark(bookmark_id)
    return _bookmark_page(request, bookmark, section, 422, values={section: values}, errors={section: errors})


@router.post("/bookmarks/{bookmark_id}/tags")
async def add_tags(request: Request, bookmark_id: UUID):
    values, data, errors = await read_form(request, TagsIn)
    if data is None:
        return await _refused(request, bookmark_id, "tags", values, errors)
    bookmark = await queries.add_tags(bookmark_id, data.tags)
    return _changed(request, bookmark, "tags", f"Added {', '.join(data.tags)}")


@router.post("/bookmarks/{bookmark_id}/tags/{tag}/remove")
async def remove_tag(request: Request, bookmark_id: UUID, tag: str):
    try:
        tag = clean_tag(tag)
    except ValueError as exc:
        return await _refused(request, bookmark_id, "tags", {}, {"tags": str(exc)})
    bookmark = await queries.remove_tag(bookmark_id, tag)
    return _changed(request, bookmark, "tags", f"Removed {tag}")


@router.post("/bookmarks/{bookmark_id}/history")
async def add_note(request: Request, bookmark_id: UUID):
    values, data, errors = await read_form(request, NoteIn)
    if data is None:
        return await _refused(request, bookmark_id, "history", values, errors)
    bookmark = await queries.add_note(bookmark_id, data.note, data.at)
    return _changed(request, bookmark, "history", "Prepended" if data.at == "top" else "Appended")


@router.post("/bookmarks/{bookmark_id}/attributes")
async def put_attribute(request: Request, bookmark_id: UUID):
    values, data, errors = await read_form(request, AttributeIn)
    if data is None:
        return await _refused(request, bookmark_id, "attributes", values, errors)
    bookmark = await queries.put_attribute(bookmark_id, data.key, data.value)
    return _changed(request, bookmark, "attributes", f"Put {data.key}")


@router.post("/bookmarks/{bookmark_id}/attributes/{key}/delete")
async def delete_attribute(request: Request, bookmark_id: UUID, key: str):
    try:
        key = AttributeIn(key=key).key
    except ValueError:
        return await _refused(request, bookmark_id, "attributes", {}, {"key": "not an attribute key"})
    bookmark = await queries.delete_attribute(bookmark_id, key)
    return _changed(request, bookmark, "attributes", f"Deleted {key}")


@router.post("/bookmarks/{bookmark_id}/source")
async def set_source(request: Request, bookmark_id: UUID):
    values, data, errors = await read_form(request, SourceIn)
    if data is None:
        return await _refused(request, bookmark_id, "source", values, errors)
    bookmark = await queries.set_source(bookmark_id, data.kind, data.name)
    return _changed(request, bookmark, "source", "Replaced")


@router.post("/bookmarks/{bookmark_id}/delete")
async def delete_bookmark(bookmark_id: UUID):
    bookmark = await queries.delete_bookmark(bookmark_id)
    return RedirectResponse(f"/?deleted={quote(bookmark.title)}", status_code=303)


@router.get("/tags")
async def find_tag(request: Request, tag: str = ""):
    """The search form; a submitted tag goes to its page."""
    if not tag.strip():
        return page(templates, request, "tags.html", tag="", error=None)
    try:
        tag = clean_tag(tag)
    except ValueError as exc:
        return page(templates, request, "tags.html", 422, tag=tag, error=str(exc))
    return RedirectResponse(f"/tags/{quote(tag)}", status_code=303)


@router.get("/tags/{tag}")
async def tagged(request: Request, tag: str, lookup: str | None = None, index: str | None = None):
    """Q3 and Q4 side by side: the same question, each way with the CQL it sent."""
    try:
        tag = clean_tag(tag)
    except ValueError as exc:
        return page(templates, request, "tags.html", 422, tag=tag, error=str(exc))
    by_lookup, by_index = await queries.both_ways(tag, lookup, index)
    same = None
    if not (lookup or index or by_lookup.page.cursor or by_index.page.cursor):  # both whole, on one page
        same = {b.bookmark_id for b in by_lookup.page.items} == {b.bookmark_id for b in by_index.page.items}
    return page(
        templates,
        request,
        "tag.html",
        tag=tag,
        ways=[by_lookup, by_index],
        same=same,
        lookup_cursor=lookup,
        index_cursor=index,
    )
