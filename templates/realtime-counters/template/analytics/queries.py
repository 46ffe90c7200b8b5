"""Every read and write the dashboard makes, one small function each.

Writes are counter updates only: "views = views + ?". Nothing here reads a counter to
write it back (that would lose concurrent updates); Cassandra adds the deltas itself.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from coodie.aio import AsyncBatchQuery
from coodie.cql_builder import build_batch, build_counter_update
from coodie.exceptions import DocumentNotFound

from .kit.settings import Settings
from .models import PageTotals, PageViewsByDay, ReferrerViewsByDay
from .schemas import DayReport, DayViews, HitIn, PageCount, PageStats, ReferrerCount, today

# Q2/Q3 read a day's whole partition. The limit is the design's stated bound: a site with
# more distinct pages a day needs a rollup table (see the README), not a bigger number here.
MAX_ROWS_PER_DAY = 2_000
TOP = 10
HISTORY_DAYS = 7

# (table, primary key values) of one counter row: what the seed counts as "rows touched".
RowKey = tuple[str, tuple]


class CounterUpdate(NamedTuple):
    row: RowKey
    statement: str
    params: list


@cache
def _keyspace() -> str:
    # The keyspace db.connect() gave coodie as its default (tests use their own).
    return Settings.from_env().keyspace


def _update(model, deltas: dict[str, int], **key) -> CounterUpdate:
    """UPDATE ... SET "c" = "c" + ? for the non-zero deltas only (a "+ 0" would still create a row)."""
    changed = {column: delta for column, delta in deltas.items() if delta}
    where = [(column, "=", value) for column, value in key.items()]
    statement, params = build_counter_update(model.table_name(), _keyspace(), changed, where)
    return CounterUpdate((model.table_name(), tuple(key.values())), statement, params)


def hit_updates(hit: HitIn) -> list[CounterUpdate]:
    """The counter rows one hit moves: its page's totals, and (for views) its day's page and referrer."""
    updates = [_update(PageTotals, {"views": hit.views, "likes": hit.likes}, page=hit.page)]
    if hit.views:  # a like alone changes no daily view count
        updates.append(_update(PageViewsByDay, {"views": hit.views}, day=hit.day, page=hit.page))
        updates.append(_update(ReferrerViewsByDay, {"views": hit.views}, day=hit.day, referrer=hit.referrer))
    return updates


def hit_cql(hit: HitIn) -> str:
    """The statement record_hit sends for this hit, as coodie builds it (for the dashboard)."""
    return build_batch([(u.statement, u.params) for u in hit_updates(hit)], batch_type="COUNTER")[0]


async def record_hit(hit: HitIn) -> list[RowKey]:
    """A hit moves up to three counter tables in ONE statement: a COUNTER batch.

    coodie's increment() changes one row of one table; a batch is the way to change several
    in one round trip. Counter batches are never logged (no batchlog), so they are not
    atomic if a node fails mid-way, and like every counter write they are not idempotent:
    this function is never retried (see retries.py). Returns the rows it touched.
    """
    updates = hit_updates(hit)
    async with AsyncBatchQuery(batch_type="COUNTER") as batch:
        for update in updates:
            batch.add(update.statement, update.params)
    return [update.row for update in updates]


# ---------------------------------------------------------------- likes: one table, one row
async def page_totals(page: str) -> PageTotals:
    """Q1. Raises DocumentNotFound for a page that was never counted."""
    return await PageTotals.get(page=page)


async def like(page: str) -> PageTotals:
    """+1 like, with coodie's CounterDocument.increment(): UPDATE ... "likes" = "likes" + 1."""
    await page_totals(page)  # 404 for unknown pages; the increment itself needs no read
    await PageTotals(page=page).increment(likes=1)
    return await page_totals(page)


async def unlike(page: str) -> PageTotals:
    """-1 like with decrement(). Nothing stops a counter going below zero: see the README."""
    await page_totals(page)
    await PageTotals(page=page).decrement(likes=1)
    return await page_totals(page)


# ---------------------------------------------------------------- reads
def _n(value: int | None) -> int:
    # A counter never written in an existing row reads back as null.
    return value or 0


async def day_report(day: date, top: int = TOP) -> DayReport:
    """Q2 and Q3: both day partitions, read whole (concurrently), ranked here."""
    page_rows, referrer_rows = await asyncio.gather(
        PageViewsByDay.find(day=day).limit(MAX_ROWS_PER_DAY + 1).all(),
        ReferrerViewsByDay.find(day=day).limit(MAX_ROWS_PER_DAY + 1).all(),
    )
    truncated = len(page_rows) > MAX_ROWS_PER_DAY or len(referrer_rows) > MAX_ROWS_PER_DAY
    pages = [PageCount(page=r.page, views=_n(r.views)) for r in page_rows[:MAX_ROWS_PER_DAY]]
    referrers = [
        ReferrerCount(referrer=r.referrer, views=_n(r.views)) for r in referrer_rows[:MAX_ROWS_PER_DAY]
    ]
    return DayReport(
        day=day,
        views=sum(p.views for p in pages),
        views_by_referrer=sum(r.views for r in referrers),
        pages=sorted(pages, key=lambda p: (-p.views, p.page))[:top],
        referrers=sorted(referrers, key=lambda r: (-r.views, r.referrer))[:top],
        pages_read=len(pages),
        referrers_read=len(referrers),
        truncated=truncated,
    )


async def page_stats(page: str, days: int = HISTORY_DAYS) -> PageStats:
    """Q1 and Q4. Q4 is one single-row read per day, sent concurrently: each goes to its own
    day's replicas, where an IN (...) over seven partitions would make one coordinator wait
    for all of them."""
    totals = await page_totals(page)
    last = [today() - timedelta(days=n) for n in range(days - 1, -1, -1)]
    rows = await asyncio.gather(*(PageViewsByDay.find(day=d, page=page).first() for d in last))
    history = [DayViews(day=d, views=_n(row.views) if row else 0) for d, row in zip(last, rows, strict=True)]
    return PageStats(page=page, views=_n(totals.views), likes=_n(totals.likes), last_days=history)


__all__ = ["DocumentNotFound"]
