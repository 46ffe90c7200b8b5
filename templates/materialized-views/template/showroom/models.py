"""The showroom's data model, query first.

Queries the pages make, and the table (or view) that answers each in one partition read:

  Q1  a product by id                        products                     PRIMARY KEY (id)
  Q2  products of a category, paged          products_by_category         PRIMARY KEY (category, id)
                                             (a materialized view of products: the server keeps it)
  Q2m the same question, answered by hand    products_by_category_manual  PRIMARY KEY (category, id)
                                             (a table the app writes in a LOGGED batch with products)
  Q3  products of a brand, paged             products_by_brand            PRIMARY KEY (brand, id)
                                             (a materialized view of products)

`products` is the base table: the only one the app writes for the views. Cassandra keeps each
view in step with it: on every write to a base row the base replica reads the row as it was,
and sends the view replicas the new view row and, when a view key column (category, brand)
changed, a delete of the old one. `products_by_category_manual` does the same work in the app:
read the old category, then one logged batch with the base row, the new row, and the delete of
the old one (queries.put_product).

A view's primary key is the base table's key (id) plus at most one other column, and every
key column must be IS NOT NULL in the view's WHERE: a product without a category would not be
in products_by_category at all.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID, uuid4

from coodie.aio import Document, MaterializedView
from coodie.fields import ClusteringKey, PrimaryKey
from pydantic import Field


def utcnow() -> datetime:
    """Now, to the millisecond: a CQL timestamp keeps no more, so what we hold is what is stored."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class Product(Document):
    """A product (Q1): the base table of both views."""

    id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
    name: str
    brand: str
    category: str
    price: Decimal  # CQL decimal: a Python float would become a 32-bit CQL float
    description: str = ""
    updated_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "products"


class ProductByCategory(MaterializedView):
    """Products of a category (Q2): a materialized view of products, read-only."""

    category: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, ClusteringKey()]
    name: str
    brand: str
    price: Decimal
    description: str = ""
    updated_at: datetime

    class Settings:
        name = "products_by_category"
        __base_table__ = "products"


class ProductByBrand(MaterializedView):
    """Products of a brand (Q3): a materialized view of products, read-only."""

    brand: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, ClusteringKey()]
    name: str
    category: str
    price: Decimal
    description: str = ""
    updated_at: datetime

    class Settings:
        name = "products_by_brand"
        __base_table__ = "products"


class ProductByCategoryManual(Document):
    """Products of a category (Q2m): the same rows as products_by_category, kept by the app."""

    category: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, ClusteringKey()]
    name: str
    brand: str
    price: Decimal
    description: str = ""
    updated_at: datetime

    class Settings:
        name = "products_by_category_manual"


# In the order they are created (`make schema`): tables before the views built on them.
MODELS = [Product, ProductByCategoryManual, ProductByCategory, ProductByBrand]
VIEWS = [ProductByCategory, ProductByBrand]
