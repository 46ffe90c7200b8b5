"""The FastAPI app: the shared glue (web.create_app: lifespan, /schema, CQL panel, 404/400/503),
the showroom's pages and JSON API, and one answer of its own: a write to a view is a 405."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from . import queries
from .kit.web import create_app
from .models import MODELS
from .routes import api, pages
from .schemas import RefusedOut

app = create_app(
    summary="The same products read by category and by brand: materialized views beside a hand-made table",
    models=MODELS,
    routers=[pages.router, api.router],
    templates=pages.templates,
)


@app.exception_handler(queries.ViewIsReadOnly)
async def view_is_read_only(request: Request, exc: queries.ViewIsReadOnly):
    """A write to a view is the client's mistake, answered with what refused it (never a 500).
    The page that offers the experiment catches its own to show it in place."""
    body = RefusedOut(detail=str(exc), view=exc.view, refusals=exc.refusals)
    return JSONResponse(body.model_dump(), status_code=405, headers={"Allow": "GET"})
