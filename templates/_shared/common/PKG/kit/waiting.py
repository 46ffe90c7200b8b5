"""Waiting in tests, with a deadline: for what the database does in its own time.

A TTL runs out, a materialized view catches up with its base table, a fresh SAI index is
built: the test watches for it and goes on the moment it holds, and fails with what it last
saw when the deadline passes. Never a sleep "long enough" (slow on a fast machine, flaky on a
loaded one).

    eventually(check, timeout)      call check() until it returns something truthy; return that
    when_index_ready(run, timeout)  run a query until the index it needs has been built

Standard library only: the repository's server suite (tests/server) uses this same file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

EVERY = 0.1  # seconds between two tries: short, since a try returns as soon as it holds
# A fresh index answers reads through it with this until it is built (Cassandra's SAI:
# ReadFailure ... INDEX_NOT_AVAILABLE); any other error is a real one.
INDEX_NOT_AVAILABLE = "INDEX_NOT_AVAILABLE"


def eventually(check: Callable[[], T], timeout: float, *, every: float = EVERY, what: str = "") -> T:
    """The first truthy value `check()` returns; AssertionError with the last value after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"{what or 'the check'} did not hold within {timeout:g} s (last value: {value!r})"
            )
        time.sleep(every)


def when_index_ready(run: Callable[[], T], timeout: float, *, every: float = EVERY) -> tuple[T, int]:
    """`run()`'s result once the index it reads through answers, and how many tries it refused.

    Retries only while the server answers INDEX_NOT_AVAILABLE; after `timeout` s that error
    propagates, and so does any other at once."""
    deadline = time.monotonic() + timeout
    refused = 0
    while True:
        try:
            return run(), refused
        except Exception as exc:
            if INDEX_NOT_AVAILABLE not in str(exc) or time.monotonic() >= deadline:
                raise
            refused += 1
            time.sleep(every)
