"""The session store's data model, query first.

Queries the pages make, and the table that answers each one:

  Q1  a session by its token (the cookie), with its TTL    sessions        PRIMARY KEY (token)
  Q2  the live sessions, soonest to expire first           live_sessions   PRIMARY KEY (bucket, token)
  Q3  a one-time login code, used at most once             login_codes     PRIMARY KEY (code)

Nothing here is ever cleaned up by a job: every write carries a TTL (its own, or the table's
`default_time_to_live`), and Cassandra drops the row when it runs out.

`live_sessions` is the board's index: one row per session, written in the same batch and with
the same TTL as the session, in the partition of the 10-minute window in which it expires.
The board reads only the windows between now and now + MAX_TTL (7 partitions, concurrently):
never a table scan, and never a past window, whose expired rows (tombstones, in time) no read
meets again before compaction purges them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from coodie.aio import Document
from coodie.fields import ClusteringKey, PrimaryKey
from pydantic import Field

SESSION_DEFAULT_TTL = 15 * 60  # the tables' default_time_to_live: a write without a TTL gets this
MAX_TTL = 60 * 60  # the longest TTL a write may ask for: bounds the windows the board reads
CODE_TTL = 2 * 60  # a one-time code lives two minutes unless it is used first
BUCKET = timedelta(minutes=10)  # the width of one live_sessions partition (an expiry window)

# How long a tombstone is kept before compaction may purge it. Cassandra's default is 10 days
# (time for `nodetool repair` to spread a delete to a replica that missed it). Here no write lives
# longer than MAX_TTL, so a deleted row is expired by the time its tombstone goes: nothing can
# come back, and an hour is enough.
GC_GRACE = MAX_TTL


def utcnow() -> datetime:
    return datetime.now(UTC)


def bucket_of(moment: datetime) -> datetime:
    """The start of the 10-minute window holding `moment` (the live_sessions partition key)."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    if moment.tzinfo is None:  # the driver hands timestamps back as naive UTC
        moment = moment.replace(tzinfo=UTC)
    return epoch + (moment - epoch) // BUCKET * BUCKET


def live_buckets(now: datetime) -> list[datetime]:
    """Every window a live session can expire in: from now to now + MAX_TTL."""
    first, last = bucket_of(now), bucket_of(now + timedelta(seconds=MAX_TTL))
    return [first + i * BUCKET for i in range((last - first) // BUCKET + 1)]


class Session(Document):
    """A login session, looked up by its token on every request (Q1).

    Written with `USING TTL n` (the TTL the user picked), or with no TTL: then the table's
    default_time_to_live applies. Extending a session rewrites the whole row with a fresh TTL.
    """

    token: Annotated[str, PrimaryKey()]
    user: str
    granted: int  # the TTL of the last write, in seconds (the countdown's 100%)
    bucket: datetime  # the live_sessions partition of its board row, to move or delete it
    device: str = ""
    created_at: datetime = Field(default_factory=utcnow)  # the login; kept when extended

    class Settings:
        name = "sessions"
        __default_ttl__ = SESSION_DEFAULT_TTL
        __options__ = {"gc_grace_seconds": GC_GRACE}


class LiveSession(Document):
    """The live-sessions board (Q2): sessions by the 10-minute window they expire in.

    Same TTL as the session row, so both go at the same moment without a cleanup job.
    """

    bucket: Annotated[datetime, PrimaryKey()]
    token: Annotated[str, ClusteringKey()]
    user: str
    granted: int
    device: str = ""

    class Settings:
        name = "live_sessions"
        __default_ttl__ = SESSION_DEFAULT_TTL
        __options__ = {"gc_grace_seconds": GC_GRACE}


class LoginCode(Document):
    """A one-time login code (Q3): written with no TTL, so the table's two minutes apply;
    consumed by `DELETE ... IF EXISTS`, which succeeds for exactly one request."""

    code: Annotated[str, PrimaryKey()]
    user: str

    class Settings:
        name = "login_codes"
        __default_ttl__ = CODE_TTL
        __options__ = {"gc_grace_seconds": GC_GRACE}


# In the order they are created at start-up.
MODELS = [Session, LiveSession, LoginCode]
