"""Counters under contention, on the real database: exact totals, whatever the interleaving.

Each test runs its workers concurrently (asyncio tasks, each with a request in flight, so
the server sees 8 updates of the same row at once) under a deadline, then reads the
counters back with plain CQL.
"""

import time
import uuid

from analytics import queries
from analytics.kit import cql_log
from analytics.models import PageTotals
from analytics.schemas import HitIn

WORKERS, EACH = 8, 250


def test_8_workers_x_250_increments_end_at_exactly_2000(client, page, counter, run, figures):
    async def worker():
        row = PageTotals(page=page)
        for _ in range(EACH):
            await row.increment(views=1)

    started = time.perf_counter()
    run(*(worker() for _ in range(WORKERS)))
    seconds = time.perf_counter() - started

    assert counter("page_totals", "views", page=page) == WORKERS * EACH == 2000
    figures.append(f"increment(): {WORKERS} workers x {EACH} -> {WORKERS * EACH} in {seconds:.2f}s")


def test_8_workers_x_250_counter_batches_move_three_tables_to_exactly_2000(
    client, page, quiet_day, counter, run, figures
):
    referrer = f"r{uuid.uuid4().hex[:8]}.example"
    hit = HitIn(page=page, referrer=referrer, day=quiet_day, views=1)

    async def worker():
        for _ in range(EACH):
            await queries.record_hit(hit)

    started = time.perf_counter()
    run(*(worker() for _ in range(WORKERS)))
    seconds = time.perf_counter() - started

    assert counter("page_totals", "views", page=page) == 2000
    assert counter("page_views_by_day", "views", day=quiet_day, page=page) == 2000
    assert counter("referrer_views_by_day", "views", day=quiet_day, referrer=referrer) == 2000
    figures.append(f"COUNTER batch (3 tables): {WORKERS} workers x {EACH} -> 2000 each in {seconds:.2f}s")


def test_decrement_concurrent_with_increment_and_below_zero(client, page, counter, run):
    row = PageTotals(page=page)
    run(row.increment(likes=10))

    async def up():
        for _ in range(50):
            await row.increment(likes=1)

    async def down():
        for _ in range(50):
            await row.decrement(likes=1)

    run(*[up() for _ in range(4)], *[down() for _ in range(4)])
    assert counter("page_totals", "likes", page=page) == 10  # +200 and -200, interleaved

    run(row.decrement(likes=3))
    assert counter("page_totals", "likes", page=page) == 7
    run(row.decrement(likes=10))
    assert counter("page_totals", "likes", page=page) == -3  # no floor: counters have no constraints


def test_a_hit_is_one_counter_batch_that_moves_every_table(client, page, quiet_day, counter, run):
    hit = HitIn(page=page, referrer="https://www.Example.org/some/post", day=quiet_day, views=3, likes=2)
    with cql_log.capture() as log:
        run(queries.record_hit(hit))

    assert len(log) == 1, [s.cql for s in log]  # one statement, one round trip
    batch = log[0].cql
    assert batch.startswith("BEGIN COUNTER BATCH") and batch.endswith("APPLY BATCH")
    assert batch.count("UPDATE ") == 3
    assert counter("page_totals", "views", page=page) == 3
    assert counter("page_totals", "likes", page=page) == 2
    assert counter("page_views_by_day", "views", day=quiet_day, page=page) == 3
    assert counter("referrer_views_by_day", "views", day=quiet_day, referrer="example.org") == 3


def test_likes_only_hit_touches_no_day_rows(client, page, quiet_day, counter, session, settings, run):
    run(queries.record_hit(HitIn(page=page, day=quiet_day, views=0, likes=1)))
    assert counter("page_totals", "likes", page=page) == 1
    # A "+ 0" update would still create a row: the batch leaves those statements out.
    cql = f"SELECT COUNT(*) FROM {settings.keyspace}.page_views_by_day WHERE day = %s"
    assert session.execute(cql, [quiet_day]).one()[0] == 0


def test_the_tables_agree_after_concurrent_hits_on_many_rows(client, quiet_day, session, settings, run):
    pages = [f"/agree/{n}" for n in range(5)]
    referrers = ["direct", "google.com", "reddit.com"]

    async def worker(n: int):
        for i in range(60):
            hit = HitIn(page=pages[(n + i) % 5], referrer=referrers[i % 3], day=quiet_day, views=1 + i % 4)
            await queries.record_hit(hit)

    run(*(worker(n) for n in range(WORKERS)))

    def total(table: str) -> int:
        rows = session.execute(f"SELECT views FROM {settings.keyspace}.{table} WHERE day = %s", [quiet_day])
        return sum(r.views for r in rows)

    expected = WORKERS * sum(1 + i % 4 for i in range(60))
    assert total("page_views_by_day") == total("referrer_views_by_day") == expected
