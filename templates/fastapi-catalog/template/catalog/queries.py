"""Every read and write the catalog makes, one small function each.

Routes and the seed call these; none of them scans a table with ALLOW FILTERING.
"""

from __future__ import annotations

from uuid import UUID

from coodie.aio import AsyncBatchQuery
from coodie.exceptions import DocumentNotFound

from .kit import paging
from .models import Product, Review
from .options import PAGE_SIZE
from .schemas import ProductIn, ReviewIn

REVIEWS_PAGE_SIZE = 10


class BothFilters(ValueError):
    """Category and brand together: see list_products."""


async def list_products(
    category: str | None = None, brand: str | None = None, cursor: str | None = None, size: int = PAGE_SIZE
) -> paging.Page:
    """Q2/Q3: one page of products, filtered through one secondary index at most.

    Both filters at once would make Cassandra read one index and filter its rows by the
    other column (ALLOW FILTERING), so the catalog asks for one or the other.
    """
    if category and brand:
        raise BothFilters("filter by category or by brand, not both: each is its own index")
    query = Product.find()
    if category:
        query = Product.find(category=category)
    elif brand:
        query = Product.find(brand=brand)
    return await paging.fetch_page(query, size, cursor)


async def get_product(product_id: UUID) -> Product:
    """Q1. Raises DocumentNotFound."""
    return await Product.get(id=product_id)


async def create_product(data: ProductIn) -> Product:
    product = Product(**data.model_dump())
    await product.save()
    return product


async def update_product(product_id: UUID, data: ProductIn) -> Product:
    """Overwrite the editable columns; the indexes follow category and brand by themselves."""
    product = await get_product(product_id)
    await product.update(**data.model_dump())
    return product


async def delete_product(product_id: UUID) -> None:
    """The reviews' partition first, then the product: a half-done delete leaves no orphans."""
    await get_product(product_id)
    await Review.find(product_id=product_id).delete()
    await Product.find(id=product_id).delete()


async def reviews_for(
    product_id: UUID, cursor: str | None = None, size: int = REVIEWS_PAGE_SIZE
) -> paging.Page:
    """Q4: newest first, straight from the clustering order (no ORDER BY needed)."""
    return await paging.fetch_page(Review.find(product_id=product_id), size, cursor)


async def add_review(product_id: UUID, data: ReviewIn) -> Review:
    await get_product(product_id)
    review = Review(product_id=product_id, **data.model_dump())
    await review.save()
    return review


async def save_with_reviews(product: Product, reviews: list[Review]) -> None:
    """One unlogged batch per product: every statement has the same partition key value,
    so the batch goes to one replica set in one round trip (the seed's fast path)."""
    async with AsyncBatchQuery(logged=False) as batch:
        await product.save(batch=batch)
        for review in reviews:
            await review.save(batch=batch)


__all__ = ["BothFilters", "DocumentNotFound"]
