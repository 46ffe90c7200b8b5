"""The registry's data model, query first.

Queries the pages make, and the table that answers each in one partition read:

  Q1  who holds this username?           usernames   PRIMARY KEY (username)
  Q2  who holds this e-mail address?     emails      PRIMARY KEY (email)
  Q3  an account by id                   users       PRIMARY KEY (user_id)
  Q4  every account, a page at a time    users       PRIMARY KEY (user_id), in token order

Cassandra has no UNIQUE constraint: a row is unique only by its primary key. So each unique
value gets a table keyed by that value (a "claim"), written with INSERT ... IF NOT EXISTS,
a lightweight transaction (LWT): the replicas agree through a Paxos round on who got there
first, and everybody else is told who did. The claims double as lookup tables (Q1, Q2).

Every write to these three tables is an LWT: mixing plain writes and LWTs on the same rows
would let a plain write with a later timestamp overwrite a decision Paxos has made.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

from coodie.aio import Document
from coodie.fields import PrimaryKey
from pydantic import Field


def utcnow() -> datetime:
    """Now, to the millisecond: a CQL timestamp keeps no more, so what we return is what is stored."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class User(Document):
    """An account (Q3). Edits are guarded by `version` (optimistic locking): UPDATE ... IF version = ?"""

    user_id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
    username: str
    email: str
    display_name: str
    bio: str = ""
    location: str = ""
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "users"


class UsernameClaim(Document):
    """username -> user_id (Q1): the uniqueness guard for usernames, written IF NOT EXISTS."""

    username: Annotated[str, PrimaryKey()]
    user_id: UUID
    claimed_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "usernames"


class EmailClaim(Document):
    """e-mail -> user_id (Q2): the uniqueness guard for e-mail addresses, written IF NOT EXISTS."""

    email: Annotated[str, PrimaryKey()]
    user_id: UUID
    claimed_at: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "emails"


# In the order they are created at start-up.
MODELS = [User, UsernameClaim, EmailClaim]
