"""What `seed.py` writes: fake products, or rows of a feed file, through queries.put_product.

Each product is one LOGGED batch (the base row and its hand-made row in
products_by_category_manual); Cassandra adds the two view rows on its own. The summary counts
the tables the seed writes: the views hold as many rows as products once they have caught up
(the tests check that, category by category).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from decimal import Decimal
from uuid import UUID

from faker import Faker

from . import queries
from .kit.seedkit import SeedSpec, keys
from .kit.stable_ids import stable_uuid
from .models import MODELS, Product, ProductByCategoryManual
from .schemas import ProductIn

CATEGORIES = ["Audio", "Cameras", "Computers", "Gaming", "Home", "Outdoor", "Phones", "Wearables"]
BRANDS = ["Aurora", "Helix", "Lumen", "Nimbus", "Orbit", "Quasar", "Vertex", "Zephyr"]
NOUNS = {
    "Audio": ["Headphones", "Speaker", "Earbuds", "Soundbar"],
    "Cameras": ["Camera", "Lens", "Tripod", "Action Cam"],
    "Computers": ["Laptop", "Keyboard", "Monitor", "Mouse"],
    "Gaming": ["Controller", "Headset", "Console", "Racing Wheel"],
    "Home": ["Lamp", "Thermostat", "Air Purifier", "Robot Vacuum"],
    "Outdoor": ["Lantern", "Power Bank", "GPS Watch", "Solar Panel"],
    "Phones": ["Phone", "Charger", "Case", "Dock"],
    "Wearables": ["Smartwatch", "Fitness Band", "Smart Ring", "Smart Glasses"],
}


class FeedRow(ProductIn):
    """One product of a feed. Without an id, a product is known by its brand and name:
    importing the same file twice updates rows, never adds more."""

    id: UUID | None = None


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    for _ in range(count):
        category, brand = rng.choice(CATEGORIES), rng.choice(BRANDS)
        yield FeedRow(
            id=UUID(int=rng.getrandbits(128), version=4),
            name=f"{brand} {faker.word().capitalize()} {rng.choice(NOUNS[category])}",
            brand=brand,
            category=category,
            price=(Decimal(rng.randint(499, 249_999)) / 100).quantize(Decimal("0.01")),
            description=faker.sentence(nb_words=rng.randint(6, 14)),
        )


async def write_row(row: FeedRow) -> list:
    product = Product(
        id=row.id or stable_uuid("product", row.brand, row.name), **row.model_dump(exclude={"id"})
    )
    await queries.put_product(product)
    return keys(product, ProductByCategoryManual(**product.model_dump()))


def agreement(cql: Callable[[str], list]) -> list[str]:
    """For the tests, after any seed (a stopped one too): the hand-made table holds exactly the
    base table's (category, id) pairs, since both are written in one logged batch."""
    base = {(row.category, row.id) for row in cql("SELECT id, category FROM {ks}.products")}
    manual = {
        (row.category, row.id) for row in cql("SELECT category, id FROM {ks}.products_by_category_manual")
    }
    problems = []
    if base - manual:
        problems.append(f"{len(base - manual)} products have no row in products_by_category_manual")
    if manual - base:
        problems.append(f"{len(manual - base)} rows of products_by_category_manual match no product")
    return problems


SPEC = SeedSpec(
    "products",
    FeedRow,
    fake_rows,
    write_row,
    models=MODELS,
    same_rows=[("products", "products_by_category_manual")],
    agreement=agreement,
)
