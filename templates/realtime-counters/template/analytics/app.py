"""The FastAPI app: connect once in the lifespan, then the dashboard, the JSON API and the simulator."""

from __future__ import annotations

from contextlib import asynccontextmanager

from coodie.exceptions import DocumentNotFound
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from . import db, retries, schema
from .models import MODELS
from .routes import api, pages
from .settings import TITLE, Settings
from .simulator import Simulator
from .web import mount


@asynccontextmanager
async def lifespan(app: FastAPI):
    settings = Settings.from_env()
    session = db.connect(settings)  # one session per process; raises DatabaseUnavailable with a hint
    retries.install(session, settings.keyspace)  # counter updates are never resent
    app.state.schema = await schema.sync_models_async(MODELS)
    app.state.simulator = Simulator()
    yield
    await app.state.simulator.stop()
    db.close(session)


def create_app() -> FastAPI:
    app = FastAPI(title=TITLE, summary="Page views and likes on Cassandra counter tables", lifespan=lifespan)
    app.include_router(pages.router)
    app.include_router(api.router)
    mount(app, pages.templates)

    @app.exception_handler(DocumentNotFound)
    async def not_found(request: Request, exc: DocumentNotFound):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "no such page: it has never been counted"}, status_code=404)
        return pages.not_found(request)

    return app


app = create_app()
