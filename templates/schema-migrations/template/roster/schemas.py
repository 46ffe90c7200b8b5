"""What the seed's feeds accept (the models are what is stored)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator


class MemberIn(BaseModel):
    """A day-one member: a name, an e-mail address and a city, none of them blank."""

    full_name: str = Field(min_length=1, max_length=120)
    email: str = Field(min_length=3, max_length=254)
    city: str = Field(min_length=1, max_length=80)

    @field_validator("full_name", "city")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @field_validator("email")
    @classmethod
    def looks_like_email(cls, value: str) -> str:
        local, at, domain = value.strip().partition("@")
        if not (local and at and "." in domain):
            raise ValueError("must be an e-mail address (name@domain.tld)")
        return value.strip()


class MigrationOut(BaseModel):
    name: str
    description: str
    applied_at: datetime | None  # None: pending
    reversible: bool


class StatusOut(BaseModel):
    migrations: list[MigrationOut]
    schema_diff: str  # what `coodie schema-diff --module roster.target` prints
    in_step: bool  # the table is what the models after all migrations say
