"""HTML pages: the search (by meaning beside by keyword), an item with "more like this", and the
quality figures. They work without JavaScript; HTMX (when present) swaps the results in place."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .. import queries
from ..kit.web import make_templates, page
from ..lsa import model

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(nav=[("Search", "/")])
EXAMPLES = ["stargazing", "latte at home", "growing vegetables", "riding in the rain", "tuning a guitar"]
K = 10
MAX_QUERY = 200


@router.get("/")
async def search(request: Request, q: str = ""):
    q = q.strip()[:MAX_QUERY]
    context = {"q": q, "examples": EXAMPLES, "semantic": [], "keyword": [], "known": []}
    if q:
        context.update(
            semantic=await queries.search(q, K),
            keyword=await queries.keyword_search(q, K),
            known=model().known(q),
        )
    name = "_results.html" if request.headers.get("HX-Request") == "true" else "index.html"
    return page(templates, request, name, **context)


@router.get("/items/{item_id}")
async def item_detail(request: Request, item_id: UUID):
    item, similar = await queries.more_like(item_id, K)
    return page(templates, request, "item.html", item=item, similar=similar)
