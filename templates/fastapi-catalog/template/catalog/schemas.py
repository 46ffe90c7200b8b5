"""What the API and the forms accept and return (the models above are what is stored)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from cassandra.util import datetime_from_uuid1
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .models import Product, Review

Text = Annotated[str, Field(min_length=1, max_length=200)]


class ProductIn(BaseModel):
    """A new or edited product (JSON body, form, or one row of a seed feed)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: Text
    brand: Annotated[str, Field(min_length=1, max_length=80)]
    category: Annotated[str, Field(min_length=1, max_length=80)]
    price: Annotated[Decimal, Field(gt=0, lt=1_000_000, max_digits=9, decimal_places=2)]
    description: Annotated[str, Field(max_length=5_000)] = ""
    tags: Annotated[list[str], Field(max_length=20)] = []

    @field_validator("tags", mode="before")
    @classmethod
    def split_tags(cls, value):
        """Forms and CSV feeds give tags as one string: "audio; wireless"."""
        if isinstance(value, str):
            value = value.replace(",", ";").split(";")
        return sorted({str(tag).strip().lower() for tag in value if str(tag).strip()})


class ReviewIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    author: Annotated[str, Field(min_length=1, max_length=80)]
    rating: Annotated[int, Field(ge=1, le=5)]
    body: Annotated[str, Field(max_length=5_000)] = ""


class ProductOut(BaseModel):
    id: UUID
    name: str
    brand: str
    category: str
    price: Decimal
    description: str
    tags: list[str]
    created_at: datetime

    @classmethod
    def of(cls, product: Product) -> ProductOut:
        # Rows are hydrated without validation: a set<text> arrives as the driver's SortedSet.
        return cls(**{**product.__dict__, "tags": sorted(product.tags or ())})


class ReviewOut(BaseModel):
    product_id: UUID
    review_id: UUID
    author: str
    rating: int
    body: str
    posted_at: datetime

    @classmethod
    def of(cls, review: Review) -> ReviewOut:
        return cls(**review.__dict__, posted_at=datetime_from_uuid1(review.review_id))


class ProductPage(BaseModel):
    items: list[ProductOut]
    next_cursor: str | None = Field(description="pass back as ?cursor= for the next page")


class ReviewPage(BaseModel):
    items: list[ReviewOut]
    next_cursor: str | None
