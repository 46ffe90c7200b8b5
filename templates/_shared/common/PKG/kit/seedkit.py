"""The seed command every demo shares: fake rows or a feed file, written fast, counted honestly.

A demo's seed.py describes its data with a `SeedSpec` and calls `command(spec)`:

    --count N      how many fake rows (Faker)           --seed INT   reproducible fake data
    --feed PATH    a .csv, .json or .jsonl file         --reset      empty the demo's tables first

How it ends, and what a script can rely on:
- exit 0: a summary of the rows per table (each distinct row once: what SELECT COUNT(*) finds
  after --reset) and rows/s;
- exit 2: a feed with problems (feeds.py): every problem as file:line, nothing written;
- exit 1: the database is unreachable or failed: what it said, and what was written before;
- exit 130: Ctrl-C. The rows in flight finish, so none is half-written; one line says what was
  written and the command that finishes the job.

Fake rows are made as they are written (seedwriter.py): progress shows from the first second.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import click
from cassandra import DriverException
from faker import Faker
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from . import db, schema
from .feeds import SUFFIXES, FeedError, load_feed
from .seedwriter import (
    EXIT_INTERRUPTED,
    Interrupt,
    Reporter,
    Run,
    Skip,
    fewer_collections,
    write_async,
    write_sync,
)
from .settings import Settings, SettingsError
from .tally import RowKey, key, keys, once

__all__ = ["FeedError", "SeedSpec", "Skip", "command", "key", "keys", "load_feed", "once"]

EXIT_BAD_INPUT = 2
EXIT_DATABASE = 1
MAX_LISTED_PROBLEMS = 20
# What the database (or the way to it) can fail with during a seed: said in one line, exit 1.
SEED_DATABASE_ERRORS = (*db.DATABASE_ERRORS, DriverException)


@dataclass
class SeedSpec:
    """What a demo seeds. Each callable may be a plain function or a coroutine function."""

    what: str  # "products", shown in messages
    row_model: type[BaseModel]  # one feed row: CSV columns or JSON object keys
    fake_rows: Callable[[Faker, random.Random, int], Iterable[BaseModel]]  # a generator: made lazily
    # Writes one row (and its children) and returns the key of every row written, through
    # keys(*documents) and key(table, *values); may raise Skip(reason) for a row it refuses.
    write_row: Callable[[BaseModel], Iterable[RowKey] | Awaitable[Iterable[RowKey]]]
    prepare: Callable[[], Any] | None = None  # after connect; default: create the models' tables
    reset: Callable[[], Any] | None = None  # for --reset; default: truncate the models' tables
    concurrency: int = 128  # requests in flight (threads for the sync API: at most 32)
    default_count: int = 50
    # Rows the shared Ctrl-C test seeds: enough that its Ctrl-C lands mid-way (a seed of a few
    # hundred rows a second, such as one of LWTs, needs fewer, and its test takes less time).
    interrupt_count: int = 2000
    models: list = field(default_factory=list)  # the coodie models it writes, tables before views
    retry_policy: Any = None  # for db.connect, e.g. one that never resends a counter update
    notes: Callable[[Counter], Iterable[str]] | None = None  # summary lines from the Skip reasons

    # What a second run of the same rows does, and so how a stopped seed is finished:
    #   "rewrites"  the same keys are written again: nothing doubles, run it again
    #   "skips"     rows already there are left alone (write_row raises Skip): run it again
    #   "adds"      counters add up again: run it again with --reset
    rerun: Literal["rewrites", "skips", "adds"] = "rewrites"
    rerun_note: str = "the rows already written are rewritten, not added twice"
    # Tables that hold the same entities (a post in posts and timeline): the same COUNT(*) after
    # every seed, a stopped one included. `agreement(cql)` checks more for the tests (cql runs a
    # statement, {ks} standing for the keyspace, and returns its rows): it lists what disagrees.
    same_rows: list[tuple[str, ...]] = field(default_factory=list)
    agreement: Callable[[Callable[[str], list]], list[str]] | None = None

    @property
    def tables(self) -> list[str]:
        return [m.table_name() for m in self.models if not schema.is_view(m)]


# ---------------------------------------------------------------- tables
def prepare_tables(spec: SeedSpec) -> Any:
    """The demo's own prepare, or create its models' tables (a coroutine for coodie.aio models)."""
    if spec.prepare is not None:
        return spec.prepare()
    return schema.sync_any(spec.models)


def reset_tables(spec: SeedSpec) -> Any:
    """The demo's own reset, or TRUNCATE every table (views follow their base tables)."""
    if spec.reset is not None:
        return spec.reset()
    tables = [m for m in spec.models if not schema.is_view(m)]
    if tables and inspect.iscoroutinefunction(tables[0].truncate):

        async def truncate_all() -> None:
            for model in tables:
                await model.truncate()

        return truncate_all()
    for model in tables:
        model.truncate()
    return None


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def fake_sources(seed_value: int) -> tuple[Faker, random.Random]:
    """The Faker and the Random a spec's fake_rows draws from: the same seed, the same rows.

    Faker's weighted picks (a common surname more often than a rare one) re-add thousands of
    weights on every name: without them fake rows are made about four times faster (2,000
    catalog products: 0.7 s instead of 2.6 s of a seed's CPU), and a seed is CPU-bound."""
    faker = Faker(use_weighting=False)
    faker.seed_instance(seed_value)
    return faker, random.Random(seed_value)


