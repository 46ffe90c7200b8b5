"""Pages of a query with the driver's paging state: "next page" links, never OFFSET.

A page link carries the paging state (opaque bytes from the server, URL-safe base64
here). Reading page N+1 costs one bounded read, however deep the reader has gone.

The paging state alone says whether more may follow, never the page's length: ScyllaDB ends
a page early at its tombstone and size limits (even with no rows at all) and still sends a
state, and Cassandra sends one with a last page that is exactly full (the next page is then
empty, with none). So a page with a state links to the next one, whatever its length; an
empty page with a state is read past at once (a reader never lands on an empty page that
says "next"); an empty page without one is the end.

Cursors are signed: a damaged or made-up paging state sent to Cassandra makes the driver
drop its connection (every request then fails until it reconnects), so nothing unsigned is
ever sent. Set CURSOR_SECRET in production; the default only guards against damaged links.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import os
import threading
from dataclasses import dataclass
from typing import Any

from . import cql_log
from .settings import DEFAULT_KEYSPACE

# coodie 1.9.3 reads the paging state back from an attribute shared by every request on the
# driver, and its aio paged_all() runs in a thread pool that does not carry the request's
# context. One paged read at a time keeps each request's paging state its own.
_paged_reads = asyncio.Lock()
_paged_reads_sync = threading.Lock()


class BadCursor(ValueError):
    """A page link whose cursor is not one we produced."""


@dataclass
class Page:
    items: list[Any]
    cursor: str | None  # the next page's cursor, None on the last page


_SECRET = os.environ.get("CURSOR_SECRET") or f"coodie-demos:{DEFAULT_KEYSPACE}"
_KEY = hashlib.sha256(_SECRET.encode()).digest()
_MAC_BYTES = 12


def _mac(state: bytes) -> bytes:
    return hmac.new(_KEY, state, hashlib.sha256).digest()[:_MAC_BYTES]


def encode(state: bytes | None) -> str | None:
    return base64.urlsafe_b64encode(_mac(state) + state).decode() if state else None


def decode(cursor: str | None) -> bytes | None:
    if not cursor:
        return None
    try:
        raw = base64.b64decode(cursor.encode(), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    mac, state = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
    if not state or not hmac.compare_digest(mac, _mac(state)):
        raise BadCursor(f"not a page cursor of this app: {cursor[:40]!r}")
    return state


# Empty pages with a paging state read past in one request before it answers with an empty
# page and its cursor (each read is bounded by the server; the reader may go on from there).
EMPTY_READS = 10


def page_from(result) -> Page:
    """A Page from one coodie PagedResult: its rows, and a cursor when it has a paging state."""
    return Page(items=result.data, cursor=encode(result.paging_state))


def _read_on(result) -> bool:
    return not result.data and bool(result.paging_state)


async def read_page(query, size: int, state: bytes | None = None) -> tuple[list[Any], bytes | None]:
    """Up to `size` rows of a coodie.aio QuerySet from a raw paging state (None: the first page),
    and the raw state that follows them (None: the end). For cursors of one's own (kit/buckets.py
    signs a bucket with the state); pages behind links use fetch_page."""
    async with _paged_reads:
        with cql_log.lend(cql_log.current()):
            result = await query.fetch_size(size).page(state).paged_all()
            for _ in range(EMPTY_READS - 1):
                if not _read_on(result):
                    break
                result = await query.fetch_size(size).page(result.paging_state).paged_all()
    return result.data, result.paging_state


def read_page_sync(query, size: int, state: bytes | None = None) -> tuple[list[Any], bytes | None]:
    """read_page for a coodie.sync QuerySet."""
    with _paged_reads_sync:
        result = query.fetch_size(size).page(state).paged_all()
        for _ in range(EMPTY_READS - 1):
            if not _read_on(result):
                break
            result = query.fetch_size(size).page(result.paging_state).paged_all()
    return result.data, result.paging_state


async def fetch_page(query, size: int, cursor: str | None = None) -> Page:
    """One page of a coodie.aio QuerySet."""
    items, state = await read_page(query, size, decode(cursor))
    return Page(items=items, cursor=encode(state))


def fetch_page_sync(query, size: int, cursor: str | None = None) -> Page:
    """One page of a coodie.sync QuerySet (Flask, Django, CLIs)."""
    items, state = read_page_sync(query, size, decode(cursor))
    return Page(items=items, cursor=encode(state))
