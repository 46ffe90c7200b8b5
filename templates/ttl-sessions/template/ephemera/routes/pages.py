"""HTML pages. They work without JavaScript: every TTL on them is the value Cassandra reported
when the page was rendered. A small script counts those values down each second, and HTMX
(when present) re-reads the board from the database every 10 seconds."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from .. import queries
from ..kit.web import make_templates, page, read_form
from ..models import CODE_TTL, SESSION_DEFAULT_TTL
from ..schemas import CodeIn, LoginIn, UseCodeIn

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(nav=[("Live sessions", "/")])

COOKIE = "ephemera_session"
TTL_CHOICES = [
    ("", f"Table default ({SESSION_DEFAULT_TTL // 60} min)"),
    ("60", "1 minute"),
    ("300", "5 minutes"),
    ("3600", "1 hour"),
]
FLASHES = {
    "in": "You are logged in. Your session will expire on its own unless you extend it.",
    "code": "Logged in with a one-time code. The code row is deleted: it cannot be used again.",
    "extended": "Session extended: its rows were rewritten with a fresh TTL.",
    "out": "Logged out: your session rows were deleted.",
    "expired": "Your session had expired: Cassandra dropped it when its TTL ran out.",
}
BROWSERS = ["Edge", "Firefox", "Chrome", "Safari", "curl", "python-httpx"]
SYSTEMS = ["Windows", "Android", "iPhone", "Mac OS", "Linux"]


def no_such_code(request: Request):
    detail = "No such code: it was used, it expired, or it never existed."
    return page(templates, request, "error.html", 404, status=404, detail=detail)


def device_of(user_agent: str) -> str:
    """A short label for the board ("Firefox on Linux"), not a user-agent parser."""
    browser = next((b for b in BROWSERS if b.lower() in user_agent.lower()), "a browser")
    system = next((s for s in SYSTEMS if s.lower() in user_agent.lower()), "")
    return f"{browser} on {system}" if system else browser


def _signed_in(response, token: str, seconds: int):
    # The cookie dies with the row; the row, not the cookie, is what counts.
    response.set_cookie(COOKIE, token, max_age=seconds, httponly=True, samesite="lax")
    return response


async def _nothing() -> None:
    return None


async def _index(request: Request, status_code: int = 200, **context):
    token = request.cookies.get(COOKIE)
    found, board = await asyncio.gather(queries.find_session(token) if token else _nothing(), queries.board())
    flash = FLASHES.get(request.query_params.get("flash", ""))
    if token and found is None:
        flash = FLASHES["expired"]
    context = {
        "me": found[0] if found else None,
        "remaining": found[1] if found else None,
        "board": board,
        "flash": flash,
        "ttl_choices": TTL_CHOICES,
        "code_ttl": CODE_TTL,
        "values": {},
        "login_errors": {},
        "code_errors": {},
        "use_errors": {},
        **context,
    }
    response = page(templates, request, "index.html", status_code, **context)
    if token and found is None:
        response.delete_cookie(COOKIE)
    return response


@router.get("/")
async def index(request: Request):
    return await _index(request)


@router.get("/board")
async def board_fragment(request: Request):
    """The board alone, for HTMX's every-10-seconds refresh (a fresh TTL() read)."""
    if request.headers.get("HX-Request") != "true":
        return RedirectResponse("/#board", status_code=303)
    board = await queries.board()
    return page(templates, request, "_board.html", board=board, my_token=request.cookies.get(COOKIE))


@router.post("/login")
async def login(request: Request):
    values, data, errors = await read_form(request, LoginIn)
    if data is None:
        return await _index(request, 422, values=values, login_errors=errors)
    device = data.device or device_of(request.headers.get("user-agent", ""))
    session = await queries.login(data.user, data.ttl, device)
    return _signed_in(RedirectResponse("/?flash=in", status_code=303), session.token, session.granted)


@router.post("/extend")
async def extend(request: Request):
    extended = await queries.extend(request.cookies.get(COOKIE, ""))
    if extended is None:
        response = RedirectResponse("/?flash=expired", status_code=303)
        response.delete_cookie(COOKIE)
        return response
    session, granted = extended
    return _signed_in(RedirectResponse("/?flash=extended", status_code=303), session.token, granted)


@router.post("/logout")
async def logout(request: Request):
    await queries.logout(request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/?flash=out", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.post("/codes")
async def create_code(request: Request):
    values, data, errors = await read_form(request, CodeIn)
    if data is None:
        return await _index(request, 422, values={"code_user": values.get("user", "")}, code_errors=errors)
    code = await queries.create_code(data.user)
    return RedirectResponse(f"/codes/{code.code}", status_code=303)


@router.get("/codes/{code}")
async def show_code(request: Request, code: str):
    """The code and the seconds it has left (a TTL() read): no e-mail in this demo."""
    try:
        code = UseCodeIn(code=code).code
    except ValidationError:
        return no_such_code(request)
    remaining = await queries.code_ttl(code)
    if remaining is None:
        return no_such_code(request)
    return page(templates, request, "code.html", code=code, remaining=remaining, code_ttl=CODE_TTL)


@router.post("/codes/use")
async def use_code(request: Request):
    values, data, errors = await read_form(request, UseCodeIn)
    if data is None:
        return await _index(request, 422, values=values, use_errors=errors)
    device = device_of(request.headers.get("user-agent", ""))
    try:
        session = await queries.use_code(data.code, device=device)
    except queries.CodeRefused as exc:
        errors = {"code": f"{str(exc).capitalize()}."}
        return await _index(request, 409, values=values, use_errors=errors)
    return _signed_in(RedirectResponse("/?flash=code", status_code=303), session.token, session.granted)
