"""What `seed.py` writes: fake products with reviews, or rows of a feed file."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from faker import Faker

from . import queries
from .kit.seedkit import SeedSpec, keys
from .kit.stable_ids import stable_timeuuid, stable_uuid
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
# Reviews come from a crowd of this many people, each name made once, and say one of this many
# sentences: Faker's name() and sentence() cost more than the rest of a review together, and
# the seed is bound by its own CPU (it writes as fast as it makes rows).
REVIEWERS, SAYINGS = 500, 2000


class FeedReview(ReviewIn):
    posted_at: datetime  # the review's key is made from its time: a feed must give it


class FeedRow(ProductIn):
    """One product of a feed; a JSON feed may nest its reviews. Without an id, a product is
    known by its brand and name: importing the same file twice updates rows, never adds more."""

    id: UUID | None = None
    reviews: list[FeedReview] = []


class Repertoire:
    """Values made by `make` until there are `size` of them, then picked again at random."""

    def __init__(self, make: Callable[[], str], size: int, rng: random.Random):
        self.make, self.size, self.rng, self.made = make, size, rng, []

    def __call__(self) -> str:
        if len(self.made) < self.size:
            self.made.append(self.make())
            return self.made[-1]
        return self.rng.choice(self.made)


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    reviewer = Repertoire(faker.name, REVIEWERS, rng)
    saying = Repertoire(lambda: faker.sentence(nb_words=rng.randint(6, 18)), SAYINGS, rng)
    for _ in range(count):
        category, brand = rng.choice(CATEGORIES), rng.choice(BRANDS)
        reviews = [
            FeedReview(
                author=reviewer(),
                rating=rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 5, 6])[0],
                body=saying(),
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


def product_id(row: FeedRow) -> UUID:
    return row.id or stable_uuid("product", row.brand, row.name)


def review_id(product: UUID, review: FeedReview) -> UUID:
    """A timeuuid of the review's own time, its other bits a hash of its product and author:
    distinct for reviews of the same instant, and the same when the feed is imported again."""
    return stable_timeuuid(review.posted_at, product, review.author)


async def write_row(row: FeedRow) -> list:
    product = Product(id=product_id(row), **row.model_dump(exclude={"reviews", "id"}))
    reviews = [
        Review(
            product_id=product.id, review_id=review_id(product.id, r), **r.model_dump(exclude={"posted_at"})
        )
        for r in row.reviews
    ]
    await queries.save_with_reviews(product, reviews)
    return keys(product, *reviews)


def agreement(cql: Callable[[str], list]) -> list[str]:
    """For the tests, after any seed (a stopped one too): every review's product exists.
    (A product and its reviews go in one batch of one partition: all of it lands, or none.)"""
    products = {row.id for row in cql("SELECT id FROM {ks}.products")}
    orphans = {row.product_id for row in cql("SELECT DISTINCT product_id FROM {ks}.reviews")} - products
    return [f"{len(orphans)} products have reviews but no product row"] if orphans else []


SPEC = SeedSpec("products", FeedRow, fake_rows, write_row, models=MODELS, agreement=agreement)
