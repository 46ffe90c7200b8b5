"""Round trips through coodie on the real database."""

import asyncio
from decimal import Decimal
from uuid import uuid4

from catalog.models import Product, Review
from catalog.queries import save_with_reviews


def run(coro):
    return asyncio.run(coro)


def test_product_round_trip_keeps_exact_price(client):
    price = Decimal("24564.69")
    product = Product(name="Scale", brand="Helix", category="Home", price=price, tags={"a", "b"})
    run(product.save())
    stored = run(Product.get(id=product.id))
    assert stored.price == Decimal("24564.69")  # decimal, not a 32-bit float
    assert sorted(stored.tags) == ["a", "b"]
    assert stored.name == "Scale"


def test_reviews_come_back_newest_first_and_none_is_lost(client, count_rows):
    product = Product(name="Busy", brand="Orbit", category="Audio", price=Decimal("10"))
    # Built in a tight loop: a now()-timestamp key would collide; a timeuuid never does.
    reviews = [Review(product_id=product.id, author=f"r{i}", rating=1 + i % 5) for i in range(200)]
    run(save_with_reviews(product, reviews))
    stored = run(Review.find(product_id=product.id).all())
    assert len(stored) == 200
    ids = [r.review_id for r in stored]
    assert ids == sorted(ids, key=lambda u: u.time, reverse=True)


def test_get_missing_product_raises(client):
    from coodie.exceptions import DocumentNotFound

    try:
        run(Product.get(id=uuid4()))
    except DocumentNotFound:
        return
    raise AssertionError("Product.get found a product that was never written")
