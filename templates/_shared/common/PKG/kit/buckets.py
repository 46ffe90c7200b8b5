"""Newest first across time buckets: a feed kept in one partition per month (or day).

A feed that grows for ever (a blog's timeline, a board's activity, a sensor's readings) cannot
live in one partition: it would grow without bound and take every write on the same replicas.
So its table is partitioned by a time bucket too, e.g. PRIMARY KEY ((board_id, month),
event_id DESC), and a small table lists the buckets that hold rows, newest first, so that
"older" goes straight to the previous bucket with rows instead of probing idle ones.

`newest_first_sync()` (coodie.sync) and `newest_first()` (coodie.aio) read one page: in the
cursor's bucket from where the last page stopped (the driver's paging state), then on into
older buckets until the page is full. Each read asks for no more rows than the page still
needs; every listed bucket holds a row, so a page reads at most `size` buckets besides the
rest of its cursor's bucket. As in paging.py, the paging state says whether a bucket may hold
more, never a page's length: a page the server cut short in a bucket ends there, with a cursor.

The cursor carries the bucket and the paging state, signed together with paging.py's key: a
paging state is only valid in the partition it came from, and nothing unsigned reaches the
driver (a forged state makes it drop its connection).

    MONTH.of(moment) -> "2026-05"      DAY.of(moment) -> "2026-05-17"      (UTC)
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from . import paging
from .paging import BadCursor


@dataclass(frozen=True)
class Bucketing:
    """How time is cut into partitions: a strftime format, always in UTC."""

    name: str  # for messages: "month", "day"
    fmt: str

    def of(self, moment: datetime) -> str:
        """The bucket holding `moment` (a naive datetime is taken as UTC, as the driver returns them)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime(self.fmt)

    def is_bucket(self, text: str) -> bool:
        """`text` is a bucket as `of()` writes it (a ?month= or a cursor is checked with this)."""
        try:
            return datetime.strptime(text, self.fmt).strftime(self.fmt) == text
        except ValueError:
            return False


MONTH = Bucketing("month", "%Y-%m")
DAY = Bucketing("day", "%Y-%m-%d")


@dataclass
class BucketPage:
    items: list[Any]
    cursor: str | None  # the next (older) page; None after the oldest row
    buckets_read: int  # partitions this page read


# The buckets that hold rows, newest first: from `start` (included) when it is given, else from
# the newest. A generator can read them lazily (one "bucket before" query at a time) or slice a
# list read once; for newest_first() it may also be an async iterable.
SyncBuckets = Callable[[str | None], Iterable[str]]
Buckets = Callable[[str | None], Iterable[str] | AsyncIterable[str]]


def encode(bucket: str, state: bytes | None) -> str:
    """The cursor of the page that starts in `bucket` at `state` (None: at its newest row)."""
    return paging.encode(bucket.encode() + b"|" + (state or b""))


def decode(cursor: str, unit: Bucketing) -> tuple[str, bytes | None]:
    """(bucket, paging state) of a cursor we made. Raises BadCursor for anything else."""
    bucket, _, state = paging.decode(cursor).partition(b"|")
    text = bucket.decode("ascii", "replace")
    if not unit.is_bucket(text):
        raise BadCursor(f"not a page cursor of this app: {cursor[:40]!r}")
    return text, state or None


def _start(cursor: str | None, unit: Bucketing) -> tuple[str | None, bytes | None]:
    return decode(cursor, unit) if cursor else (None, None)


def _check_first(start: str | None, first: str | None, unit: Bucketing) -> None:
    """A cursor's bucket must still be the first one listed from it (a reset may have emptied it)."""
    if start is not None and first != start:
        raise BadCursor(f"no rows in {unit.name} {start} any more")


def newest_first_sync(
    rows_in: Callable[[str], Any], buckets: SyncBuckets, unit: Bucketing, size: int, cursor: str | None = None
) -> BucketPage:
    """One page of up to `size` rows, newest first, across as many buckets as it takes.

    `rows_in(bucket)` is the coodie.sync QuerySet of one bucket's partition, in clustering
    order (newest first). Raises BadCursor for a cursor we did not make, or whose bucket is
    no longer listed."""
    start, state = _start(cursor, unit)
    walk = iter(buckets(start))
    items: list[Any] = []
    read = 0
    for bucket in walk:
        if read == 0:
            _check_first(start, bucket, unit)
        read += 1
        rows, state = paging.read_page_sync(rows_in(bucket), size - len(items), state)
        items += rows
        if state:  # the page is full, and this bucket may hold more
            return BucketPage(items, encode(bucket, state), read)
        if len(items) >= size:  # full at the bucket's end: the next page starts in the next one
            following = next(walk, None)
            return BucketPage(items, encode(following, None) if following else None, read)
    if read == 0:
        _check_first(start, None, unit)
    return BucketPage(items, None, read)


async def newest_first(
    rows_in: Callable[[str], Any], buckets: Buckets, unit: Bucketing, size: int, cursor: str | None = None
) -> BucketPage:
    """newest_first_sync for coodie.aio QuerySets; `buckets` may be an async generator."""
    start, state = _start(cursor, unit)
    walk = _aiter(buckets(start))
    items: list[Any] = []
    read = 0
    async for bucket in walk:
        if read == 0:
            _check_first(start, bucket, unit)
        read += 1
        rows, state = await paging.read_page(rows_in(bucket), size - len(items), state)
        items += rows
        if state:
            return BucketPage(items, encode(bucket, state), read)
        if len(items) >= size:
            following = await anext(walk, None)
            return BucketPage(items, encode(following, None) if following else None, read)
    if read == 0:
        _check_first(start, None, unit)
    return BucketPage(items, None, read)


async def _each(values: Iterable[str]) -> AsyncIterator[str]:
    for value in values:
        yield value


def _aiter(values: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[str]:
    return aiter(values) if isinstance(values, AsyncIterable) else _each(values)


__all__ = ["DAY", "MONTH", "BadCursor", "BucketPage", "Bucketing"]
