"""What the API, the forms and the seed feeds accept, and what the API returns."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DIRECT = "direct"  # the referrer of a visit that came from nowhere (typed URL, bookmark)
FIRST_DAY = date(2000, 1, 1)
PAGE_PATH = re.compile(r"^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$")  # RFC 3986 path characters
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


def today() -> date:
    """Days are UTC days: every writer and reader agrees on which partition "today" is."""
    return datetime.now(UTC).date()


def check_page(value: str) -> str:
    value = value.strip()
    if not PAGE_PATH.match(value):
        raise ValueError("a page is a URL path such as /pricing: it starts with / and has no spaces, ? or #")
    return value


def normalise_referrer(value: object) -> str:
    """'https://www.Google.com/search?q=x' -> 'google.com'; empty -> 'direct'.

    Referrers are kept to host names so that a day has a few hundred of them at most: the
    whole day partition is read to rank them (see models.py)."""
    text = str(value or "").strip().lower()
    if not text or text == DIRECT:
        return DIRECT
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    host = host.removeprefix("www.")
    if not HOST.match(host) or len(host) > 100:
        raise ValueError("a referrer is a host name like google.com or a URL, or 'direct'")
    return host


Page = Annotated[str, Field(max_length=200)]
Views = Annotated[int, Field(ge=0, le=1_000_000)]


class HitIn(BaseModel):
    """Traffic for one page from one referrer on one day: an API body, a form, or a feed row.

    A simulated visit is views=1; a feed row may carry a day's worth (views=120, likes=4)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    page: Page
    referrer: str = DIRECT
    day: date = Field(default_factory=today)
    views: Views = 1
    likes: Views = 0

    @field_validator("page")
    @classmethod
    def _page(cls, value: str) -> str:
        return check_page(value)

    @field_validator("referrer", mode="before")
    @classmethod
    def _referrer(cls, value: object) -> str:
        return normalise_referrer(value)

    @field_validator("day")
    @classmethod
    def _day(cls, value: date) -> date:
        if not FIRST_DAY <= value <= today() + timedelta(days=1):
            raise ValueError(f"the day must be between {FIRST_DAY} and tomorrow")
        return value

    @model_validator(mode="after")
    def _something(self) -> HitIn:
        if self.views == 0 and self.likes == 0:
            raise ValueError("views and likes are both 0: nothing to count")
        return self


class SimulatorIn(BaseModel):
    """A bounded simulation: the button cannot start one that never ends."""

    model_config = ConfigDict(extra="forbid")

    rate: Annotated[int, Field(ge=1, le=200, description="hits per second")] = 20
    seconds: Annotated[int, Field(ge=1, le=60)] = 10


class PageCount(BaseModel):
    page: str
    views: int


class ReferrerCount(BaseModel):
    referrer: str
    views: int


class DayReport(BaseModel):
    """Q2 and Q3 for one day: what the dashboard shows."""

    day: date
    views: int = Field(description="sum of the day's page counters")
    views_by_referrer: int = Field(description="sum of the day's referrer counters (same hits)")
    pages: list[PageCount] = Field(description="most viewed first")
    referrers: list[ReferrerCount]
    pages_read: int = Field(description="rows read from the day's page partition")
    referrers_read: int
    truncated: bool = Field(description="the day had more pages than one read may take")


class DayViews(BaseModel):
    day: date
    views: int


class PageStats(BaseModel):
    """Q1 and Q4: one page."""

    page: str
    views: int
    likes: int
    last_days: list[DayViews] = Field(description="oldest first")


class SimulatorStatus(BaseModel):
    running: bool
    rate: int
    seconds: int
    elapsed: float
    sent: int = Field(description="hits sent to the database")
    counted: int = Field(description="hits the database acknowledged")
    failed: int = Field(description="hits whose outcome is unknown: never retried, see README")
