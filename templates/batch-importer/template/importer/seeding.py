"""What `seed.py` writes: fake orders, or the orders of a feed file, one logged batch each.

The seed is the shared seed command (kit/seedkit.py): feeds are read whole, which suits the
example feeds; a big file is for `python -m importer import`, which streams it. Each order is
written as the import's logged mode writes it (queries.write_order_logged), and its keys are the
order's own values, so importing the same feed twice rewrites the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from faker import Faker

from . import queries
from .generate import CURRENCIES, STATUSES
from .kit import schema
from .kit.seedkit import SeedSpec, keys
from .kit.stable_ids import stable_token
from .models import MODELS, OrderByCustomer, OrderByHour
from .schemas import OrderRow

DAYS = 7  # fake orders fall in the last week


class FeedRow(OrderRow):
    """One order of a feed: order_id, customer_id, ordered_at, amount; optionally currency,
    items and status."""


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    """Orders of the DAYS days before today (UTC), from about count/4 customers, each at its own
    millisecond. Times count back from midnight, not from now: the same --seed gives the same
    keys all day, so the command a stopped seed prints finishes it instead of adding rows."""
    now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    customers = [f"C{faker.unique.random_number(digits=6, fix_len=True)}" for _ in range(max(1, count // 4))]
    for n in range(count):
        at = now - timedelta(seconds=rng.randrange(1, DAYS * 24 * 3600), milliseconds=n % 1000)
        yield FeedRow(
            order_id=f"ORD-{stable_token(faker.uuid4(), length=12)}",
            customer_id=rng.choice(customers),
            ordered_at=at,
            amount=f"{rng.randrange(100, 50_000) / 100:.2f}",
            currency=rng.choice(CURRENCIES),
            items=rng.randint(1, 8),
            status=rng.choice(STATUSES),
        )


async def write_row(row: FeedRow) -> list:
    """One order: its two rows in one logged batch."""
    await queries.write_order_logged(row)
    return keys(*queries.order_rows(row))


# An order is one row in each query table: the two always hold as many rows.
SPEC = SeedSpec(
    "orders",
    FeedRow,
    fake_rows,
    write_row,
    models=[OrderByCustomer, OrderByHour],
    # Every table of the demo, import_runs too (the page needs it), as `make schema` does;
    # --reset empties only the orders.
    prepare=lambda: schema.sync_any(MODELS),
    concurrency=128,
    rerun_note="orders already written are rewritten with the same keys, never added twice",
    same_rows=[("orders_by_customer", "orders_by_hour")],
)