# ---------------------------------------------------------------- running
class _Seeding:
    """One run of the command: connect, prepare, maybe reset, write; Ctrl-C handled throughout."""

    def __init__(self, spec: SeedSpec, rows: Iterator, total: int, reset: bool, concurrency: int, again: str):
        self.spec, self.rows, self.total, self.reset, self.concurrency = spec, rows, total, reset, concurrency
        self.again = again  # the command that finishes a stopped run
        self.errors = Console(stderr=True)
        self.reporter = Reporter(self.errors, spec.what, total)
        self.run = Run(total)
        self.emptied = False  # --reset done

    def __call__(self) -> Run:
        """Raises db.DatabaseUnavailable, SettingsError, or the first database error of the
        run (after the rows in flight are done)."""
        with Interrupt(self._forced) as interrupt, fewer_collections():
            interrupt.run = self.run
            self.interrupt = interrupt
            session = db.connect(
                Settings.from_env(), retry_policy=self.spec.retry_policy, create_keyspace=True
            )
            try:
                if inspect.iscoroutinefunction(self.spec.write_row):
                    asyncio.run(self._run_async())
                else:
                    self._run_sync()
            finally:
                db.close(session)
        if self.run.error is not None:
            raise self.run.error
        return self.run

    def _run_sync(self) -> None:
        if not self.run.stopping:  # Ctrl-C while connecting: not even the tables
            prepare_tables(self.spec)
        if self.reset and not self.run.stopping:
            reset_tables(self.spec)
            self.emptied = True
        self._writing(
            lambda: write_sync(self.rows, self.spec.write_row, self.concurrency, self.run, self._tick)
        )

    async def _run_async(self) -> None:
        if not self.run.stopping:  # Ctrl-C while connecting: not even the tables
            await _maybe_await(prepare_tables(self.spec))
        if self.reset and not self.run.stopping:
            await _maybe_await(reset_tables(self.spec))
            self.emptied = True
        self.reporter.start()
        self.run.started = time.perf_counter()
        try:
            await write_async(self.rows, self.spec.write_row, self.concurrency, self.run, self._tick)
        finally:
            self._stop_reporter()

    def _writing(self, write: Callable[[], None]) -> None:
        self.reporter.start()
        self.run.started = time.perf_counter()
        try:
            write()
        finally:
            self._stop_reporter()

    def _stop_reporter(self) -> None:
        self.run.seconds = time.perf_counter() - self.run.started
        self.reporter.stop(self.run)

    def _tick(self) -> None:
        """Every tick of the main thread: progress, and Ctrl-C's deadline for rows in flight."""
        self.reporter.tick(self.run)
        self.interrupt.watch()

    def _forced(self, why: str) -> None:
        if self.reporter.bar is not None:  # not bar.stop(): it waits for a thread; the process ends now
            self.reporter.bar = None
            self.errors.show_cursor(True)
            self.errors.line()
        half = f"; {self.run.in_flight} more may be half-written" if self.run.in_flight else ""
        say(self.errors, f"stopped at once ({why}): {self.written()}{half}. {self.how_to_finish()}")

    # ---------------------------------------------------------------- closing lines
    def written(self, verb: str = "written") -> str:
        run = self.run
        if run.done == 0 and run.tally.total == 0:
            return "nothing was written" + (", after --reset had emptied the tables" if self.emptied else "")
        return f"{run.done:,} of {self.total:,} {self.spec.what} {verb}, {run.tally.total:,} rows"

    def how_to_finish(self) -> str:
        text = f"To finish, run `{self.again}` ({self.spec.rerun_note})"
        return text + (", or start over with --reset." if self.spec.rerun != "adds" else ".")

    def interrupted(self) -> str:
        if self.run.done == 0:
            return f"interrupted before writing: {self.written()}."
        return f"interrupted: {self.written()}; none is half-written. {self.how_to_finish()}"

    def failed(self, exc: BaseException) -> str:
        """What the database said, and what was written before it (those rows stay)."""
        return f"error: {db.describe_failure(exc)} ({self.written('were written before it')})"


