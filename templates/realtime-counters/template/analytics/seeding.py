"""What `seed.py` writes: fake traffic, or the hits of a feed file, as counter batches.

Counters are not idempotent: seeding twice without --reset doubles every figure (and adds no
rows). The summary counts *distinct counter rows touched*, which is what COUNT(*) sees after
--reset; the number of hits written is the number of feed rows.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

from faker import Faker

from . import queries, site
from .kit import schema
from .kit.seedkit import SeedSpec
from .models import MODELS
from .retries import CountOnce
from .schemas import HitIn, today

# Most fake traffic is today's, so the dashboard has something to show after `make seed`.
DAY_WEIGHTS = [4, 1, 1, 1, 1, 1, 1]  # today, yesterday, ... six days ago

_touched: set[queries.RowKey] = set()


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


async def write_row(row: HitIn) -> Counter:
    """One counter batch per row; counts each counter row the first time this run touches it."""
    new_rows = Counter()
    for table, key in await queries.record_hit(row):
        if (table, key) not in _touched:
            _touched.add((table, key))
            new_rows[table] += 1
    return new_rows


async def prepare() -> None:
    _touched.clear()
    await schema.sync_models_async(MODELS)


# CountOnce: the seed never resends a counter update (a resent one would count twice).
SPEC = SeedSpec("hits", HitIn, fake_rows, write_row, prepare=prepare, models=MODELS, retry_policy=CountOnce())
