"""The seed command every demo shares: fake rows or a feed file, written fast, counted honestly.

A demo's seed.py describes its data with a `SeedSpec` and calls `command(spec)`:

    --count N      how many fake rows (Faker)           --seed INT   reproducible fake data
    --feed PATH    a .csv or .json file of real rows    --reset      empty the demo's tables first

A feed is validated in full before anything is written: one bad row and the command lists
every problem as file:line, column and reason, writes nothing, and exits 2. An unreachable
database is one line and exit 1. Rows are written with bounded concurrency (many requests
in flight, never one awaited row at a time), then a summary gives rows per table and rows/s.
"""

from __future__ import annotations

import asyncio
import csv
import inspect
import json
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from faker import Faker
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import db, schema
from .settings import Settings, SettingsError

EXIT_BAD_INPUT = 2
EXIT_DATABASE = 1
MAX_LISTED_PROBLEMS = 20
MAX_THREADS = 32  # the sync API blocks a thread per request: more threads only add switching


@dataclass
class SeedSpec:
    """What a demo seeds. Each callable may be a plain function or a coroutine function."""

    what: str  # "products", shown in messages
    row_model: type[BaseModel]  # one feed row: CSV columns or JSON object keys
    fake_rows: Callable[[Faker, random.Random, int], Iterable[BaseModel]]
    # writes one row (and its children); returns a Counter: table name -> rows written
    write_row: Callable[[BaseModel], Any]
    prepare: Callable[[], Any] | None = None  # after connect; default: create the models' tables
    reset: Callable[[], Any] | None = None  # for --reset; default: truncate the models' tables
    concurrency: int = 128  # requests in flight (threads for the sync API: at most 32)
    default_count: int = 50
    models: list = field(default_factory=list)  # the coodie models it writes, tables before views

    retry_policy: Any = None  # for db.connect, e.g. one that never resends a counter update
    notes: Callable[[], Iterable[str]] | None = None  # extra summary lines (e.g. conflicts refused)

    @property
    def tables(self) -> list[str]:
        return [m.table_name() for m in self.models if not schema.is_view(m)]


class FeedError(Exception):
    """A feed that cannot be imported; `problems` are lines of file:line: column: reason."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# ---------------------------------------------------------------- reading feeds
def load_feed(path: Path, row_model: type[BaseModel]) -> list[BaseModel]:
    """Every row of a .csv or .json feed, validated; FeedError lists all the problems."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _csv_records(path)
    elif suffix == ".json":
        records = _json_records(path)
    else:
        raise FeedError([f"{path}: unknown feed type '{suffix or 'none'}': use a .csv or .json file"])
    rows, problems = [], []
    for line, record in records:
        try:
            rows.append(row_model.model_validate(record))
        except ValidationError as exc:
            for err in exc.errors():
                column = ".".join(str(part) for part in err["loc"]) or "(row)"
                problems.append(f"{path}:{line}: column '{column}': {err['msg']}")
    if problems:
        raise FeedError(problems)
    if not rows:
        raise FeedError([f"{path}: the feed holds no rows"])
    return rows


def _csv_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FeedError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    if not reader.fieldnames:
        raise FeedError([f"{path}:1: no header row"])
    records = []
    line = reader.line_num
    for record in reader:
        if None in record:  # more cells than header columns
            raise FeedError([f"{path}:{line + 1}: more values than the header has columns"])
        # An empty CSV cell means "not given": let the model's default apply.
        records.append((line + 1, {k: v for k, v in record.items() if v not in ("", None)}))
        line = reader.line_num
    return iter(records)


def _json_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FeedError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError([f"{path}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"]) from None
    # Decode element by element to know the line each object starts on.
    decoder, pos = json.JSONDecoder(), _skip_ws(text, 0)
    if not text.startswith("[", pos):
        raise FeedError([f"{path}:1: expected a JSON array of objects"])
    pos, records = _skip_ws(text, pos + 1), []
    while not text.startswith("]", pos):
        line = text.count("\n", 0, pos) + 1
        value, pos = decoder.raw_decode(text, pos)
        if not isinstance(value, dict):
            raise FeedError([f"{path}:{line}: expected a JSON object, got {type(value).__name__}"])
        records.append((line, value))
        pos = _skip_ws(text, pos)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
    return iter(records)


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


# ---------------------------------------------------------------- writing
def _write_all_sync(rows: list[BaseModel], write: Callable, concurrency: int, advance: Callable) -> Counter:
    """Bounded concurrency for the sync API: worker threads share one iterator."""
    totals, lock, source = Counter(), threading.Lock(), iter(rows)

    def worker() -> None:
        while True:
            with lock:
                row = next(source, None)
            if row is None:
                return
            counts = write(row)
            with lock:
                totals.update(counts)
            advance()

    threads = min(concurrency, MAX_THREADS)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(worker) for _ in range(threads)]:
            future.result()
    return totals


