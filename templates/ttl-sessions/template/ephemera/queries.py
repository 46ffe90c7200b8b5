"""Every read and write the session store makes, one small function each.

Routes and the seed call these. None of them scans a table, and none deletes anything that
merely expired: that is the TTL's job.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from coodie.aio import AsyncBatchQuery, execute_raw

from .kit.settings import Settings
from .models import SESSION_DEFAULT_TTL, LiveSession, LoginCode, Session, bucket_of, live_buckets, utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 8
BOARD_PAGE = 500  # rows per read of one expiry window; a window is read page after page


@dataclass
class LiveView:
    """A session with the TTL Cassandra reports for it right now."""

    token: str
    user: str
    device: str
    granted: int
    remaining: int  # seconds, from SELECT TTL(...)


@dataclass
class Board:
    rows: list[LiveView]  # soonest to expire first
    windows: int  # how many live_sessions partitions were read


# ---------------------------------------------------------------- sessions
async def login(user: str, ttl: int | None = None, device: str = "") -> Session:
    """Q1 + Q2 writes: a new session and its board row, with the same TTL.

    `ttl=None` sends no `USING TTL`: the tables' default_time_to_live applies.
    """
    now = utcnow()
    granted = ttl or SESSION_DEFAULT_TTL
    session = Session(
        token=secrets.token_urlsafe(24),
        user=user,
        device=device,
        granted=granted,
        bucket=bucket_of(now + timedelta(seconds=granted)),
        created_at=now,
    )
    await _write(session, ttl)
    return session


async def put_session(token: str, user: str, ttl: int | None = None, device: str = "") -> Session:
    """A session with a token of the caller's choosing (the seed's, made from user and device):
    created, or rewritten with a fresh TTL if it is still live (its board row moves windows).
    One read of the session first, to know its window and keep its login time."""
    found = await Session.find(token=token).first()
    now = utcnow()
    granted = ttl or SESSION_DEFAULT_TTL
    session = Session(
        token=token,
        user=user,
        device=device,
        granted=granted,
        bucket=bucket_of(now + timedelta(seconds=granted)),
        created_at=found.created_at if found else now,
    )
    await _write(session, ttl, bucket_of(found.bucket) if found else None)
    return session


async def _write(session: Session, ttl: int | None, old_bucket: datetime | None = None) -> None:
    """The session row and its board row in one logged batch: both land, or neither does.

    A TTL is per cell, so both rows are rewritten in full (an UPDATE of one column would leave
    the others to expire at their old time).
    """
    board_row = LiveSession(
        bucket=session.bucket,
        token=session.token,
        user=session.user,
        device=session.device,
        granted=session.granted,
    )
    async with AsyncBatchQuery() as batch:
        await session.save(ttl=ttl, batch=batch)
        await board_row.save(ttl=ttl, batch=batch)
        # Moving windows: delete the old board row (a tombstone). Only when the window changed:
        # statements in a batch share one write timestamp, and at equal timestamps a delete
        # beats an insert, so deleting the row we just wrote would erase it.
        if old_bucket is not None and old_bucket != session.bucket:
            old_row = board_row.model_copy(update={"bucket": old_bucket})
            await old_row.delete(batch=batch)


async def find_session(token: str) -> tuple[Session, int] | None:
    """Q1: the session and its remaining TTL in seconds; None once it has expired.

    Two single-partition reads, sent together: the row, and `SELECT TTL("user")`.
    """
    if not token:  # Cassandra refuses an empty partition key ("Key may not be empty")
        return None
    query = Session.find(token=token)
    session, remaining = await asyncio.gather(query.first(), query.column_ttl("user"))
    if session is None or remaining is None:  # it expired between the two reads
        return None
    return session, remaining


async def extend(token: str, ttl: int | None = None) -> tuple[Session, int] | None:
    """Rewrite a live session with a fresh TTL (by default the length it was granted)."""
    found = await find_session(token)
    if found is None:
        return None
    session, _ = found
    old_bucket = bucket_of(session.bucket)  # read back as a naive UTC datetime
    granted = ttl or session.granted
    session = session.model_copy(
        update={"granted": granted, "bucket": bucket_of(utcnow() + timedelta(seconds=granted))}
    )
    await _write(session, granted, old_bucket)
    return session, granted


async def logout(token: str) -> bool:
    """Delete the session and its board row now (two tombstones); False if it had expired."""
    found = await find_session(token)
    if found is None:
        return False
    session, _ = found
    async with AsyncBatchQuery() as batch:
        await session.delete(batch=batch)
        await LiveSession(
            bucket=session.bucket, token=token, user=session.user, granted=session.granted
        ).delete(batch=batch)
    return True


def _board_cql(after: bool) -> str:
    # coodie's QuerySet reads one TTL at a time (`column_ttl`); the board needs one per row,
    # so it selects TTL() next to the columns through coodie's execute_raw (still prepared).
    keyspace = Settings.from_env().keyspace
    resume = ' AND "token" > ?' if after else ""
    return (
        f'SELECT "token", "user", "device", "granted", TTL("user") AS "remaining" '
        f'FROM {keyspace}.live_sessions WHERE "bucket" = ?{resume} LIMIT ?'
    )


async def _window(window: datetime, page_size: int) -> list[dict]:
    """Every row of one expiry window, `page_size` at a time.

    Rows in a window are sorted by token (the clustering key), so the next page starts after
    the last token read: a bounded read each time, and no window is cut short however many
    sessions it holds.
    """
    rows = await execute_raw(_board_cql(after=False), [window, page_size])
    page = rows
    while len(page) == page_size:
        page = await execute_raw(_board_cql(after=True), [window, page[-1]["token"], page_size])
        rows += page
    return rows


async def board(now: datetime | None = None, page_size: int = BOARD_PAGE) -> Board:
    """Q2: every live session, soonest to expire first.

    One query per expiry window that can still hold a live row (7 partitions for a 1-hour
    maximum TTL in 10-minute windows), sent concurrently; no ALLOW FILTERING, no table scan.
    """
    windows = live_buckets(now or utcnow())
    pages = await asyncio.gather(*(_window(window, page_size) for window in windows))
    rows = [LiveView(**row) for page in pages for row in page if row["remaining"] is not None]
    rows.sort(key=lambda row: (row.remaining, row.user))
    return Board(rows=rows, windows=len(windows))


# ---------------------------------------------------------------- one-time codes
def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


async def create_code(user: str) -> LoginCode:
    """Q3 write: `INSERT ... IF NOT EXISTS` with no TTL, so the table's 2 minutes apply.

    IF NOT EXISTS makes sure two users are never handed the same live code.
    """
    for _ in range(5):
        code = LoginCode(code=_new_code(), user=user)
        if (await code.insert()).applied:
            return code
    raise RuntimeError("no free login code after 5 tries")


async def code_ttl(code: str) -> int | None:
    """Seconds left before a code expires; None when it is used or gone."""
    return await LoginCode.find(code=code).column_ttl("user")


class CodeRefused(Exception):
    """A code that logs nobody in; the message says why, for a person."""


class CodeGone(CodeRefused):
    def __init__(self) -> None:
        super().__init__("this code was already used, or it expired")


class CodeTaken(CodeRefused):
    def __init__(self) -> None:
        super().__init__("this code was just used by another request")


async def use_code(code: str, ttl: int | None = None, device: str = "") -> Session:
    """Q3: consume a code with `DELETE ... IF EXISTS` and log its user in.

    However many requests race with the same code, the conditional delete is a Paxos round:
    it applies for exactly one of them. Raises CodeGone when there was no code to read,
    CodeTaken when the code was read but another request's delete won.
    """
    found = await LoginCode.find(code=code).first()
    if found is None:  # never issued, already used, or expired
        raise CodeGone
    if not (await found.delete(if_exists=True)).applied:
        raise CodeTaken  # applied=False: a concurrent request consumed it first
    return await login(found.user, ttl, device)
