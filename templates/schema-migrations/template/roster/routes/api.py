"""The JSON API (OpenAPI docs at /docs): what the page shows, for scripts."""

from __future__ import annotations

from fastapi import APIRouter

from .. import queries
from ..kit.settings import Settings
from ..schemas import MigrationOut, StatusOut

router = APIRouter(prefix="/api", tags=["roster"])


@router.get("/migrations", response_model=StatusOut)
async def migrations():
    keyspace = Settings.from_env().keyspace
    rows = await queries.migrations(keyspace)
    diff, in_step = await queries.schema_diff(keyspace)
    return StatusOut(
        migrations=[
            MigrationOut(
                name=r.name, description=r.description, applied_at=r.applied_at, reversible=r.reversible
            )
            for r in rows
        ],
        schema_diff=diff,
        in_step=in_step,
    )
