"""Writing a seed's rows: streamed, many in flight, counted, with progress, stoppable by Ctrl-C.

Rows are taken one at a time from an iterator (fake rows are made as they are needed, so the
first are written within a second however many were asked for) by a fixed number of workers:
threads for the sync API, tasks for the async one. Each row is written by the demo's
`write_row`, which returns the (table, key) of every row it wrote; the tally counts each once.

Ctrl-C (SIGINT) stops the seed cleanly: the workers take no new row, the rows in flight finish
(a few milliseconds each), so no row is left half-written, and `run.stopped` says so. A second
Ctrl-C, or rows still in flight DRAIN_S seconds later (a database that stopped answering), ends
the process at once through `on_force`. A database error does the same as a Ctrl-C: no new
rows, the ones in flight finish, and the first error is kept in `run.error`.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import tally

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C
DRAIN_S = 5.0  # after Ctrl-C: how long the rows in flight may take before the process just ends
TICK_S = 0.1  # how often the main thread looks at the workers (and the progress)
LINE_EVERY_S = 1.0  # progress lines when stderr is not a terminal (a log, a CI job, a test)
MAX_THREADS = 32  # the sync API blocks a thread per request: more threads only add switching
# While writing, the garbage collector looks for cycles after this many new objects instead of
# 700: a seed makes many short-lived objects per row (fake values, models, the driver's futures).
GC_EVERY = 50_000
_END = object()


class Skip(Exception):  # a row's outcome, not an error: hence not named ...Error
    """Raised by write_row for a row it deliberately did not write; `reason` is counted."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Run:
    """What one seed has done so far; shared by the workers, read by the main thread."""

    def __init__(self, total: int):
        self.total = total  # rows asked for (fake) or found (feed)
        self.done = 0  # rows written (or skipped) in full
        self.in_flight = 0
        self.skipped: Counter = Counter()  # reason -> rows
        self.tally = tally.begin()
        self.error: BaseException | None = None
        self.interrupted_at: float | None = None
        self.started = time.perf_counter()
        self.seconds = 0.0
        self._lock = threading.Lock()

    @property
    def stopping(self) -> bool:
        return self.interrupted_at is not None or self.error is not None

    @property
    def stopped(self) -> bool:
        """Ended by Ctrl-C before every row was written."""
        return self.interrupted_at is not None and self.done < self.total

    def take(self) -> None:
        with self._lock:
            self.in_flight += 1

    def finish(self, keys: Iterable[tally.RowKey] | None, skipped: str | None = None) -> None:
        self.tally.add(keys or ())
        with self._lock:
            self.in_flight -= 1
            self.done += 1
            if skipped:
                self.skipped[skipped] += 1

    def fail(self, exc: BaseException, in_flight: bool = True) -> None:
        with self._lock:
            self.in_flight -= int(in_flight)
            if self.error is None:
                self.error = exc


def _next(rows: Iterator, run: Run) -> Any:
    """The next row, or _END; a fake-row generator that breaks ends the run like an error."""
    try:
        return next(rows, _END)
    except Exception as exc:  # raised by the command once the rows in flight are done
        run.fail(exc, in_flight=False)
        return _END


class Interrupt:
    """SIGINT while writing: the first asks the run to stop, a second one forces the end.

    Installed for the whole command, from connecting to the last row, so that a Ctrl-C never
    lands in the middle of the driver's or the event loop's own code (where it would cancel
    requests whose answers then arrive at a closed loop)."""

    def __init__(self, on_force: Callable[[str], None]):
        self.on_force = on_force  # prints the closing line; the process then ends with 130
        self.run: Run | None = None
        self.requested_at: float | None = None
        self._previous: Any = None

    def __enter__(self) -> Interrupt:
        self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: object) -> None:
        if self.requested_at is not None:
            self.force("a second Ctrl-C")
        self.requested_at = time.monotonic()
        if self.run is not None:
            self.run.interrupted_at = self.requested_at

    def watch(self) -> None:
        """Called every tick: rows still in flight long after Ctrl-C end the process."""
        if self.requested_at is not None and time.monotonic() - self.requested_at > DRAIN_S:
            self.force(f"rows still in flight {DRAIN_S:.0f} s after Ctrl-C")

    def force(self, why: str) -> None:
        self.on_force(why)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)  # the workers may be blocked in the driver: do not wait for them


