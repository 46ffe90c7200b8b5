"""What the API and the forms accept and return (the models are what is stored)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .models import MAX_TTL
from .queries import CODE_ALPHABET, CODE_LENGTH

User = Annotated[str, Field(min_length=1, max_length=40)]
Ttl = Annotated[int, Field(ge=1, le=MAX_TTL, description=f"seconds, 1 to {MAX_TTL}")]


class _TtlInput(BaseModel):
    @field_validator("ttl", mode="before", check_fields=False)
    @classmethod
    def blank_is_none(cls, value):
        """A form's or CSV's empty TTL means "not given": the table default applies."""
        return None if isinstance(value, str) and not value.strip() else value


class LoginIn(_TtlInput):
    """A login (JSON body, form, or one row of a seed feed). No passwords: it is a demo."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    user: User
    ttl: Ttl | None = Field(None, description="omit for the table's default_time_to_live")
    device: Annotated[str, Field(max_length=80)] = ""


class ExtendIn(_TtlInput):
    model_config = ConfigDict(extra="forbid")

    ttl: Ttl | None = Field(None, description="omit to extend by the length first granted")


class CodeIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    user: User


class UseCodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str

    @field_validator("code", mode="before")
    @classmethod
    def normalise(cls, value):
        """People type codes in lower case, with spaces or dashes: accept that."""
        text = "".join(ch for ch in str(value).upper() if ch not in " -")
        if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
            raise ValueError(f"a code is {CODE_LENGTH} letters and digits, like K7QX2MPA")
        return text


class SessionOut(BaseModel):
    token: str
    user: str
    device: str
    granted: int = Field(description="the TTL of the last write, in seconds")
    remaining: int = Field(description="seconds left, read with SELECT TTL(...)")
    created_at: datetime

    @field_validator("created_at")
    @classmethod
    def as_utc(cls, value: datetime) -> datetime:
        """The driver hands timestamps back naive (they are UTC): say so in the JSON."""
        return value if value.tzinfo else value.replace(tzinfo=UTC)


class LiveRowOut(BaseModel):
    token_hint: str = Field(description="the first characters of the token; the token is a secret")
    user: str
    device: str
    granted: int
    remaining: int


class BoardOut(BaseModel):
    items: list[LiveRowOut]
    windows: int = Field(description="live_sessions partitions read (expiry windows)")


class CodeOut(BaseModel):
    code: str
    user: str
    remaining: int | None = Field(description="seconds before the code expires")
