"""The JSON API (OpenAPI docs at /docs): the same queries as the pages.

The session token is the bearer secret: whoever holds it can extend or end the session.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response
from pydantic import ValidationError

from .. import queries
from ..schemas import BoardOut, CodeIn, CodeOut, ExtendIn, LiveRowOut, LoginIn, SessionOut, UseCodeIn

router = APIRouter(prefix="/api", tags=["sessions"])

TOKEN_HINT = 6


def _out(session, remaining: int) -> SessionOut:
    return SessionOut(**session.model_dump(include=set(SessionOut.model_fields)), remaining=remaining)


async def _live(token: str) -> SessionOut:
    found = await queries.find_session(token)
    if found is None:
        raise HTTPException(404, "no such session: it expired, was logged out, or never existed")
    return _out(*found)


@router.post("/sessions", response_model=SessionOut, status_code=201)
async def login(data: LoginIn):
    session = await queries.login(data.user, data.ttl, data.device)
    return await _live(session.token)  # the TTL as Cassandra now reports it


@router.get("/sessions", response_model=BoardOut)
async def live_sessions():
    board = await queries.board()
    items = [LiveRowOut(token_hint=r.token[:TOKEN_HINT], **vars(r)) for r in board.rows]
    return BoardOut(items=items, windows=board.windows)


@router.get("/sessions/{token}", response_model=SessionOut)
async def get_session(token: str):
    return await _live(token)


@router.post("/sessions/{token}/extend", response_model=SessionOut)
async def extend(token: str, data: ExtendIn | None = None):
    if await queries.extend(token, data.ttl if data else None) is None:
        raise HTTPException(404, "no such session: it expired, was logged out, or never existed")
    return await _live(token)


@router.delete("/sessions/{token}", status_code=204)
async def logout(token: str):
    if not await queries.logout(token):
        raise HTTPException(404, "no such session: it expired, was logged out, or never existed")
    return Response(status_code=204)


@router.post("/codes", response_model=CodeOut, status_code=201)
async def create_code(data: CodeIn):
    code = await queries.create_code(data.user)
    return CodeOut(code=code.code, user=code.user, remaining=await queries.code_ttl(code.code))


@router.post("/codes/{code}/use", response_model=SessionOut)
async def use_code(code: str):
    try:
        code = UseCodeIn(code=code).code
    except ValidationError as exc:
        raise HTTPException(422, exc.errors()[0]["msg"]) from None
    try:
        session = await queries.use_code(code)
    except queries.CodeRefused as exc:
        raise HTTPException(409, str(exc)) from None
    return await _live(session.token)