class Reporter:
    """Progress on stderr: a bar on a terminal, else one line a second (from the first second)."""

    def __init__(self, console: Console, what: str, total: int):
        self.console, self.what, self.total = console, what, total
        self.bar: Progress | None = None
        self.last_line, self.shown = 0.0, 0  # when the last line was printed, and its count

    def start(self) -> None:
        if self.console.is_terminal:
            self.bar = Progress(
                TextColumn(f"[bold]writing {self.what}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
            )
            self.task = self.bar.add_task(self.what, total=self.total)
            self.bar.start()
        else:
            self._line(0)

    def tick(self, run: Run, final: bool = False) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=run.done)
        elif final or time.monotonic() - self.last_line >= LINE_EVERY_S or (run.done and not self.shown):
            self._line(run.done)  # the first written row is shown at once: writing has begun

    def stop(self, run: Run) -> None:
        self.tick(run, final=True)
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def _line(self, done: int) -> None:
        self.last_line, self.shown = time.monotonic(), done
        self.console.print(
            progress_line(self.what, done, self.total), markup=False, highlight=False, soft_wrap=True
        )


def progress_line(what: str, done: int, total: int) -> str:
    """`writing posts: 1,200 of 10,000` (the shared tests read these lines)."""
    return f"writing {what}: {done:,} of {total:,}"


@contextmanager
def fewer_collections():
    """Less garbage-collector work while a seed writes: about a fifth of the CPU of making fake
    rows and their models goes to looking for reference cycles among the objects of the
    imports (frozen here: never garbage) and among rows that are freed anyway when done."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_EVERY, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


# ---------------------------------------------------------------- the two ways to write
def write_sync(
    rows: Iterator, write: Callable, concurrency: int, run: Run, watch: Callable[[], None]
) -> None:
    """Threads share one iterator: each takes the next row under a lock (fake rows are made
    there, in order, so --seed gives the same rows however the threads interleave)."""
    lock = threading.Lock()

    def worker() -> None:
        while not run.stopping:
            with lock:
                row = _next(rows, run)
                if row is _END:
                    return
                run.take()
            _write_one_sync(write, row, run)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(min(concurrency, MAX_THREADS))]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(TICK_S)
            watch()


def _write_one_sync(write: Callable, row: Any, run: Run) -> None:
    try:
        keys = write(row)
    except Exception as exc:
        _settle(run, exc=exc)
    else:
        _settle(run, keys=keys)


def _settle(run: Run, keys: Any = (), exc: Exception | None = None) -> None:
    """Record one row's outcome: written (its keys), skipped (Skip's reason) or failed (kept,
    and raised by the command after the drain). The sync and async writers share it."""
    if isinstance(exc, Skip):
        run.finish((), exc.reason)
    elif exc is not None:
        run.fail(exc)
    else:
        run.finish(keys)


async def write_async(
    rows: Iterator, write: Callable, concurrency: int, run: Run, watch: Callable[[], None]
) -> None:
    """Tasks share one iterator; nothing is ever cancelled: every request sent gets its answer
    before the loop closes (a cancelled loop would meet the driver's late callbacks)."""

    async def worker() -> None:
        while not run.stopping:
            row = _next(rows, run)
            if row is _END:
                return
            run.take()
            try:
                keys = await write(row)
            except Exception as exc:
                _settle(run, exc=exc)
            else:
                _settle(run, keys=keys)

    pending = {asyncio.ensure_future(worker()) for _ in range(concurrency)}
    while pending:
        _, pending = await asyncio.wait(pending, timeout=TICK_S)
        watch()
