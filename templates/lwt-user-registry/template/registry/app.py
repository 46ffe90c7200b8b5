"""The FastAPI app: the shared glue (web.create_app: lifespan, /schema, CQL panel, 404/400/503),
the registry's pages and JSON API, and two answers of its own: a lost race is a 409, an
abandoned registration a 503."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from . import queries
from .kit.web import answer, create_app
from .models import MODELS
from .routes import api, pages
from .schemas import ConflictOut, UserOut

app = create_app(
    summary="Unique usernames and e-mails, optimistic locking: lightweight transactions on coodie",
    models=MODELS,
    routers=[pages.router, api.router],
    templates=pages.templates,
)


@app.exception_handler(queries.Conflict)
async def conflict(request: Request, exc: queries.Conflict):
    """A lost race is a 409 with what won, never a 500 (the pages catch theirs to show them)."""
    current = UserOut.of(exc.current) if exc.current else None
    body = ConflictOut(detail=str(exc), field=exc.field, current=current)
    return JSONResponse(body.model_dump(mode="json"), status_code=409)


@app.exception_handler(queries.Abandoned)
async def abandoned(request: Request, exc: queries.Abandoned):
    """Nothing of it was kept: the same request may simply be sent again."""
    return answer(pages.templates, request, 503, str(exc))
