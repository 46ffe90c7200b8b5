"""What the API and the forms accept and return (the models are what is stored)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

Name = Annotated[str, Field(min_length=1, max_length=200)]
# A view key column: an empty one would keep the row out of the view (the view's WHERE says
# IS NOT NULL, and Cassandra refuses an empty partition key), so both are required.
Key = Annotated[str, Field(min_length=1, max_length=80)]


class ProductIn(BaseModel):
    """A new or edited product (JSON body, form, or one row of a seed feed)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: Name
    brand: Key
    category: Key
    price: Annotated[Decimal, Field(gt=0, lt=1_000_000, max_digits=9, decimal_places=2)]
    description: Annotated[str, Field(max_length=5_000)] = ""


class ProductOut(BaseModel):
    id: UUID
    name: str
    brand: str
    category: str
    price: Decimal
    description: str
    updated_at: datetime

    @field_validator("updated_at")
    @classmethod
    def utc(cls, value: datetime) -> datetime:
        # The driver reads timestamps back as naive datetimes in UTC.
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    @classmethod
    def of(cls, row) -> ProductOut:
        """From a row of products, of a view, or of the hand-made table (they hold the same columns).
        Rows are hydrated without validation: a column never written comes back as None."""
        return cls(**{**row.__dict__, "description": row.description or ""})


class ProductPage(BaseModel):
    items: list[ProductOut]
    next_cursor: str | None = Field(description="pass back as ?cursor= for the next page")


class Moved(BaseModel):
    """An edit, and the view partitions it left (when it changed a view's key column)."""

    product: ProductOut
    category_was: str
    brand_was: str


class ViewWriteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_id: UUID


class RefusedOut(BaseModel):
    """A 405: the view is read-only, and who refused the write."""

    detail: str
    view: str
    refusals: list[str]


Source = Literal["view", "manual"]
