"""The FastAPI app: connect once in the lifespan, then pages and a JSON API."""

from __future__ import annotations

from contextlib import asynccontextmanager

from cassandra import OperationTimedOut, Timeout, Unavailable
from cassandra.cluster import NoHostAvailable
from coodie.exceptions import DocumentNotFound
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from . import db, queries, schema
from .models import MODELS
from .paging import BadCursor
from .routes import api, pages
from .schemas import ConflictOut, UserOut
from .settings import TITLE
from .web import mount


@asynccontextmanager
async def lifespan(app: FastAPI):
    session = db.connect()  # one session per process; raises DatabaseUnavailable with a hint
    app.state.schema = await schema.sync_models_async(MODELS)
    yield
    db.close(session)


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app() -> FastAPI:
    app = FastAPI(
        title=TITLE, summary="Unique usernames and e-mails, optimistic locking: LWT", lifespan=lifespan
    )
    app.include_router(pages.router)
    app.include_router(api.router)
    mount(app, pages.templates)

    @app.exception_handler(queries.Conflict)
    async def conflict(request: Request, exc: queries.Conflict):
        """A lost race is a 409 with what won, never a 500 (the pages catch theirs themselves)."""
        current = UserOut.of(exc.current) if exc.current else None
        body = ConflictOut(detail=str(exc), field=exc.field, current=current)
        return JSONResponse(body.model_dump(mode="json"), status_code=409)

    @app.exception_handler(DocumentNotFound)
    async def not_found(request: Request, exc: DocumentNotFound):
        if _api(request):
            return JSONResponse({"detail": "no such account"}, status_code=404)
        return pages.not_found(request)

    @app.exception_handler(BadCursor)
    async def bad_cursor(request: Request, exc: BadCursor):
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(Timeout)
    @app.exception_handler(Unavailable)
    @app.exception_handler(OperationTimedOut)
    @app.exception_handler(NoHostAvailable)
    async def database_busy(request: Request, exc: Exception):
        """Paxos could not finish in time (contention, a replica down): 503, try again."""
        detail = f"the database did not confirm in time ({type(exc).__name__}): reload and try again"
        if _api(request):
            return JSONResponse({"detail": detail}, status_code=503)
        return pages.unavailable(request, detail)

    return app


app = create_app()
