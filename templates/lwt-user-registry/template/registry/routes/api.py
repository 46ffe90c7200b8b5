"""The JSON API (OpenAPI docs at /docs): the same queries as the pages.

A lost race answers 409 with a ConflictOut body (see app.py); a missing account 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from .. import queries
from ..schemas import ConflictOut, ProfileIn, RegistrationIn, UserOut, UserPage

router = APIRouter(prefix="/api", tags=["registry"])
CONFLICT = {409: {"model": ConflictOut, "description": "another request won the race"}}
MISSING = {404: {"description": "no such account"}}


@router.post("/users", response_model=UserOut, status_code=201, responses=CONFLICT)
async def register(data: RegistrationIn):
    return UserOut.of(await queries.register(data))


@router.get("/users", response_model=UserPage)
async def list_users(cursor: str | None = None, limit: int = Query(queries.PAGE_SIZE, ge=1, le=100)):
    page = await queries.list_users(cursor, limit)
    return UserPage(items=[UserOut.of(u) for u in page.items], next_cursor=page.cursor)


@router.get("/users/{username}", response_model=UserOut, responses=MISSING)
async def get_user(username: str):
    return UserOut.of(await queries.get_user(username.lower()))


@router.put("/users/{username}", response_model=UserOut, responses={**CONFLICT, **MISSING})
async def edit_profile(username: str, data: ProfileIn):
    return UserOut.of(await queries.edit_profile(username.lower(), data))


@router.delete("/users/{username}", status_code=204, responses=MISSING)
async def delete_account(username: str):
    await queries.delete_account(username.lower())
    return Response(status_code=204)
