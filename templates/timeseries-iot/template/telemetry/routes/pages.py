"""HTML pages. They work without JavaScript; with HTMX the dashboard refreshes every 2 s."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import charts, queries
from ..kit.buckets import DAY
from ..kit.web import make_templates, page, read_form
from ..schemas import SimulatorIn, check_sensor_id, now
from ..simulator import AlreadyRunning

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(nav=[("Dashboard", "/")])
PAGE_SIZE = 20


def not_found(request: Request):
    return page(templates, request, "error.html", 404, status=404, detail="no such sensor")


async def _live_context(request: Request) -> dict:
    last = request.app.state.simulator.last
    run = last.status() if last else None  # before the reads: "finished" means all is in them
    sensors = await queries.sensors()
    ids = [s.sensor_id for s in sensors]
    latest = await queries.latest(ids)
    since = queries.last_day_start()
    last_day = await queries.last_day_rollups(ids, at=since + timedelta(hours=23))
    return {
        "run": run,
        "sensors": sensors,
        "latest": latest,
        "sparks": {sid: charts.sparkline(rows, since) for sid, rows in last_day.items()},
        "counts": {sid: sum(r.count for r in rows) for sid, rows in last_day.items()},
    }


@router.get("/")
async def dashboard(request: Request):
    context = await _live_context(request)
    return page(templates, request, "dashboard.html", values={}, errors={}, **context)


@router.get("/live")
async def live(request: Request):
    """The dashboard's sensors and the simulator's state alone, for HTMX polling (every 2 s)."""
    return page(templates, request, "_live.html", **await _live_context(request))


@router.post("/simulate")
async def simulate(request: Request):
    values, data, errors = await read_form(request, SimulatorIn)
    status, flash = 422, None
    if data is not None:
        try:
            request.app.state.simulator.start(data.rate, data.seconds)
            return RedirectResponse("/?started=1", status_code=303)
        except AlreadyRunning as exc:
            status, flash = 409, str(exc)
    context = await _live_context(request)
    return page(
        templates, request, "dashboard.html", status, values=values, errors=errors, flash=flash, **context
    )


@router.get("/sensors/{sensor_id}")
async def sensor_page(request: Request, sensor_id: str, day: str = "", cursor: str | None = None):
    try:
        sensor_id = check_sensor_id(sensor_id)
    except ValueError:
        return not_found(request)
    sensor = await queries.sensor(sensor_id)  # DocumentNotFound -> 404
    today = DAY.of(now())
    chosen = day or today
    if not DAY.is_bucket(chosen):
        return page(templates, request, "error.html", 400, status=400, detail="day: use YYYY-MM-DD")
    rollups = await queries.rollups(sensor_id, chosen)
    readings = await queries.readings_page(sensor_id, PAGE_SIZE, cursor)  # BadCursor -> 400
    days = [DAY.of(now() - timedelta(days=n)) for n in range(7)]
    return page(
        templates,
        request,
        "sensor.html",
        sensor=sensor,
        day=chosen,
        today=today,
        days=days,
        rollups=rollups,
        chart=charts.hourly_chart(rollups),
        readings=readings,
        cursor=cursor,
    )
