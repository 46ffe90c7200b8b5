"""What `seed.py` writes: fake products with reviews, or rows of a feed file."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid1

from cassandra.util import uuid_from_time
from faker import Faker

from . import queries
from .kit.seedkit import SeedSpec
from .models import MODELS, Product, Review
from .schemas import ProductIn, ReviewIn

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
# Fake dates count back from a fixed day, so --seed gives the same data on any day.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)


class FeedReview(ReviewIn):
    posted_at: datetime | None = None


class FeedRow(ProductIn):
    """One product of a feed; a JSON feed may nest its reviews, and may fix the id so that
    importing the same file twice updates rows instead of duplicating them."""

    id: UUID | None = None
    reviews: list[FeedReview] = []


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    for _ in range(count):
        category, brand = rng.choice(CATEGORIES), rng.choice(BRANDS)
        reviews = [
            FeedReview(
                author=faker.name(),
                rating=rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 5, 6])[0],
                body=faker.sentence(nb_words=rng.randint(6, 18)),
                posted_at=ANCHOR - timedelta(seconds=rng.randint(0, 365 * 86400)),
            )
            for _ in range(rng.randint(0, 10))
        ]
        yield FeedRow(
            id=UUID(int=rng.getrandbits(128), version=4),
            name=f"{brand} {faker.word().capitalize()} {rng.choice(NOUNS[category])}",
            brand=brand,
            category=category,
            price=(Decimal(rng.randint(499, 249_999)) / 100).quantize(Decimal("0.01")),
            description=faker.paragraph(nb_sentences=2),
            tags=rng.sample(
                ["new", "sale", "wireless", "eco", "pro", "compact", "bestseller"], k=rng.randint(0, 3)
            ),
            reviews=reviews,
        )


def _review_id(review: FeedReview) -> UUID:
    # A timeuuid from the review's own time: distinct keys even for reviews of the same second.
    return uuid_from_time(review.posted_at) if review.posted_at else uuid1()


async def write_row(row: FeedRow) -> Counter:
    product = Product(**row.model_dump(exclude={"reviews", "id"}), **({"id": row.id} if row.id else {}))
    reviews = [
        Review(product_id=product.id, review_id=_review_id(r), **r.model_dump(exclude={"posted_at"}))
        for r in row.reviews
    ]
    await queries.save_with_reviews(product, reviews)
    return Counter({Product.table_name(): 1, Review.table_name(): len(reviews)})


SPEC = SeedSpec("products", FeedRow, fake_rows, write_row, models=MODELS)
