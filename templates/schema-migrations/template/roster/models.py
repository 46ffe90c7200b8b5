"""The roster's data model on day one, query first: what `make schema` creates and the seed writes.

Queries the pages make, and the table that answers each:

  Q1  a page of members, with their columns as they are now
                                        members        PRIMARY KEY (id), read in token order

The table then changes under the four migrations in migrations/ (`make migrate`, coodie's
runner): 001 adds `plan`, 002 adds the index on `city`, 003 adds `email_domain` and backfills
it from `email`, 004 "renames" `full_name` to `display_name` the Cassandra way (a new column,
a backfill, reads switched, the old column dropped). target.py holds the model as it is after
all four (MemberAfter, re-exported by target.py, which `coodie schema-diff --module
roster.target` compares with the database). Member stays the day-one model, because day one is
what `make schema` builds and what the seed writes; MemberAnyVersion holds the columns every
version shares, the ones the web process checks at start (it runs before and after migrations).

"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

from coodie.aio import Document
from coodie.fields import Indexed, PrimaryKey
from pydantic import Field


def utcnow() -> datetime:
    """Now, to the millisecond: a CQL timestamp keeps no more, so what we hold is what is stored."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class Member(Document):
    """A member of the roster, as the table was on day one (Q1)."""

    id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
    full_name: str
    email: str
    city: str
    joined_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "members"


class MemberAfter(Document):
    """A member after migrations 001-004: the model schema-diff compares with (not in MODELS:
    `make schema` never builds it, the migrations do)."""

    id: Annotated[UUID, PrimaryKey()]
    display_name: str | None = None  # 004: the "renamed" full_name
    email: str
    email_domain: str | None = None  # 003: backfilled from email
    city: Annotated[str, Indexed(index_name="members_city_idx")]  # 002
    plan: str | None = None  # 001: new rows set it, old rows read "free"
    joined_at: datetime

    class Settings:
        name = "members"


class MemberAnyVersion(Document):
    """The columns of members that every migration keeps: what the web process checks at start."""

    id: Annotated[UUID, PrimaryKey()]
    email: str
    city: str
    joined_at: datetime

    class Settings:
        name = "members"


MODELS = [Member]