async def _write_all_async(
    rows: list[BaseModel], write: Callable, concurrency: int, advance: Callable
) -> Counter:
    """Bounded concurrency for the async API: N tasks, each writing one row at a time."""
    totals, source = Counter(), iter(rows)

    async def worker() -> None:
        for row in source:  # tasks share the iterator: each row is taken once
            totals.update(await write(row))
            advance()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return totals


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


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


# ---------------------------------------------------------------- the command
def run(
    spec: SeedSpec, rows: list[BaseModel], reset: bool, concurrency: int, console: Console
) -> tuple[Counter, float]:
    """Connect, prepare, optionally reset, write every row: (rows per table, seconds spent writing).

    Raises db.DatabaseUnavailable."""
    session = db.connect(Settings.from_env(), retry_policy=spec.retry_policy, create_keyspace=True)
    try:
        if inspect.iscoroutinefunction(spec.write_row):
            return asyncio.run(_run_async(spec, rows, reset, concurrency, console))
        prepare_tables(spec)
        if reset:
            reset_tables(spec)
        started = time.perf_counter()
        with _progress(console, spec.what, len(rows)) as advance:
            totals = _write_all_sync(rows, spec.write_row, concurrency, advance)
        return totals, time.perf_counter() - started
    finally:
        db.close(session)


async def _run_async(spec: SeedSpec, rows: list[BaseModel], reset: bool, concurrency: int, console: Console):
    await _maybe_await(prepare_tables(spec))
    if reset:
        await _maybe_await(reset_tables(spec))
    started = time.perf_counter()
    with _progress(console, spec.what, len(rows)) as advance:
        totals = await _write_all_async(rows, spec.write_row, concurrency, advance)
    return totals, time.perf_counter() - started


class _progress:
    def __init__(self, console: Console, what: str, total: int):
        self.bar = Progress(
            TextColumn(f"[bold]writing {what}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.task = self.bar.add_task(what, total=total)

    def __enter__(self) -> Callable[[], None]:
        self.bar.start()
        return lambda: self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()


def summary(spec: SeedSpec, units: int, totals: Counter, seconds: float, console: Console) -> None:
    """Rows per table (every table of the spec, even at 0), seconds spent writing, rates."""
    tables = spec.tables
    table = Table(title="Seeded", title_style="bold green")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name in sorted(set(totals) | set(tables)):
        table.add_row(name, str(totals[name]))
    written = sum(totals.values())
    table.add_section()
    table.add_row("[bold]total", f"[bold]{written}")
    console.print(table)
    seconds = max(seconds, 1e-9)
    console.print(
        f"[green]{written} rows in {seconds:.2f}s: {written / seconds:,.0f} rows/s "
        f"({units} {spec.what}, {units / seconds:,.0f} {spec.what}/s)"
    )
    for line in spec.notes() if spec.notes else ():
        console.print(line)


def command(spec: SeedSpec) -> click.Command:
    """The click command for a demo's seed.py."""

    @click.command(help=f"Fill the demo's tables with {spec.what}: fake ones (Faker) or a feed file.")
    @click.option("--count", type=click.IntRange(min=1), default=spec.default_count, show_default=True)
    @click.option(
        "--feed", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=".csv or .json"
    )
    @click.option("--seed", "seed_value", type=int, help="Random seed for reproducible fake data.")
    @click.option("--reset", is_flag=True, help="Empty the demo's tables first.")
    @click.option("--concurrency", type=click.IntRange(1, 512), default=spec.concurrency, show_default=True)
    def seed(count: int, feed: Path | None, seed_value: int | None, reset: bool, concurrency: int) -> None:
        console, errors = Console(), Console(stderr=True)
        if feed is not None:
            try:
                rows = load_feed(feed, spec.row_model)
            except FeedError as exc:
                for line in exc.problems[:MAX_LISTED_PROBLEMS]:
                    errors.print(line, markup=False, highlight=False)
                more = len(exc.problems) - MAX_LISTED_PROBLEMS
                if more > 0:
                    errors.print(f"... and {more} more", markup=False)
                errors.print(f"[red]{feed}: rejected, nothing was written")
                sys.exit(EXIT_BAD_INPUT)
            console.print(f"[cyan]{feed}[/]: {len(rows)} valid {spec.what}")
        else:
            faker, rng = Faker(), random.Random(seed_value)
            if seed_value is not None:
                faker.seed_instance(seed_value)
            rows = list(spec.fake_rows(faker, rng, count))
        try:
            totals, seconds = run(spec, rows, reset, concurrency, console)
        except (db.DatabaseUnavailable, SettingsError) as exc:
            errors.print(f"[red]error:[/] {exc}", highlight=False)
            sys.exit(EXIT_DATABASE)
        except db.DATABASE_ERRORS as exc:  # the database failed mid-way: say what it did
            errors.print(
                f"[red]error:[/] {db.describe_failure(exc)} (rows written before it stay)",
                highlight=False,
            )
            sys.exit(EXIT_DATABASE)
        summary(spec, len(rows), totals, seconds, console)

    return seed
