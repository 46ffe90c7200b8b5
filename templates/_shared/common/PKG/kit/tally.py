"""Count each distinct row once: what a seed's summary says is what SELECT COUNT(*) finds.

A seed writes some rows many times: an author shared by many posts, a counter row that many
hits move, the same product twice in one feed. An upsert of the same primary key is still one
row, so the summary counts (table, primary key) pairs, each the first time it is written.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from coodie.schema import build_schema

RowKey = tuple[str, tuple]  # (table, the primary key's values)
_current: Tally | None = None  # the tally of the seed that is running (one per process at a time)


class Tally:
    """Distinct rows per table. Thread-safe: the sync seed writes from many threads."""

    def __init__(self) -> None:
        self._seen: set[RowKey] = set()
        self._lock = threading.Lock()
        self.rows: Counter = Counter()  # table -> distinct rows

    def add(self, keys: Iterable[RowKey]) -> int:
        """Count the keys not seen before; returns how many were new."""
        with self._lock:
            fresh = {key for key in keys if key not in self._seen}
            self._seen |= fresh
            self.rows.update(table for table, _ in fresh)
            return len(fresh)

    def first(self, key: RowKey) -> bool:
        """True only the first time a key is asked for: write a row shared by many rows once."""
        return self.add([key]) == 1

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def begin() -> Tally:
    """A fresh tally for a new run: nothing is carried over from an earlier run in the process."""
    global _current
    _current = Tally()
    return _current


def once(row: RowKey) -> bool:
    """True the first time this run asks for `row`: a row shared by many (an author, a month)
    is written once per run instead of once per row that shares it."""
    if _current is None:
        raise RuntimeError("once() is for a SeedSpec's write_row, while a seed runs")
    return _current.first(row)


def keys(*documents: Any) -> list[RowKey]:
    """The (table, primary key) of coodie documents, to return from a SeedSpec's write_row."""
    return [
        (type(doc).table_name(), tuple(getattr(doc, name) for name in _key_columns(type(doc))))
        for doc in documents
    ]


def key(table: str, *values: Any) -> RowKey:
    """A row that is not a coodie document: a counter row, a SQL row ("sqlite tasks", id)."""
    return (table, values)


@cache
def _key_columns(model: type) -> Sequence[str]:
    """Partition key columns, then clustering columns, in key order."""
    columns = build_schema(model)
    partition = sorted((c for c in columns if c.primary_key), key=lambda c: c.partition_key_index)
    clustering = sorted((c for c in columns if c.clustering_key), key=lambda c: c.clustering_key_index)
    return tuple(c.name for c in partition + clustering)
