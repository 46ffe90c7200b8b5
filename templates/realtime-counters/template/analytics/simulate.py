"""Send fake traffic from the command line while the dashboard is open.

    python -m analytics.simulate --rate 50 --seconds 30

Every hit is one COUNTER batch (page totals, the page's day, the referrer's day). At the end:
hits sent, counted and failed; a failed hit is not retried (its outcome is unknown).
"""

from __future__ import annotations

import asyncio
import random
import sys

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .kit import db, schema
from .kit.settings import Settings, SettingsError
from .models import MODELS
from .retries import CountOnce
from .simulator import Run, simulate

EXIT_DATABASE = 1
EXIT_SOME_FAILED = 3


async def _simulate(run: Run, seed: int | None, console: Console) -> Run:
    await schema.sync_models_async(MODELS)  # a fresh keyspace works too
    progress = Progress(
        TextColumn(f"[bold]{run.rate} hits/s"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    task = progress.add_task("hits", total=run.total)
    with progress:
        return await simulate(run, random.Random(seed), on_hit=lambda: progress.advance(task))


@click.command(help="Send fake page views to the counters, paced at --rate hits a second.")
@click.option("--rate", type=click.IntRange(1, 5_000), default=20, show_default=True, help="hits per second")
@click.option("--seconds", type=click.IntRange(1, 3_600), default=10, show_default=True)
@click.option("--seed", type=int, help="Random seed: the same pages and referrers each time.")
def main(rate: int, seconds: int, seed: int | None) -> None:
    console, errors = Console(), Console(stderr=True)
    try:
        settings = Settings.from_env()
        session = db.connect(settings, retry_policy=CountOnce(), create_keyspace=True)  # never resend a hit
    except (db.DatabaseUnavailable, SettingsError) as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(EXIT_DATABASE)
    try:
        run = asyncio.run(_simulate(Run(rate=rate, seconds=seconds), seed, console))
    finally:
        db.close(session)
    achieved = run.counted / run.elapsed if run.elapsed else 0.0
    console.print(
        f"[green]{run.sent} hits sent, {run.counted} counted, {run.failed} failed "
        f"in {run.elapsed:.2f}s ({achieved:,.0f} hits/s)"
    )
    if run.failed:
        errors.print(
            f"[yellow]{run.failed} hits failed and were not retried: {run.last_error}", highlight=False
        )
        sys.exit(EXIT_SOME_FAILED)


if __name__ == "__main__":
    main()
