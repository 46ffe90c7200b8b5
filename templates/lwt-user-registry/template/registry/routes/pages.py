"""HTML pages. They work without JavaScript; HTMX (when present) swaps the accounts pager.

A lost race is shown on the page with status 409: beside the field for a registration, and
with the values that won for an edit. A missing account is the shared 404 page (web.py).
"""

from __future__ import annotations

from uuid import uuid4

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import queries, race
from ..kit.web import make_templates, page, read_form
from ..schemas import ProfileIn, RaceIn, RegistrationIn, UserOut

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(nav=[("Accounts", "/"), ("Race", "/race")])


def _htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


async def _index(request: Request, status: int = 200, cursor: str | None = None, **context):
    accounts = await queries.list_users(cursor)
    context = {"values": {}, "errors": {}, "conflict": None, **context}
    context.update(users=[UserOut.of(u) for u in accounts.items], next_cursor=accounts.cursor)
    name = "_accounts.html" if _htmx(request) and cursor else "index.html"
    return page(templates, request, name, status_code=status, **context)


@router.get("/")
async def index(request: Request, cursor: str | None = None):
    return await _index(request, cursor=cursor, deleted=request.query_params.get("deleted"))


@router.post("/register")
async def register(request: Request):
    values, data, errors = await read_form(request, RegistrationIn)
    if data is None:
        return await _index(request, 422, values=values, errors=errors)
    try:
        user = await queries.register(data)
    except queries.Conflict as exc:
        return await _index(request, 409, values=values, errors={exc.field: str(exc)}, conflict=str(exc))
    return RedirectResponse(f"/users/{user.username}?created=1", status_code=303)


def _profile(request: Request, user, status: int = 200, **context):
    user = UserOut.of(user)
    values = context.pop("values", None) or user.model_dump()
    context = {"errors": {}, "conflict": None, "yours": None, **context}
    return page(templates, request, "user.html", status_code=status, user=user, values=values, **context)


@router.get("/users/{username}")
async def profile(request: Request, username: str):
    user = await queries.get_user(username.lower())
    flags = request.query_params
    return _profile(request, user, created=bool(flags.get("created")), saved=bool(flags.get("saved")))


@router.post("/users/{username}/edit")
async def edit_profile(request: Request, username: str):
    values, data, errors = await read_form(request, ProfileIn)
    if data is None:
        user = await queries.get_user(username.lower())
        return _profile(request, user, 422, values=values, errors=errors)
    try:
        user = await queries.edit_profile(username.lower(), data)
    except queries.VersionConflict as exc:
        # The form keeps your values on top of the winner's version: saving again is the retry.
        retry = {**data.model_dump(), "version": exc.current.version}
        return _profile(request, exc.current, 409, values=retry, conflict=str(exc), yours=data)
    return RedirectResponse(f"/users/{user.username}?saved=1", status_code=303)


@router.post("/users/{username}/delete")
async def delete_account(username: str):
    await queries.delete_account(username.lower())
    return RedirectResponse(f"/?deleted={username.lower()}", status_code=303)


def _race_page(request: Request, status: int = 200, **context):
    tag = uuid4().hex[:4]
    context = {"result": None, "values": {}, "errors": {}, **context}
    suggestions = {"username": f"race_{tag}", "email": f"race.{tag}@example.com"}
    return page(templates, request, "race.html", status_code=status, suggestions=suggestions, **context)


@router.get("/race")
async def race_form(request: Request):
    return _race_page(request)


@router.post("/race")
async def run_race(request: Request):
    values, spec, errors = await read_form(request, RaceIn)
    if spec is None:
        return _race_page(request, 422, values=values, errors=errors, mode=values.get("mode"))
    return _race_page(request, result=await race.run(spec), values=values, mode=spec.mode)
