"""The FastAPI app: the shared glue (web.create_app: lifespan, /schema, CQL panel, 404/400/503)
and the search pages. At start, after the schema check, it waits for the ANN index to be
built: a fresh SAI index answers INDEX_NOT_AVAILABLE until then."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request

from . import queries
from .kit.settings import Settings
from .kit.web import answer, create_app
from .models import MODELS
from .routes import pages

INDEX_WAIT_S = 60  # a fresh index over a few thousand vectors builds in seconds; this is for a loaded machine
log = logging.getLogger("uvicorn.error")


@asynccontextmanager
async def ann_index_ready(app: FastAPI):
    """Wait (and say so) until the ANN index answers, before the first request."""
    await queries.wait_for_ann_index(Settings.from_env().keyspace, INDEX_WAIT_S, say=log.warning)
    yield


app = create_app(
    summary="Items found by meaning: latent semantic analysis, a vector column and an ANN index",
    models=MODELS,
    routers=[pages.router],
    templates=pages.templates,
    running=ann_index_ready,
)


@app.exception_handler(queries.IndexBuilding)
async def index_building(request: Request, exc: queries.IndexBuilding):
    """The index is still being built: a 503 that says so, never a 500."""
    return answer(pages.templates, request, 503, str(exc))
