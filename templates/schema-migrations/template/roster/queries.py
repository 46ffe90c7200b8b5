"""Every statement the roster sends, one small function each: the migrations' steps (DDL and the
backfill), running coodie's migration runner, and the reads of the pages.

The migrations in migrations/ call the functions below rather than CQL of their own, so that the
story reads in a few lines each and every statement has one home. DDL is sent only through a
MigrationContext (`make migrate`, `python -m roster migrate`, `coodie migrate`): the web
process reads system_schema and coodie's bookkeeping table, never changes them.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cassandra.murmur3 import murmur3
from coodie.drivers import get_driver
from coodie.exceptions import MigrationError
from coodie.migrations import (
    Migration,
    MigrationContext,
    MigrationRunner,
    diff_schema,
    discover_migrations,
    format_diff,
    introspect_table,
)
from coodie.schema import build_schema

from .models import Member, MemberAfter

__all__ = ["Migration", "MigrationContext", "MigrationError"]

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
TABLE = "members"
STATE_TABLE = "_coodie_migrations"  # coodie's: one row per applied migration
PROGRESS_TABLE = "backfill_progress"  # the demo's: where a backfill stopped, per job
PROGRESS_COLUMNS = (
    "(job text PRIMARY KEY, resume_token bigint, ranges_done int, rows_filled bigint, updated_at timestamp)"
)
TOKEN_MIN, TOKEN_MAX = -(2**63), 2**63 - 1
BACKFILL_RANGES = 64  # token sub-ranges: the backfill's checkpoint step
BACKFILL_PAGE = 100  # rows per read
WRITES_IN_FLIGHT = 32


class BackfillStopped(RuntimeError):
    """A backfill stopped before its end (its row limit, or Ctrl-C): the migration is not
    recorded as applied, the checkpoint says where to go on, and the next run goes on there."""


# ---------------------------------------------------------------- the migrations' steps
def keyspace_of(ctx: MigrationContext) -> str:
    """The keyspace a migration runs in: the one its runner's driver was opened on (coodie's
    context carries the driver, not the keyspace; `coodie migrate --keyspace` sets it)."""
    return ctx._driver._default_keyspace


async def add_column(ctx: MigrationContext, column: str, cql_type: str) -> None:
    """ALTER TABLE ADD, unless a stopped run of the same migration added it already (CQL has
    no ADD IF NOT EXISTS on Cassandra 5.0; in a dry run coodie answers "missing")."""
    if await ctx.column_exists(keyspace_of(ctx), TABLE, column):
        return
    await ctx.execute(f'ALTER TABLE {keyspace_of(ctx)}.{TABLE} ADD "{column}" {cql_type}')


async def drop_column(ctx: MigrationContext, column: str) -> None:
    await ctx.execute(f'ALTER TABLE {keyspace_of(ctx)}.{TABLE} DROP "{column}"')


async def create_index(ctx: MigrationContext, name: str, column: str) -> None:
    await ctx.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {keyspace_of(ctx)}.{TABLE} ("{column}")')


async def drop_index(ctx: MigrationContext, name: str) -> None:
    await ctx.execute(f"DROP INDEX IF EXISTS {keyspace_of(ctx)}.{name}")


def token_of(member_id) -> int:
    """The Murmur3 token of a members partition key (a uuid: its 16 bytes), as Cassandra has it."""
    return murmur3(member_id.bytes)


def range_of(token: int, ranges: int) -> int:
    """Which of coodie's scan_table sub-ranges (start, end] holds a token."""
    size = (TOKEN_MAX - TOKEN_MIN) // ranges
    return min(max((token - TOKEN_MIN - 1) // size, 0), ranges - 1)


def range_start(index: int, ranges: int) -> int:
    return TOKEN_MIN + (TOKEN_MAX - TOKEN_MIN) // ranges * index


@dataclass
class Progress:
    job: str
    ranges: int
    ranges_done: int = 0
    rows_filled: int = 0
    rows_this_run: int = 0
    resumed_from: int | None = None
    pending: list = field(default_factory=list)


async def backfill(
    ctx: MigrationContext,
    *,
    job: str,
    source: str,
    target: str,
    transform: Callable[[Any], Any],
    limit: int | None = None,
    report: Callable[[Progress], None] = lambda progress: None,
    ranges: int = BACKFILL_RANGES,
) -> Progress:
    """Fill `target` from `source` on every row of members where `target` is still null.

    Paged: coodie's ctx.scan_table walks the token ring in `ranges` sub-ranges, BACKFILL_PAGE rows
    a read. Resumable: after each sub-range the checkpoint row (backfill_progress, per job) holds
    where the next run starts (scan_table's resume_token). Once: a row whose target is already
    set is skipped, so rows written before a stop in the middle of a sub-range are not written
    again. `limit` stops the run after that many writes (BackfillStopped), as Ctrl-C would."""
    keyspace = keyspace_of(ctx)
    await ctx.execute(f"CREATE TABLE IF NOT EXISTS {keyspace}.{PROGRESS_TABLE} {PROGRESS_COLUMNS}")
    progress = Progress(job=job, ranges=ranges)
    saved = await ctx.execute(
        f"SELECT resume_token, ranges_done, rows_filled FROM {keyspace}.{PROGRESS_TABLE} WHERE job = ?",
        [job],
    )
    if saved:
        progress.resumed_from = saved[0]["resume_token"]
        progress.ranges_done = saved[0]["ranges_done"]
        progress.rows_filled = saved[0]["rows_filled"]
    update = ctx._driver.execute_async  # one prepared UPDATE per row: not worth a line in planned CQL
    set_cql = f'UPDATE {keyspace}.{TABLE} SET "{target}" = ? WHERE id = ?'
    current = None
    try:
        async for row in ctx.scan_table(
            keyspace, TABLE, page_size=BACKFILL_PAGE, num_ranges=ranges, resume_token=progress.resumed_from
        ):
            if row.get("__dry_run__"):  # coodie's dry run yields one placeholder row
                ctx._executed_cql.append(f"-- then, per row with {target} null: {set_cql}")
                return progress
            here = range_of(token_of(row["id"]), ranges)
            if current is not None and here != current:
                await _flush(progress)
                progress.ranges_done = here
                await _checkpoint(ctx, keyspace, progress, range_start(here - 1, ranges) if here else None)
                report(progress)
            current = here
            if row.get(target) is not None:  # filled by an earlier, stopped run: not written again
                progress.rows_filled += 1
            elif row.get(source) is not None:
                if limit is not None and progress.rows_this_run >= limit:
                    raise BackfillStopped(
                        f"backfill {job} stopped after {progress.rows_this_run} rows (its limit)"
                    )
                progress.pending.append(update(set_cql, [transform(row[source]), row["id"]]))
                progress.rows_this_run += 1
                progress.rows_filled += 1
                if len(progress.pending) >= WRITES_IN_FLIGHT:
                    await _flush(progress)
        await _flush(progress)
        progress.ranges_done = ranges
        report(progress)
        await ctx.execute(f"DELETE FROM {keyspace}.{PROGRESS_TABLE} WHERE job = ?", [job])
        return progress
    finally:
        await _flush(progress)  # a stop never leaves writes unawaited (they are counted as done)


def say(progress: Progress) -> None:
    """Progress on stderr, every eighth of the token ring and at the end."""
    step = max(1, progress.ranges // 8)
    if progress.ranges_done % step == 0 or progress.ranges_done == progress.ranges:
        print(
            f"  backfill {progress.job}: {progress.ranges_done}/{progress.ranges} token ranges, "
            f"{progress.rows_filled} rows filled ({progress.rows_this_run} written by this run)",
            file=sys.stderr,
        )


async def _flush(progress: Progress) -> None:
    pending, progress.pending = progress.pending, []
    if pending:
        await asyncio.gather(*pending)


async def _checkpoint(ctx: MigrationContext, keyspace: str, progress: Progress, resume: int | None) -> None:
    if resume is None:
        return
    await ctx.execute(
        f"INSERT INTO {keyspace}.{PROGRESS_TABLE} (job, resume_token, ranges_done, rows_filled, updated_at) "
        "VALUES (?, ?, ?, ?, toTimestamp(now()))",
        [progress.job, resume, progress.ranges_done, progress.rows_filled],
    )


async def forget_backfill(ctx: MigrationContext, job: str) -> None:
    """A rolled-back backfill starts from the beginning next time."""
    keyspace = keyspace_of(ctx)
    await ctx.execute(f"CREATE TABLE IF NOT EXISTS {keyspace}.{PROGRESS_TABLE} {PROGRESS_COLUMNS}")
    await ctx.execute(f"DELETE FROM {keyspace}.{PROGRESS_TABLE} WHERE job = ?", [job])


# ---------------------------------------------------------------- running coodie's runner
def runner(keyspace: str, migrations_dir: Path = MIGRATIONS_DIR) -> MigrationRunner:
    """coodie's runner on the session kit/db.connect opened (its LWT lock row included)."""
    return MigrationRunner(driver=get_driver(), keyspace=keyspace, migrations_dir=migrations_dir)


@dataclass
class Step:
    name: str
    description: str
    seconds: float
    planned_cql: list[str]


async def migrate(keyspace: str, *, dry_run: bool = False, target: str | None = None) -> list[Step]:
    """Apply the pending migrations one by one (each under coodie's lock), timing each.
    A dry run plans them all in one pass: coodie records the CQL and sends none of it."""
    run = runner(keyspace)
    if dry_run:
        planned = await run.apply(dry_run=True, target=target)
        return [Step(p["name"], p["description"], 0.0, p["planned_cql"]) for p in planned]
    steps = []
    while pending := await run.pending():
        started = time.perf_counter()
        applied = await run.apply(target=pending[0].name)
        steps += [
            Step(a["name"], a["description"], time.perf_counter() - started, a["planned_cql"])
            for a in applied
        ]
        if not applied or (target and pending[0].name.startswith(target)):
            break
    return steps


async def rollback(keyspace: str, *, steps: int = 1, dry_run: bool = False) -> list[Step]:
    run = runner(keyspace)
    done = []
    for _ in range(steps):
        started = time.perf_counter()
        undone = await run.rollback(steps=1, dry_run=dry_run)
        if not undone:
            break
        done += [
            Step(u["name"], u["description"], time.perf_counter() - started, u["planned_cql"]) for u in undone
        ]
        if dry_run:  # a dry run changes nothing: the next step would plan the same one again
            break
    return done


# ---------------------------------------------------------------- reads for the pages and `status`
@dataclass
class MigrationRow:
    name: str
    description: str
    applied_at: datetime | None
    reversible: bool


async def _table_exists(keyspace: str, table: str) -> bool:
    rows = await get_driver().execute_async(
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
        [keyspace, table],
    )
    return bool(rows)


async def migrations(keyspace: str) -> list[MigrationRow]:
    """Every migration file, applied or pending, read without DDL: coodie's own status() would
    first CREATE its bookkeeping table, which a web process never sends."""
    applied: dict[str, dict] = {}
    if await _table_exists(keyspace, STATE_TABLE):
        rows = await get_driver().execute_async(
            f'SELECT migration_name, applied_at, description FROM {keyspace}."{STATE_TABLE}"', []
        )
        applied = {row["migration_name"]: row for row in rows}
    found = []
    for info in discover_migrations(MIGRATIONS_DIR):
        migration = _load(info.path)
        row = applied.get(info.name)
        found.append(
            MigrationRow(
                info.name, migration.description, row["applied_at"] if row else None, migration.reversible
            )
        )
    return found


def _load(path: Path) -> Migration:
    from coodie.migrations.runner import MigrationInfo, _load_migration_class

    return _load_migration_class(MigrationInfo(path.stem, path, path.stem[:12]))


@dataclass
class LiveColumn:
    name: str
    cql_type: str
    kind: str


async def live_schema(keyspace: str) -> tuple[list[LiveColumn], list[str]]:
    """The members table as the database has it now: columns (keys first) and index names."""
    driver = get_driver()
    rows = await driver.execute_async(
        "SELECT column_name, type, kind, position FROM system_schema.columns"
        " WHERE keyspace_name = ? AND table_name = ?",
        [keyspace, TABLE],
    )
    order = {"partition_key": 0, "clustering": 1, "static": 2, "regular": 3}
    columns = sorted(rows, key=lambda r: (order.get(r["kind"], 9), r["position"], r["column_name"]))
    indexes = await driver.execute_async(
        "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?",
        [keyspace, TABLE],
    )
    return (
        [LiveColumn(r["column_name"], r["type"], r["kind"]) for r in columns],
        sorted(r["index_name"] for r in indexes),
    )


async def schema_diff(keyspace: str, model=MemberAfter) -> tuple[str, bool]:
    """What `coodie schema-diff --module roster.target` prints, and whether it is empty."""
    exists, columns, indexes = await introspect_table(get_driver(), keyspace, TABLE)
    diff = diff_schema(keyspace, TABLE, columns, build_schema(model), indexes, exists)
    return format_diff(diff), exists and diff.is_empty


@dataclass
class MemberView:
    """A member as the page shows it, whichever migrations have run: reads switched to
    display_name, falling back to full_name while a row (or the table) has only that."""

    id: Any
    name: str
    email: str
    city: str
    plan: str
    email_domain: str | None


async def members(keyspace: str, limit: int = 10) -> list[MemberView]:
    rows = await get_driver().execute_async(f"SELECT * FROM {keyspace}.{TABLE} LIMIT {int(limit)}", [])
    return [
        MemberView(
            id=row["id"],
            name=row.get("display_name") or row.get("full_name") or "",
            email=row["email"],
            city=row["city"],
            plan=row.get("plan") or "free",
            email_domain=row.get("email_domain"),
        )
        for row in rows
    ]


async def put_member(member: Member) -> None:
    """The seed's write: a day-one row."""
    await member.save()
