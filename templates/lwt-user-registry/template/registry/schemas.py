"""What the API and the forms accept and return (the models are what is stored)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from .models import User

USERNAME = re.compile(r"[a-z0-9_]{3,24}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def normal_username(value: str) -> str:
    """Usernames are compared lower-case: 'Ada' and 'ada' are the same claim."""
    value = str(value).strip().lower()
    if not USERNAME.fullmatch(value):
        raise PydanticCustomError("username", "use 3 to 24 characters: letters, digits and _")
    return value


def normal_email(value: str) -> str:
    """E-mail addresses are compared lower-case: 'Ada@Example.com' and 'ada@example.com' clash."""
    value = str(value).strip().lower()
    if len(value) > 254 or not EMAIL.fullmatch(value):
        raise PydanticCustomError("email", "enter an e-mail address like ada@example.com")
    return value


Username = Annotated[str, AfterValidator(normal_username), Field(examples=["ada"])]
Email = Annotated[str, AfterValidator(normal_email), Field(examples=["ada@example.com"])]
DisplayName = Annotated[str, Field(min_length=1, max_length=80)]
Bio = Annotated[str, Field(max_length=500)]
Location = Annotated[str, Field(max_length=80)]


class RegistrationIn(BaseModel):
    """A new account (JSON body, form, or one row of a seed feed)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    username: Username
    email: Email
    display_name: DisplayName
    bio: Bio = ""
    location: Location = ""


class ProfileIn(BaseModel):
    """A profile edit. `version` is the version the edit was based on: the optimistic lock."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    display_name: DisplayName
    bio: Bio = ""
    location: Location = ""
    version: Annotated[int, Field(ge=1, description="the version you read; the edit loses if it changed")]


class UserOut(BaseModel):
    user_id: UUID
    username: str
    email: str
    display_name: str
    bio: str
    location: str
    version: int
    created_at: datetime
    updated_at: datetime

    @field_validator("created_at", "updated_at")
    @classmethod
    def utc(cls, value: datetime) -> datetime:
        # The driver reads timestamps back as naive datetimes in UTC.
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    @classmethod
    def of(cls, user: User) -> UserOut:
        # Rows are hydrated without validation: a column never written comes back as None.
        return cls(**{**user.__dict__, "bio": user.bio or "", "location": user.location or ""})


class UserPage(BaseModel):
    items: list[UserOut]
    next_cursor: str | None = Field(description="pass back as ?cursor= for the next page")


class ConflictOut(BaseModel):
    """A 409: what lost, and (for an edit) the values that won."""

    detail: str
    field: Literal["username", "email", "version"]
    current: UserOut | None = Field(None, description="for a lost edit: the row as it is now")


class RaceIn(BaseModel):
    """The race page: N registrations at once, all for one username or all for one e-mail."""

    model_config = ConfigDict(str_strip_whitespace=True)

    mode: Literal["username", "email"] = "username"
    key: str
    count: Annotated[int, Field(ge=2, le=50)] = 20

    @field_validator("key")
    @classmethod
    def valid_key(cls, value: str, info) -> str:
        mode = info.data.get("mode", "username")
        return normal_username(value) if mode == "username" else normal_email(value)
