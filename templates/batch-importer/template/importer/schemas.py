"""One order as a feed holds it: a CSV row, a JSON object or a JSON Lines line.

The same model checks the command's files, the upload form's file and seed.py's feeds, so a
row the page refuses is a row the command refuses, with the same words.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Key = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")]
Status = Literal["placed", "paid", "shipped", "delivered", "cancelled"]


class OrderRow(BaseModel):
    """order_id, customer_id, ordered_at (ISO 8601; no zone means UTC), amount, and optionally
    currency (EUR), items (1) and status (placed)."""

    model_config = ConfigDict(extra="forbid")

    order_id: Key
    customer_id: Key
    ordered_at: datetime
    amount: Annotated[Decimal, Field(ge=0, lt=Decimal("1000000000"), max_digits=12, decimal_places=2)]
    currency: Annotated[
        str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$")
    ] = "EUR"
    items: Annotated[int, Field(ge=1, le=10_000)] = 1
    status: Status = "placed"

    @field_validator("ordered_at")
    @classmethod
    def _in_utc_to_the_millisecond(cls, value: datetime) -> datetime:
        """A CQL timestamp keeps milliseconds: what is stored is what the key was made of."""
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        if not 2000 <= value.year <= 2100:
            raise ValueError("a date between the years 2000 and 2100")
        return value.replace(microsecond=value.microsecond // 1000 * 1000)


COLUMNS = list(OrderRow.model_fields)
