"""HTML pages. They work without JavaScript; with HTMX the dashboard's figures refresh every 2 s."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import queries, site
from ..kit.web import make_templates, page, read_form
from ..schemas import HitIn, SimulatorIn, check_page, today
from ..simulator import AlreadyRunning

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(nav=[("Dashboard", "/"), ("Record a hit", "/hits/new")])
templates.env.filters["thousands"] = lambda n: f"{n:,}"


def not_found(request: Request):
    detail = "no such page: it has never been counted"
    return page(templates, request, "error.html", 404, status=404, detail=detail)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else today()
    except ValueError:
        return None


async def _dashboard_context(request: Request, day: date) -> dict:
    last = request.app.state.simulator.last
    # The run's status before the counters: once it says "finished", the figures read next
    # include every hit it counted.
    run = last.status() if last else None
    return {
        "day": day,
        "today": today(),
        "days": [today() - timedelta(days=n) for n in range(7)],
        "run": run,
        "report": await queries.day_report(day),
    }


def _one_hit_cql() -> str:
    return queries.hit_cql(HitIn(page="/pricing", referrer="google.com", views=1, likes=1))


@router.get("/")
async def dashboard(request: Request, day: str = ""):
    chosen = _day(day)
    if chosen is None:
        context = await _dashboard_context(request, today())
        context.update(day_error="not a date: use YYYY-MM-DD", day_value=day, values={}, errors={})
        return page(templates, request, "dashboard.html", 400, hit_cql=_one_hit_cql(), **context)
    context = await _dashboard_context(request, chosen)
    context.update(day_value=day, values={}, errors={}, hit_cql=_one_hit_cql())
    return page(templates, request, "dashboard.html", **context)


@router.get("/live")
async def live(request: Request, day: str = ""):
    """The dashboard's figures alone, for HTMX polling (every 2 s)."""
    return page(templates, request, "_live.html", **await _dashboard_context(request, _day(day) or today()))


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
    context = await _dashboard_context(request, today())
    context.update(values=values, errors=errors, flash=flash, day_value="", hit_cql=_one_hit_cql())
    return page(templates, request, "dashboard.html", status, **context)


@router.get("/hits/new")
async def new_hit(request: Request):
    return page(templates, request, "hit_form.html", values={}, errors={}, pages=site.PAGES)


@router.post("/hits/new")
async def create_hit(request: Request):
    values, data, errors = await read_form(request, HitIn)
    if data is None:
        return page(templates, request, "hit_form.html", 422, values=values, errors=errors, pages=site.PAGES)
    await queries.record_hit(data)
    return RedirectResponse(f"/pages{quote(data.page)}?counted=1", status_code=303)


@router.get("/pages/{path:path}")
async def page_detail(request: Request, path: str):
    try:
        name = check_page("/" + path)
    except ValueError:
        return not_found(request)
    return page(templates, request, "page.html", stats=await queries.page_stats(name))


async def _react(request: Request, change) -> RedirectResponse:
    form = await request.form()
    try:
        name = check_page(str(form.get("page", "")))
    except ValueError:
        return not_found(request)
    await change(name)  # DocumentNotFound -> 404
    return RedirectResponse(f"/pages{quote(name)}#likes", status_code=303)


@router.post("/like")
async def like(request: Request):
    return await _react(request, queries.like)


@router.post("/unlike")
async def unlike(request: Request):
    return await _react(request, queries.unlike)
