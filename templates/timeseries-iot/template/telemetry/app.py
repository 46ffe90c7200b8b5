"""The FastAPI app: the dashboard, the sensor pages, the JSON API and the simulator (see web.create_app)."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from .kit.web import create_app
from .models import MODELS
from .routes import api, pages
from .simulator import Simulator


@asynccontextmanager
async def simulator_running(app: FastAPI):
    app.state.simulator = Simulator()
    yield
    await app.state.simulator.stop()


app = create_app(
    summary="Sensor readings by sensor and day, rolled up by the hour",
    models=MODELS,
    routers=[pages.router, api.router],
    templates=pages.templates,
    running=simulator_running,
)
