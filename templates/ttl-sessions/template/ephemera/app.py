"""The FastAPI app: connect once in the lifespan, then pages and a JSON API."""

from __future__ import annotations

from contextlib import asynccontextmanager

from cassandra import OperationTimedOut, ReadTimeout, Unavailable, WriteTimeout
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from . import db, schema
from .models import MODELS
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
    app = FastAPI(
        title=TITLE, summary="Sessions and one-time codes that expire on their own (TTL)", lifespan=lifespan
    )
    app.include_router(pages.router)
    app.include_router(api.router)
    mount(app, pages.templates)

    @app.exception_handler(WriteTimeout)
    @app.exception_handler(ReadTimeout)
    @app.exception_handler(Unavailable)
    @app.exception_handler(OperationTimedOut)
    async def database_busy(request: Request, exc: Exception):
        # A timed-out conditional write has an unknown outcome: say so rather than guess.
        detail = f"the database did not answer in time ({type(exc).__name__}): try again"
        return JSONResponse({"detail": detail}, status_code=503)

    return app


app = create_app()
