"""Every read and write the importer makes, one small function each.

The three ways an import writes (importing.py picks one with --mode):

    row        each order's two rows as two statements, sent at once: no batch at all
    logged     each order's two rows in one LOGGED batch: both land, or neither (the batch log)
    partition  rows of one partition key in one UNLOGGED batch: one replica set, one mutation

A LOGGED batch is for atomicity across tables (one entity, several tables), not for speed:
the coordinator first writes the batch to the batch log on two other nodes. An UNLOGGED batch
whose rows share a partition key is applied as one mutation on one replica set: fewer requests
for the same work. An UNLOGGED batch across partitions is the anti-pattern: the coordinator
holds it all and fans it out, so the README's figures use batches of one partition only.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from coodie.aio import AsyncBatchQuery

from .kit import buckets, paging
from .kit.buckets import BucketPage
from .models import HOUR, ImportRun, OrderByCustomer, OrderByHour
from .schemas import OrderRow

PAGE_SIZE = 20
SCAN_PAGE = 5000
RUN_MONTHS = 14  # import_runs rows expire after 400 days (models.RUNS_KEPT_S)
MONTH = buckets.MONTH


# ---------------------------------------------------------------- one order, two rows
def order_rows(order: OrderRow) -> tuple[OrderByCustomer, OrderByHour]:
    """The two rows of one order, keyed by the order's own values (a re-import rewrites them)."""
    common = {
        "ordered_at": order.ordered_at,
        "order_id": order.order_id,
        "customer_id": order.customer_id,
        "amount": order.amount,
        "currency": order.currency,
        "items": order.items,
        "status": order.status,
    }
    day = order.ordered_at.strftime("%Y-%m-%d")
    return OrderByCustomer(day=day, **common), OrderByHour(hour=HOUR.of(order.ordered_at), **common)


async def write_order_logged(order: OrderRow) -> int:
    """--mode logged: BEGIN BATCH (both rows) APPLY BATCH. Returns the requests sent (1)."""
    by_customer, by_hour = order_rows(order)
    async with AsyncBatchQuery(logged=True) as batch:
        await by_customer.save(batch=batch)
        await by_hour.save(batch=batch)
    return 1


async def write_order_rows(order: OrderRow) -> int:
    """--mode row: two INSERTs, in flight together. Returns the requests sent (2)."""
    by_customer, by_hour = order_rows(order)
    await asyncio.gather(by_customer.save(), by_hour.save())
    return 2


async def write_partition_batch(rows: list[OrderByCustomer] | list[OrderByHour]) -> int:
    """--mode partition: rows that share one partition key, in one UNLOGGED batch (one row is
    sent as a plain INSERT: a batch of one only adds the batch's own overhead)."""
    if len(rows) == 1:
        await rows[0].save()
        return 1
    async with AsyncBatchQuery(logged=False) as batch:
        for row in rows:
            await row.save(batch=batch)
    return 1


# ---------------------------------------------------------------- the pages
async def customer_orders(customer_id: str, cursor: str | None = None, size: int = PAGE_SIZE) -> paging.Page:
    """Q1: one customer's orders, newest first (the clustering order), a page at a time."""
    return await paging.fetch_page(OrderByCustomer.find(customer_id=customer_id), size, cursor)


def hours_of(day: str):
    """The hour partitions of a day, newest first, from `start` (a cursor's hour) on."""

    def listed(start: str | None) -> list[str]:
        hours = [f"{day}T{h:02d}" for h in range(23, -1, -1)]
        return hours[hours.index(start) :] if start in hours else hours

    return listed


async def day_orders(day: str, cursor: str | None = None, size: int = PAGE_SIZE) -> BucketPage:
    """Q2: one day's orders, newest first: its 24 hour partitions in turn, from 23:00 down."""
    return await buckets.newest_first(
        lambda hour: OrderByHour.find(hour=hour), hours_of(day), HOUR, size, cursor
    )


# ---------------------------------------------------------------- import runs
async def record_run(run: ImportRun) -> ImportRun:
    await run.save()
    return run


def months_back(start: str | None) -> list[str]:
    """This month and the RUN_MONTHS - 1 before it, newest first, from `start` on."""
    now = datetime.now(UTC)
    months, year, month = [], now.year, now.month
    for _ in range(RUN_MONTHS):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[months.index(start) :] if start in months else months


async def recent_runs(cursor: str | None = None, size: int = PAGE_SIZE) -> BucketPage:
    """Q3: import runs, newest first, month by month (rows expire after 400 days)."""
    return await buckets.newest_first(
        lambda month: ImportRun.find(month=month), months_back, MONTH, size, cursor
    )


def run_month(moment: datetime) -> str:
    return MONTH.of(moment)


# ---------------------------------------------------------------- verify: full scans
async def _scan(model) -> AsyncIterator:
    """A whole table a page at a time (a full scan: for `verify`, never for a page)."""
    state = None
    while True:
        result = await model.find().fetch_size(SCAN_PAGE).page(state).paged_all()
        for row in result.data:
            yield row
        state = result.paging_state
        if not state:
            return


async def tally_orders(model) -> tuple[Counter, Counter]:
    """(orders per customer, orders per day) as one query table holds them."""
    per_customer, per_day = Counter(), Counter()
    async for row in _scan(model):
        per_customer[row.customer_id] += 1
        per_day[row.day if isinstance(row, OrderByCustomer) else row.hour[:10]] += 1
    return per_customer, per_day


async def count_rows(model) -> int:
    return await model.find().count()


def utc_now() -> datetime:
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)
