"""HTML pages: import runs and the upload form, the orders of a customer, the orders of a day.

They work without JavaScript; HTMX (when present) swaps the pagers in place. An uploaded file
with bad rows is shown with every problem (status 422) and nothing is written.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from uuid import uuid4

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import UploadFile  # what request.form() holds (FastAPI's is a subclass)

from .. import importing, queries, uploads
from ..kit.web import make_templates, page
from ..models import ImportRun

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(nav=[("Runs", "/"), ("Orders", "/orders")])
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


async def _index(request: Request, status: int = 200, cursor: str | None = None, **context):
    runs = await queries.recent_runs(cursor)
    context = {"problems": [], "refused": None, "checked": None, "mode": "logged", **context}
    name = "_runs.html" if _htmx(request) and cursor else "index.html"
    return page(
        templates,
        request,
        name,
        status_code=status,
        runs=runs.items,
        next_cursor=runs.cursor,
        modes=importing.MODES,
        how=importing.HOW,
        max_mb=uploads.MAX_UPLOAD // (1024 * 1024),
        **context,
    )


@router.get("/")
async def index(request: Request, cursor: str | None = None, imported: str | None = None):
    return await _index(request, cursor=cursor, imported=imported)


def _run_row(name: str, mode: str, outcome: uploads.Outcome) -> ImportRun:
    started = queries.utc_now()
    checked, progress = outcome.checked, outcome.progress
    row = ImportRun(
        month=queries.run_month(started),
        started_at=started,
        run_id=uuid4(),
        file=name,
        mode=mode if progress else "validate",
        outcome="done" if progress else "rejected",
        errors=max(checked.bad_rows, len(checked.fatal)),
        last_day=checked.last_day,
        detail="uploaded",
    )
    if progress:
        row.orders, row.seconds, row.orders_per_s = progress.done, progress.seconds, progress.rate
        row.statements = progress.requests
    else:
        row.seconds = checked.seconds
    return row


@router.post("/upload")
async def upload(request: Request):
    form = await request.form()
    mode = str(form.get("mode") or "logged")
    file = form.get("file")
    if mode not in importing.MODES:
        return await _index(request, 422, refused=f"unknown mode '{mode}'", mode="logged")
    if not isinstance(file, UploadFile):
        return await _index(request, 422, refused="choose a file to upload", mode=mode)
    try:
        outcome = await uploads.run(file, mode)
    except uploads.UploadRefused as exc:
        return await _index(request, 422, refused=str(exc), mode=mode)
    await queries.record_run(_run_row(file.filename or "upload", mode, outcome))
    if outcome.progress is None:
        return await _index(request, 422, problems=outcome.problems, checked=outcome.checked, mode=mode)
    if outcome.progress.error is not None:
        raise outcome.progress.error  # the database failed mid-way: the shared 503 page
    return RedirectResponse(f"/?imported={file.filename}", status_code=303)


def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


@router.get("/orders")
async def orders(
    request: Request, customer: str | None = None, day: str | None = None, cursor: str | None = None
):
    """Q1 with ?customer=, Q2 with ?day=; with neither, the form (the newest run's last day)."""
    context: dict = {"customer": (customer or "").strip(), "day": (day or "").strip(), "error": None}
    listing, status = None, 200
    if context["customer"]:
        listing = await queries.customer_orders(context["customer"], cursor)
        context["heading"] = f"Orders of customer {context['customer']}"
    elif context["day"]:
        if not DAY.match(context["day"]):
            context["error"], status = "a day is written YYYY-MM-DD", 422
        else:
            listing = await queries.day_orders(context["day"], cursor)
            context["heading"] = f"Orders of {context['day']}"
    if not context["day"] and not context["customer"]:
        runs = await queries.recent_runs(size=1)
        context["day"] = next((r.last_day for r in runs.items if r.last_day), _today())
    context.update(
        orders=listing.items if listing else None,
        next_cursor=listing.cursor if listing else None,
        buckets_read=getattr(listing, "buckets_read", None),
    )
    name = "_orders.html" if _htmx(request) and cursor else "orders.html"
    return page(templates, request, name, status_code=status, **context)
