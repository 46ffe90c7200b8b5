"""The catalog's data model, query first.

Queries the pages make, and the table that answers each in one partition read:

  Q1  a product by id                        products    PRIMARY KEY (id)
  Q2  products of a category, paged          products    secondary index on category
  Q3  products of a brand, paged             products    secondary index on brand
  Q4  a product's reviews, newest first      reviews     PRIMARY KEY (product_id, review_id DESC)

Reviews share their product's partition key value, so a product and its reviews live on the
same replicas: the seed writes each product with its reviews in one single-partition batch.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID, uuid1, uuid4

from coodie.aio import Document
from coodie.fields import ClusteringKey, Indexed, PrimaryKey, TimeUUID
from pydantic import Field


def utcnow() -> datetime:
    return datetime.now(UTC)


class Product(Document):
    """A product. Looked up by id (Q1); listed by category (Q2) or brand (Q3) through indexes."""

    id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
    name: str
    brand: Annotated[str, Indexed()]
    category: Annotated[str, Indexed()]
    price: Decimal  # CQL decimal: a Python float would become a 32-bit CQL float
    description: str = ""
    tags: set[str] = Field(default_factory=set)
    created_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "products"


class Review(Document):
    """One review, in its product's partition, newest first (Q4).

    The clustering key is a timeuuid, not a timestamp: two reviews written in the same
    millisecond get different keys instead of silently overwriting each other.
    """

    product_id: Annotated[UUID, PrimaryKey()]
    review_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")] = Field(default_factory=uuid1)
    author: str
    rating: int
    body: str = ""

    class Settings:
        name = "reviews"


# In the order they are created at start-up.
MODELS = [Product, Review]
