"""What `seed.py` writes: fake traffic, or the hits of a feed file, as counter batches.

Counters are not idempotent: seeding twice without --reset doubles every figure (and adds no
rows). The summary counts *distinct counter rows touched* (the kit counts each row key once),
which is what COUNT(*) sees after --reset; the number of hits written is the number of feed rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import timedelta

from faker import Faker

from . import queries, site
from .kit.seedkit import SeedSpec
from .models import MODELS
from .retries import CountOnce
from .schemas import HitIn, today

# Most fake traffic is today's, so the dashboard has something to show after `make seed`.
DAY_WEIGHTS = [4, 1, 1, 1, 1, 1, 1]  # today, yesterday, ... six days ago


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[HitIn]:
    """Bursts of traffic: a page, a referrer, a day, some views and a few likes.

    Days count back from today (UTC), so `--seed` gives the same traffic relative to today."""
    blog_posts = [f"/blog/{faker.slug()}" for _ in range(8)]  # the long tail
    referrers = site.REFERRERS + [faker.domain_name() for _ in range(3)]
    for _ in range(count):
        page = site.pick_page(rng) if rng.random() < 0.8 else rng.choice(blog_posts)
        views = rng.randint(1, 40)
        yield HitIn(
            page=page,
            referrer=site.pick_referrer(rng) if rng.random() < 0.8 else rng.choice(referrers),
            day=today() - timedelta(days=rng.choices(range(len(DAY_WEIGHTS)), weights=DAY_WEIGHTS)[0]),
            views=views,
            likes=rng.randint(0, views // 8),
        )


async def write_row(row: HitIn) -> list[queries.RowKey]:
    """One counter batch per row; returns the counter rows it moved."""
    return await queries.record_hit(row)


def agreement(cql: Callable[[str], list]) -> list[str]:
    """For the tests, after any seed (a stopped one too): every hit moved all three tables in
    one batch, so each table's views add up to the same total."""
    totals = {
        table: sum(row.views or 0 for row in cql(f"SELECT views FROM {{ks}}.{table}"))
        for table in ("page_totals", "page_views_by_day", "referrer_views_by_day")
    }
    return [] if len(set(totals.values())) == 1 else [f"the views differ between tables: {totals}"]


# CountOnce: the seed never resends a counter update (a resent one would count twice). A rerun
# adds every hit again, so a stopped seed is finished from zero, with --reset.
SPEC = SeedSpec(
    "hits",
    HitIn,
    fake_rows,
    write_row,
    models=MODELS,
    retry_policy=CountOnce(),
    rerun="adds",
    rerun_note="with --reset: counters add up, and the hits written so far would count twice",
    agreement=agreement,
)
