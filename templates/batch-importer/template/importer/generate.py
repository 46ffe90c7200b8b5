"""Order files of any size, written as they are made (never held): `python -m importer generate`.

Orders come in time order, as a shop's export has them, spread over `days` days from `start`,
each for one of `customers` customers. The same --seed gives the same file.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .schemas import COLUMNS

STATUSES = ["placed", "paid", "paid", "shipped", "shipped", "delivered", "cancelled"]
CURRENCIES = ["EUR", "EUR", "EUR", "USD", "GBP", "SEK"]


def orders(count: int, seed: int, customers: int, days: int, start: datetime) -> Iterator[dict]:
    """`count` orders in time order, over `days` days, with distinct ids and timestamps."""
    rng = random.Random(seed)
    span_ms = days * 24 * 3600 * 1000
    step = span_ms / count
    for n in range(count):
        # Distinct, increasing milliseconds: no two orders share a clustering key by accident.
        at = start + timedelta(milliseconds=int(n * step) + rng.randrange(max(1, int(step))))
        yield {
            "order_id": f"ORD-{seed:04d}-{n:08d}",
            "customer_id": f"C{rng.randrange(customers):06d}",
            "ordered_at": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "amount": f"{rng.randrange(100, 50_000) / 100:.2f}",
            "currency": rng.choice(CURRENCIES),
            "items": rng.randint(1, 8),
            "status": rng.choice(STATUSES),
        }


def write_file(path: Path, rows: Iterator[dict]) -> int:
    """Write `rows` to `path` as .csv, .json (an array, one object per line) or .jsonl."""
    suffix = path.suffix.lower()
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        if suffix == ".csv":
            writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
                written += 1
        elif suffix == ".json":
            out.write("[\n")
            for row in rows:
                out.write(("  " if not written else ",\n  ") + json.dumps(row))
                written += 1
            out.write("\n]\n")
        else:
            for row in rows:
                out.write(json.dumps(row) + "\n")
                written += 1
    return written


def default_start() -> datetime:
    """The first day of the orders: 30 days ago, at midnight UTC."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=30)
