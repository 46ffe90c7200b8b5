"""The importer's commands: `python -m importer generate | import | verify` (click).

    generate FILE --count N     an order file of any size (.csv, .json, .jsonl), made as written
    import FILE --mode M        check the whole file, then write it (row, partition, logged, all)
    import FILE --dry-run       check only: no database at all
    verify                      both query tables hold the same orders

Exit codes scripts can trust (kit/cli.py): 0 done, 1 the database (or the tables disagree),
2 bad input (every bad row listed as file:line, nothing written), 130 Ctrl-C (what was written
is said, and running the same command again finishes the file).
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime
from pathlib import Path
from uuid import uuid4

import click
from rich.console import Console

from . import generate as making
from . import importing, queries
from .kit import db
from .kit.cli import EXIT_BAD_INPUT, EXIT_DATABASE, EXIT_INTERRUPTED, BadInput, DemoGroup, connected
from .kit.seedkit import leave
from .kit.seedwriter import Interrupt, Reporter, fewer_collections
from .models import MODELS, ImportRun
from .verifying import disagreements

MAX_LISTED = 1000  # bad rows listed at most; more are counted


def say(text: str) -> None:
    click.echo(text, err=True)


@click.group(cls=DemoGroup, help="Import orders into Cassandra in bulk, and check what landed.")
def main() -> None:
    pass


@main.command("generate", help="Write an order file: .csv, .json or .jsonl (by its name).")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--count", type=click.IntRange(min=1), default=10_000, show_default=True)
@click.option("--seed", "seed_value", type=int, default=1, show_default=True)
@click.option("--customers", type=click.IntRange(min=1), default=20_000, show_default=True)
@click.option("--days", type=click.IntRange(min=1), default=30, show_default=True)
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="The first day (UTC): 30 days ago.")
def generate(
    path: Path, count: int, seed_value: int, customers: int, days: int, start: datetime | None
) -> None:
    if path.suffix.lower() not in (".csv", ".json", ".jsonl", ".ndjson"):
        raise BadInput(f"{path}: unknown file type '{path.suffix or 'none'}': use .csv, .json or .jsonl")
    first = start.replace(tzinfo=making.default_start().tzinfo) if start else making.default_start()
    started = time.perf_counter()
    written = making.write_file(path, making.orders(count, seed_value, customers, days, first))
    click.echo(f"{path}: {written:,} orders over {days} days in {time.perf_counter() - started:.1f} s")


@main.command("import", help="Check the whole file, then write it; every bad row is listed, nothing written.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mode",
    "modes",
    type=click.Choice([*importing.MODES, "all"]),
    multiple=True,
    default=["logged"],
    show_default=True,
    help="How to write; give several (or all) to compare them on the same file.",
)
@click.option("--dry-run", is_flag=True, help="Check the file only; the database is not touched.")
def import_(path: Path, modes: tuple[str, ...], dry_run: bool) -> None:
    modes = importing.MODES if "all" in modes else tuple(dict.fromkeys(modes))
    try:
        checked = _check(path)
    except KeyboardInterrupt:
        say("interrupted while checking the file: nothing was written.")
        leave(EXIT_INTERRUPTED)
    if not checked.ok:
        _record_rejected(checked)
        say(f"{path}: rejected ({_bad(checked)}): nothing was written")
        sys.exit(EXIT_BAD_INPUT)
    rate = checked.orders / max(checked.seconds, 1e-9)
    click.echo(f"{path}: {checked.orders:,} valid orders, checked in {checked.seconds:.2f} s ({rate:,.0f}/s)")
    if dry_run:
        click.echo("--dry-run: nothing was written")
        return
    _write_modes(path, checked, modes)


def _check(path: Path) -> importing.Checked:
    listed = 0

    def report(problem: str) -> None:
        nonlocal listed
        listed += 1
        if listed <= MAX_LISTED:
            say(problem)

    checked = importing.check(path, report)
    if listed > MAX_LISTED:
        say(f"... and {listed - MAX_LISTED:,} more problems")
    return checked


def _bad(checked: importing.Checked) -> str:
    if checked.fatal:
        return "it cannot be read past the line above"
    return f"{checked.bad_rows:,} bad rows of {checked.bad_rows + checked.orders:,}"


def _record_rejected(checked: importing.Checked) -> None:
    """The run is kept in import_runs too (errors: the bad rows); a database that is away then
    only costs that record, and says so: the answer is still exit 2."""
    run = new_run(checked.path, "validate", "rejected", errors=max(checked.bad_rows, len(checked.fatal)))
    run.detail = _bad(checked)
    run.seconds = checked.seconds
    try:
        with connected(MODELS):
            asyncio.run(queries.record_run(run))
    except Exception as exc:  # any failure here only loses the record
        say(f"(the run was not recorded in import_runs: {db.describe_failure(exc)})")


def new_run(path: Path, mode: str, outcome: str, **values) -> ImportRun:
    started = queries.utc_now()
    return ImportRun(
        month=queries.run_month(started),
        started_at=started,
        run_id=uuid4(),
        file=path.name,
        mode=mode,
        outcome=outcome,
        **values,
    )


def _write_modes(path: Path, checked: importing.Checked, modes: tuple[str, ...]) -> None:
    errors = Console(stderr=True)
    runs: list[importing.Progress] = []
    current: dict = {}

    def forced(why: str) -> None:
        progress = current.get("run")
        done = progress.done if progress else 0
        say(
            f"stopped at once ({why}): {done:,} orders written in --mode {current.get('mode')}; "
            "some may be half-written. Run the same command again to finish."
        )

    with Interrupt(forced) as interrupt, fewer_collections(), connected(MODELS):
        for mode in modes:
            progress = importing.Progress(checked.orders, mode)
            current.update(run=progress, mode=mode)
            interrupt.run = progress
            progress.interrupted_at = interrupt.requested_at  # a Ctrl-C while connecting
            reporter = Reporter(errors, f"orders ({mode})", checked.orders)

            def tick(reporter=reporter, progress=progress) -> None:
                reporter.tick(progress)
                interrupt.watch()

            reporter.start()
            try:
                asyncio.run(importing.write(path, mode, progress, tick))
            finally:
                reporter.stop(progress)
            _finish_mode(path, progress, checked)
            runs.append(progress)
    if len(runs) > 1:
        click.echo("")
        for line in importing.comparison(runs):
            click.echo(line)


def _finish_mode(path: Path, progress: importing.Progress, checked: importing.Checked) -> None:
    """Record the run; say how it ended: done, stopped by Ctrl-C, or failed."""
    if progress.stopped:
        outcome = "interrupted"
    elif progress.error is not None:
        outcome = "failed"
    else:
        outcome = "done"
    run = new_run(
        path,
        progress.mode,
        outcome,
        orders=progress.done,
        seconds=progress.seconds,
        orders_per_s=progress.rate,
        statements=progress.requests,
        last_day=checked.last_day,
        detail=f"{checked.orders:,} orders in the file",
    )
    if progress.error is not None:
        run.detail = db.describe_failure(progress.error)[:500]
    try:
        asyncio.run(queries.record_run(run))
    except Exception:  # a lost record matters only when the import itself went well
        if outcome == "done":
            raise
    if outcome == "interrupted":
        say(
            f"interrupted: {progress.done:,} of {checked.orders:,} orders written (--mode {progress.mode}); "
            "none is half-written. Run the same command again to finish: rows are rewritten, never doubled."
        )
        leave(EXIT_INTERRUPTED)
    if outcome == "failed":
        if isinstance(progress.error, importing.FeedError):
            for line in progress.error.problems:
                say(line)
            say(f"{progress.done:,} orders were written before it")
            leave(EXIT_BAD_INPUT)
        say(f"error: {db.describe_failure(progress.error)} ({progress.done:,} orders were written before it)")
        leave(EXIT_DATABASE)
    for line in importing.summary(path, progress):
        click.echo(line)


@main.command("verify", help="Check that both query tables hold the same orders (per customer and per day).")
def verify() -> None:
    with connected(MODELS):
        report = asyncio.run(disagreements())
    for line in report.lines:
        click.echo(line)
    if report.problems:
        for problem in report.problems[:50]:
            say(problem)
        say(f"error: the query tables disagree ({len(report.problems):,} differences)")
        sys.exit(EXIT_DATABASE)