def _again(spec: SeedSpec, feed: Path | None, count: int, seed_value: int | None) -> str:
    """The command line that repeats this run (and finishes it, when it was stopped)."""
    python = os.path.relpath(sys.executable)
    python = sys.executable if python.startswith("..") else python
    args = ["--feed", str(feed)] if feed is not None else ["--count", str(count), "--seed", str(seed_value)]
    if spec.rerun == "adds":
        args.append("--reset")
    return " ".join([python, sys.argv[0], *args])


def summary(spec: SeedSpec, run_: Run, console: Console, seed_value: int | None) -> None:
    """Rows per table (every table of the spec, even at 0), seconds spent writing, rates."""
    rows = run_.tally.rows
    table = Table(title="Seeded", title_style="bold green")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name in sorted(set(rows) | set(spec.tables)):
        table.add_row(name, str(rows[name]))
    written = run_.tally.total
    table.add_section()
    table.add_row("[bold]total", f"[bold]{written}")
    console.print(table)
    seconds = max(run_.seconds, 1e-9)
    again = f"; --seed {seed_value} repeats them" if seed_value is not None else ""
    console.print(
        f"[green]{written} rows in {seconds:.2f}s: {written / seconds:,.0f} rows/s "
        f"({run_.done} {spec.what}, {run_.done / seconds:,.0f} {spec.what}/s{again})",
        soft_wrap=True,
    )
    notes = spec.notes(run_.skipped) if spec.notes else _skipped_notes(spec, run_.skipped)
    for line in notes:
        console.print(line, soft_wrap=True)


def _skipped_notes(spec: SeedSpec, skipped: Counter) -> list[str]:
    return [f"[yellow]{n:,} {spec.what} not written: {reason}" for reason, n in sorted(skipped.items())]


def leave(code: int) -> None:
    """End the process now. The connection is closed, but at exit the driver's event loop
    (libev) may wait up to 5 s for its thread (measured: about one stop in ten): after a
    Ctrl-C, that would be 5 s more of waiting for nothing."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def say(console: Console, text: str, markup: bool = False) -> None:
    """One message, one line: never wrapped at the terminal's width (scripts read these)."""
    console.print(text, markup=markup, highlight=False, soft_wrap=True)


def command(spec: SeedSpec) -> click.Command:
    """The click command for a demo's seed.py."""

    @click.command(help=f"Fill the demo's tables with {spec.what}: fake ones (Faker) or a feed file.")
    @click.option("--count", type=click.IntRange(min=1), default=spec.default_count, show_default=True)
    @click.option(
        "--feed",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=", ".join(SUFFIXES),
    )
    @click.option("--seed", "seed_value", type=int, help="Random seed for reproducible fake data.")
    @click.option("--reset", is_flag=True, help="Empty the demo's tables first.")
    @click.option("--concurrency", type=click.IntRange(1, 512), default=spec.concurrency, show_default=True)
    def seed(count: int, feed: Path | None, seed_value: int | None, reset: bool, concurrency: int) -> None:
        console, errors = Console(), Console(stderr=True)
        try:  # until the connection is opened, Ctrl-C can stop everything at once
            if feed is not None:
                rows = _read_feed(feed, spec, console, errors)
                total, source, seed_value = len(rows), iter(rows), None
            else:
                # A seed is always chosen (and said): a stopped run can then be finished with it.
                seed_value = (
                    random.SystemRandom().randrange(1, 1_000_000) if seed_value is None else seed_value
                )
                total, source = count, iter(spec.fake_rows(*fake_sources(seed_value), count))
        except KeyboardInterrupt:
            say(errors, "interrupted before writing: nothing was written.")
            leave(EXIT_INTERRUPTED)
        seeding = _Seeding(spec, source, total, reset, concurrency, _again(spec, feed, count, seed_value))
        try:
            run_ = seeding()
        except (db.DatabaseUnavailable, SettingsError) as exc:
            say(errors, f"[red]error:[/] {exc}", markup=True)
            sys.exit(EXIT_DATABASE)
        except SEED_DATABASE_ERRORS as exc:  # the database failed: say what it said
            say(errors, seeding.failed(exc))
            sys.exit(EXIT_DATABASE)
        if run_.stopped:
            say(errors, seeding.interrupted())
            leave(EXIT_INTERRUPTED)
        summary(spec, run_, console, seed_value)

    return seed


def _read_feed(feed: Path, spec: SeedSpec, console: Console, errors: Console) -> list[BaseModel]:
    """The feed's rows, or its problems: then nothing is written, and the exit code is 2."""
    try:
        rows = load_feed(feed, spec.row_model)
    except FeedError as exc:
        for line in exc.problems[:MAX_LISTED_PROBLEMS]:
            say(errors, line)
        more = len(exc.problems) - MAX_LISTED_PROBLEMS
        if more > 0:
            say(errors, f"... and {more} more")
        say(errors, f"{feed}: rejected, nothing was written")
        sys.exit(EXIT_BAD_INPUT)
    console.print(f"[cyan]{feed}[/]: {len(rows)} valid {spec.what}")
    return rows
