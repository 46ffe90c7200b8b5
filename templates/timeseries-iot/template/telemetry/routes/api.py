"""The JSON API (OpenAPI docs at /docs): the same queries as the pages."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request

from .. import queries
from ..kit.buckets import DAY
from ..schemas import (
    ReadingIn,
    ReadingOut,
    ReadingsPage,
    RollupOut,
    SensorOut,
    SimulatorIn,
    SimulatorStatus,
    check_sensor_id,
    now,
)
from ..simulator import AlreadyRunning

router = APIRouter(prefix="/api", tags=["telemetry"])
PAGE_SIZE = 50


def reading_out(row) -> ReadingOut:
    return ReadingOut(sensor_id=row.sensor_id, ts=row.ts, value=row.value)


def sensor_out(sensor, latest=None) -> SensorOut:
    return SensorOut(
        sensor_id=sensor.sensor_id,
        kind=sensor.kind,
        unit=sensor.unit,
        location=sensor.location,
        latest=reading_out(latest) if latest else None,
    )


def sensor_id_of(value: str) -> str:
    try:
        return check_sensor_id(value)
    except ValueError:
        raise HTTPException(404, "no such sensor") from None


@router.get("/sensors", response_model=list[SensorOut])
async def sensors():
    """Every sensor (the registry, Q1) with its latest reading (Q3)."""
    found = await queries.sensors()
    latest = await queries.latest(s.sensor_id for s in found)
    return [sensor_out(s, latest.get(s.sensor_id)) for s in found]


@router.post("/readings", response_model=ReadingOut, status_code=201)
async def record(reading: ReadingIn):
    """Store one reading (and register its sensor); its hour's rollup is recomputed."""
    return reading_out(await queries.record(reading))


@router.get("/sensors/{sensor_id}/readings", response_model=ReadingsPage)
async def readings(sensor_id: str, cursor: str | None = None, size: int = Query(PAGE_SIZE, ge=1, le=500)):
    """Newest first; `cursor` (from the previous page) goes on into older days."""
    await queries.sensor(sensor_id_of(sensor_id))  # 404 for unknown sensors
    page = await queries.readings_page(sensor_id, size, cursor)
    return ReadingsPage(
        readings=[reading_out(r) for r in page.items], cursor=page.cursor, days_read=page.buckets_read
    )


@router.get("/sensors/{sensor_id}/rollups", response_model=list[RollupOut])
async def rollups(sensor_id: str, day: str | None = None):
    """One day's hourly min, max, mean and count (default: today, UTC), oldest first."""
    await queries.sensor(sensor_id_of(sensor_id))
    day = day or DAY.of(now())
    if not DAY.is_bucket(day):
        raise HTTPException(422, "day: use YYYY-MM-DD")
    rows = await queries.rollups(sensor_id, day)
    return [RollupOut(hour=r.hour, min=r.min, max=r.max, mean=r.mean, count=r.count) for r in rows]


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
