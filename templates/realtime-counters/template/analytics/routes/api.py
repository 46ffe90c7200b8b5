"""The JSON API (OpenAPI docs at /docs): the same queries as the dashboard."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel

from .. import queries
from ..schemas import DayReport, HitIn, PageStats, SimulatorIn, SimulatorStatus, check_page, today
from ..simulator import AlreadyRunning

router = APIRouter(prefix="/api", tags=["analytics"])


class Totals(BaseModel):
    page: str
    views: int
    likes: int


def page_of(path: str) -> str:
    """/api/pages/docs/counters -> the page "/docs/counters"; a path that cannot be a page is 404."""
    try:
        return check_page("/" + path)
    except ValueError:
        raise HTTPException(404, "no such page: it has never been counted") from None


def totals_of(row) -> Totals:
    return Totals(page=row.page, views=row.views or 0, likes=row.likes or 0)


@router.get("/dashboard", response_model=DayReport)
async def dashboard(day: date | None = None, top: int = Query(queries.TOP, ge=1, le=100)):
    """What the dashboard shows for one day (default: today, UTC)."""
    return await queries.day_report(day or today(), top)


@router.post("/hits", status_code=204)
async def record_hit(hit: HitIn):
    """Count a hit: one COUNTER batch over the three tables."""
    await queries.record_hit(hit)
    return Response(status_code=204)


@router.get("/pages/{path:path}", response_model=PageStats)
async def page_stats(path: str):
    return await queries.page_stats(page_of(path))


@router.post("/pages/{path:path}/like", response_model=Totals)
async def like(path: str):
    return totals_of(await queries.like(page_of(path)))


@router.post("/pages/{path:path}/unlike", response_model=Totals)
async def unlike(path: str):
    return totals_of(await queries.unlike(page_of(path)))


@router.get("/simulator", response_model=SimulatorStatus | None)
async def simulator_status(request: Request):
    """The running or last simulation; null before the first one."""
    run = request.app.state.simulator.last
    return run.status() if run else None


@router.post("/simulator", response_model=SimulatorStatus, status_code=202)
async def start_simulator(request: Request, body: SimulatorIn):
    """Start a bounded simulation in the app (409 while one runs); poll GET /api/simulator."""
    try:
        run = request.app.state.simulator.start(body.rate, body.seconds)
    except AlreadyRunning as exc:
        raise HTTPException(409, str(exc)) from None
    return run.status()
