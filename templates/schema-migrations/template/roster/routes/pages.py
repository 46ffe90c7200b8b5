"""HTML pages. They work without JavaScript; HTMX (when present) refreshes the status in place."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .. import queries
from ..kit.settings import Settings
from ..kit.web import make_templates, page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(nav=[("Migrations", "/")])


async def _status(keyspace: str) -> dict:
    columns, indexes = await queries.live_schema(keyspace)
    diff, in_step = await queries.schema_diff(keyspace)
    return {
        "migrations": await queries.migrations(keyspace),
        "columns": columns,
        "indexes": indexes,
        "diff": diff,
        "in_step": in_step,
        "members": await queries.members(keyspace),
    }


@router.get("/")
async def index(request: Request):
    """Applied and pending migrations, the live schema, schema-diff, and a few members."""
    context = await _status(Settings.from_env().keyspace)
    name = "_status.html" if request.headers.get("HX-Request") == "true" else "index.html"
    return page(templates, request, name, **context)
