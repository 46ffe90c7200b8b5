"""The FastAPI app: connect once in the lifespan, then pages and a JSON API."""

from __future__ import annotations

from contextlib import asynccontextmanager

from coodie.exceptions import DocumentNotFound
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from . import db, schema
from .models import MODELS
from .paging import BadCursor
from .routes import api, pages
from .settings import TITLE
from .web import mount


@asynccontextmanager
async def lifespan(app: FastAPI):
    session = db.connect()  # one session per process; raises DatabaseUnavailable with a hint
    app.state.schema = await schema.sync_models_async(MODELS)
    yield
    db.close(session)


def create_app() -> FastAPI:
    app = FastAPI(title=TITLE, summary="Products and reviews on coodie's async API", lifespan=lifespan)
    app.include_router(pages.router)
    app.include_router(api.router)
    mount(app, pages.templates)

    @app.exception_handler(DocumentNotFound)
    async def not_found(request: Request, exc: DocumentNotFound):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "not found"}, status_code=404)
        return pages.not_found(request)

    @app.exception_handler(BadCursor)
    async def bad_cursor(request: Request, exc: BadCursor):
        return JSONResponse({"detail": str(exc)}, status_code=400)

    return app


app = create_app()
