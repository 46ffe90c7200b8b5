"""The `loop` and `raw` variants of tools/benchmark_seed.py.

Run with a rendered fastapi-catalog project's own Python (it imports `catalog`); writes the
same rows the seed writes for `--count N --seed 1`, then prints `RESULT <rows> <seconds>
<seconds writing>` (the first figure includes making the fake rows, as the seed's does), at once:
the benchmark takes the moment it comes as the end of the writing.
`count` prints `COUNT <rows>` (the rows of the catalog's tables), `drop` drops the keyspace.
"""

import asyncio
import sys
import time

from cassandra.concurrent import execute_concurrent_with_args
from catalog.kit import db
from catalog.kit.seedkit import fake_sources, prepare_tables, reset_tables
from catalog.models import Product, Review
from catalog.seeding import SPEC, fake_rows, product_id, review_id


def documents(rows):
    for row in rows:
        product = Product(**row.model_dump(exclude={"reviews", "id"}), id=product_id(row))
        reviews = [
            Review(
                product_id=product.id,
                review_id=review_id(product.id, r),
                **r.model_dump(exclude={"posted_at"}),
            )
            for r in row.reviews
        ]
        yield product, reviews


async def loop(rows) -> float:
    """One awaited save() at a time."""
    started = time.perf_counter()
    for product, reviews in documents(rows):
        await product.save()
        for review in reviews:
            await review.save()
    return time.perf_counter() - started


def raw(session, keyspace: str, rows) -> float:
    """The driver alone: prepared INSERTs, 256 in flight."""
    insert_product = session.prepare(
        f'INSERT INTO {keyspace}.products ("id", "name", "brand", "category", "price", "description", '
        '"tags", "created_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
    )
    insert_review = session.prepare(
        f'INSERT INTO {keyspace}.reviews ("product_id", "review_id", "author", "rating", "body") '
        "VALUES (?, ?, ?, ?, ?)"
    )
    products, reviews = [], []
    for p, rs in documents(rows):
        products.append((p.id, p.name, p.brand, p.category, p.price, p.description, p.tags, p.created_at))
        reviews += [(r.product_id, r.review_id, r.author, r.rating, r.body) for r in rs]
    started = time.perf_counter()
    execute_concurrent_with_args(
        session, insert_product, products, concurrency=256, raise_on_first_error=True
    )
    execute_concurrent_with_args(session, insert_review, reviews, concurrency=256, raise_on_first_error=True)
    return time.perf_counter() - started


def counted(session, keyspace: str) -> int:
    """Every row of the catalog's tables, counted by the database."""
    return sum(
        session.execute(f"SELECT COUNT(*) FROM {keyspace}.{table}", timeout=60).one()[0]
        for table in SPEC.tables
    )


def main() -> None:
    variant, count = sys.argv[1], int(sys.argv[2])
    settings = db.Settings.from_env()
    session = db.connect(settings, create_keyspace=True)
    if variant == "count":
        print(f"COUNT {counted(session, settings.keyspace)}")
        return
    if variant == "drop":
        session.execute(f"DROP KEYSPACE IF EXISTS {settings.keyspace}", timeout=60)
        return
    # The same rows as the seed's (the kit's Faker and Random for --seed 1). The seed makes its
    # fake rows while it writes them, inside its timing: so do the variants.
    generating = time.perf_counter()
    rows = list(fake_rows(*fake_sources(1), count))
    generating = time.perf_counter() - generating

    async def setup():
        await prepare_tables(SPEC)
        await reset_tables(SPEC)

    asyncio.run(setup())
    writing = asyncio.run(loop(rows)) if variant == "loop" else raw(session, settings.keyspace, rows)
    total = len(rows) + sum(len(r.reviews) for r in rows)
    print(f"RESULT {total} {generating + writing:.4f} {writing:.4f}", flush=True)


if __name__ == "__main__":
    main()
