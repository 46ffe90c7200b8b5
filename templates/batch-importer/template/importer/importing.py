"""An import: the whole file checked first, then written in one of three modes, stoppable.

Pass 1 (`check`) reads the file as a stream and validates every row, reporting each bad row as
it is found and keeping none: memory does not grow with the file. Only a file without one bad
row gets pass 2 (`write`), which reads it again and writes it. Nothing is held but the rows in
flight (and, in partition mode, one window of WINDOW orders being grouped).

The writing reuses the seed's machinery (kit/seedwriter.py): a fixed number of workers take
units from the stream, Ctrl-C lets the units in flight finish and takes no new one, and a
database error does the same and is raised afterwards. A unit is one order (row, logged) or a
window of orders (partition); it counts as written once every statement of it is answered, so
an interrupted import has written whole orders only, and running it again finishes it: every
row is keyed by the order's own values, so a row written twice is the same row.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from . import feedstream, queries
from .kit.feeds import FeedError
from .kit.seedwriter import Run, write_async
from .schemas import OrderRow

MODES = ("row", "partition", "logged")
TABLES = ("orders_by_customer", "orders_by_hour")
WINDOW = 2000  # partition mode: orders grouped by partition key at a time
BATCH_ROWS = 50  # rows in one unlogged batch at most (about 10 KiB, well under the 64 KiB warning)
IN_FLIGHT = 128  # requests in flight at most, whatever the mode
UNITS_IN_FLIGHT = {"row": IN_FLIGHT // 2, "logged": IN_FLIGHT, "partition": 2}
HOW = {
    "row": "2 statements per order, concurrent",
    "logged": "1 logged batch per order",
    "partition": f"unlogged batches of one partition key, up to {BATCH_ROWS} rows",
}


@dataclass
class Checked:
    """What pass 1 found."""

    path: Path
    orders: int = 0  # valid rows
    bad_rows: int = 0
    problems: int = 0  # one bad row may have several
    seconds: float = 0.0
    fatal: list[str] = field(default_factory=list)  # a problem that ended the reading
    last_day: str = ""  # the day of the newest order (UTC): the page opens on it

    @property
    def ok(self) -> bool:
        return not self.bad_rows and not self.fatal


def check(path: Path, on_problem: Callable[[str], None]) -> Checked:
    """Pass 1: validate every row, streaming; each problem goes to `on_problem` as it is found."""
    found = Checked(path)
    started = time.perf_counter()
    try:
        for _, row, problems in feedstream.validated(path, OrderRow):
            if row is None:
                found.bad_rows += 1
                found.problems += len(problems)
                for problem in problems:
                    on_problem(problem)
            else:
                found.orders += 1
                found.last_day = max(found.last_day, row.ordered_at.strftime("%Y-%m-%d"))
    except FeedError as exc:
        found.fatal = exc.problems
        for problem in exc.problems:
            on_problem(problem)
    found.seconds = time.perf_counter() - started
    return found


class Progress(Run):
    """The kit's Run, counting orders and requests: a unit's outcome is (orders, requests), not
    the keys of its rows (a million keys would not fit the memory this import promises)."""

    def __init__(self, total: int, mode: str):
        super().__init__(total)
        self.mode = mode
        self.requests = 0

    def finish(self, outcome, skipped: str | None = None) -> None:
        orders, requests = outcome
        with self._lock:
            self.in_flight -= 1
            self.done += orders
            self.requests += requests

    @property
    def rate(self) -> float:
        return self.done / max(self.seconds, 1e-9)


def orders_of(path: Path) -> Iterator[OrderRow]:
    """Pass 2's rows: the file read again. A row gone bad since pass 1 stops the import."""
    for line, row, problems in feedstream.validated(path, OrderRow):
        if row is None:
            raise FeedError([*problems, f"{path}:{line}: changed since it was checked: import it again"])
        yield row


def _windows(orders: Iterator[OrderRow]) -> Iterator[list[OrderRow]]:
    while window := list(islice(orders, WINDOW)):
        yield window


async def _one_row(order: OrderRow) -> tuple[int, int]:
    return 1, await queries.write_order_rows(order)


async def _one_logged(order: OrderRow) -> tuple[int, int]:
    return 1, await queries.write_order_logged(order)


def partition_batches(window: list[OrderRow]) -> list[list]:
    """A window's rows grouped by table and partition key, in batches of BATCH_ROWS at most."""
    groups: dict[tuple, list] = defaultdict(list)
    for order in window:
        by_customer, by_hour = queries.order_rows(order)
        groups["c", by_customer.customer_id].append(by_customer)
        groups["h", by_hour.hour].append(by_hour)
    return [rows[i : i + BATCH_ROWS] for rows in groups.values() for i in range(0, len(rows), BATCH_ROWS)]


async def _one_window(window: list[OrderRow]) -> tuple[int, int]:
    limit = asyncio.Semaphore(IN_FLIGHT // UNITS_IN_FLIGHT["partition"])

    async def send(rows: list) -> int:
        async with limit:
            return await queries.write_partition_batch(rows)

    sent = await asyncio.gather(*(send(rows) for rows in partition_batches(window)))
    return len(window), sum(sent)


async def write(path: Path, mode: str, run: Progress, watch: Callable[[], None]) -> None:
    """Pass 2 in `mode`; `run` says how far it got (and holds the first database error)."""
    run.started = time.perf_counter()
    try:
        if mode == "partition":
            await write_async(_windows(orders_of(path)), _one_window, UNITS_IN_FLIGHT[mode], run, watch)
        else:
            one = _one_row if mode == "row" else _one_logged
            await write_async(orders_of(path), one, UNITS_IN_FLIGHT[mode], run, watch)
    finally:
        run.seconds = time.perf_counter() - run.started


def summary(path: Path, run: Progress) -> list[str]:
    """The lines a finished (or stopped) mode prints: rows and rows/s per table."""
    seconds = max(run.seconds, 1e-9)
    lines = [f"{path} --mode {run.mode} ({HOW[run.mode]}):"]
    for table in TABLES:  # every order is one row in each table
        lines.append(f"  {table:<20} {run.done:>10,} rows  {run.done / seconds:>10,.0f} rows/s")
    lines.append(
        f"  {run.done:,} orders in {run.seconds:.2f} s: {run.rate:,.0f} orders/s, "
        f"{run.requests:,} requests ({run.requests / max(run.done, 1):.2f} per order)"
    )
    return lines


def comparison(runs: list[Progress]) -> list[str]:
    """The modes side by side, on the same file in one run (ratios, not absolute speed)."""
    fastest = max(run.rate for run in runs) or 1.0
    lines = [f"{'mode':<10} {'orders':>10} {'seconds':>8} {'orders/s':>9} {'requests':>9} {'vs best':>8}"]
    for run in runs:
        lines.append(
            f"{run.mode:<10} {run.done:>10,} {run.seconds:>8.2f} {run.rate:>9,.0f} "
            f"{run.requests:>9,} {run.rate / fastest:>7.2f}x"
        )
    return lines
