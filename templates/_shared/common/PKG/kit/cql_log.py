"""The CQL statements coodie sends while one request (or one command) runs.

Every page shows them in its "CQL" panel, with their durations, so a reader sees what
each click costs in Cassandra terms. The driver calls `listener` for every request it
sends, in the thread that sends it; a ContextVar scopes the log to the current request,
so concurrent requests never see each other's statements.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Statement:
    cql: str
    started: float
    ms: float | None = None
    error: str | None = None
    prepared: bool = False  # sent as a prepared statement's id and its values, not as CQL text

    def finished(self, _result: object = None) -> None:
        self.ms = (time.perf_counter() - self.started) * 1000

    def failed(self, exc: BaseException) -> None:
        self.finished()
        self.error = type(exc).__name__


class QueryLog(list[Statement]):
    @property
    def total_ms(self) -> float:
        return sum(s.ms or 0.0 for s in self)


_current: ContextVar[QueryLog | None] = ContextVar("cql_log", default=None)
# Called with every statement's CQL, in the thread that sends it, whatever the request: the
# tests' check that only models.py, queries.py, seeding.py and kit/ send CQL (testing.py).
# Empty in the app.
watchers: list[Callable[[str], None]] = []
# A log lent to work that runs outside the request's context (see `lend`).
_lent: QueryLog | None = None


def current() -> QueryLog:
    """The log of the request in progress (an empty one outside any request)."""
    log = _current.get()
    return QueryLog() if log is None else log


@contextmanager
def capture() -> Iterator[QueryLog]:
    """Record every statement sent inside this block (and in tasks started from it)."""
    log = QueryLog()
    token = _current.set(log)
    try:
        yield log
    finally:
        _current.reset(token)


@contextmanager
def lend(log: QueryLog) -> Iterator[None]:
    """Record statements sent from threads that did not inherit the request's context.

    coodie.aio runs paged reads in a thread pool without copying the context; callers
    hold a lock around such reads (see paging.py), so one borrower at a time is enough.
    """
    global _lent
    _lent = log
    try:
        yield
    finally:
        _lent = None


def _text(query: object) -> str:
    prepared = getattr(query, "prepared_statement", None)
    if prepared is not None:  # a bound statement: show the prepared text
        return prepared.query_string
    return getattr(query, "query_string", None) or str(query)


def listener(response_future) -> None:
    """cassandra.cluster.Session.add_request_init_listener callback."""
    if watchers:
        cql = _text(response_future.query).strip()
        for watch in watchers:
            watch(cql)
    log = _current.get()
    if log is None:  # an empty log is falsy: test for None
        log = _lent
    if log is None:
        return
    query = response_future.query
    entry = Statement(
        cql=_text(query).strip(),
        started=time.perf_counter(),
        prepared=getattr(query, "prepared_statement", None) is not None,
    )
    log.append(entry)
    response_future.add_callbacks(entry.finished, entry.failed)
