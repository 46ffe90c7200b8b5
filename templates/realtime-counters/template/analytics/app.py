"""The FastAPI app: the dashboard, the JSON API and the traffic simulator (see web.create_app).

Its session runs with CountOnce, the retry policy that never resends a counter update.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request

from .kit import db
from .kit.web import answer, create_app
from .models import MODELS
from .retries import CountOnce
from .routes import api, pages
from .simulator import Simulator


@asynccontextmanager
async def simulator_running(app: FastAPI):
    app.state.simulator = Simulator()
    yield
    await app.state.simulator.stop()


app = create_app(
    summary="Page views and likes on Cassandra counter tables",
    models=MODELS,
    routers=[pages.router, api.router],
    templates=pages.templates,
    retry_policy=CountOnce(),
    running=simulator_running,
)


async def database_trouble(request: Request, exc: Exception):
    # A counter write that timed out may or may not have counted; retrying could count it
    # twice, so the answer says so instead of guessing (and is never a 500).
    detail = (
        f"{db.describe_failure(exc)}: a hit sent now may or may not have been counted, so it was not retried"
    )
    return answer(pages.templates, request, 503, detail)


for error in db.DATABASE_ERRORS:
    app.add_exception_handler(error, database_trouble)
