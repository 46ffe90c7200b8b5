"""Send fake readings from the command line while the dashboard is open.

    python -m telemetry.simulate --rate 50 --seconds 30     paced, like the dashboard's button
    python -m telemetry.simulate --bulk 20000               as fast as it goes, measured against
                                                            one awaited INSERT at a time

Readings go in per-partition UNLOGGED batches (one sensor's day each, never more) and each
touched hour's rollup is recomputed. Exit 0 when every reading was stored, 3 when some
failed, 1 when the database is away, 2 for bad options, 130 for Ctrl-C.
"""

from __future__ import annotations

import asyncio
import random
import sys

import click
from rich.console import Console

from .kit import db, schema
from .kit.settings import Settings, SettingsError
from .models import MODELS
from .simulator import Run, Speed, bulk, one_at_a_time, simulate

EXIT_DATABASE = 1
EXIT_SOME_FAILED = 3
EXIT_INTERRUPTED = 130
BASELINE = 500  # readings the one-at-a-time baseline writes (enough for a steady rate)


async def _paced(run: Run, seed: int | None, console: Console) -> Run:
    await schema.sync_models_async(MODELS)  # a fresh keyspace works too
    return await simulate(
        run,
        random.Random(seed),
        on_tick=lambda n: console.print(f"{run.sent:,} of {run.total:,} sent", highlight=False),
    )


async def _bulk(count: int, seed: int | None) -> tuple[Speed, Speed, object]:
    await schema.sync_models_async(MODELS)
    rng = random.Random(seed)
    single = await one_at_a_time(min(BASELINE, count), rng)
    fast, outcome = await bulk(count, rng)
    return single, fast, outcome


def ingest_line(single: Speed, fast: Speed) -> str:
    """The figures, one line: what `make benchmark` and the tests print too."""
    ratio = fast.per_second / single.per_second if single.per_second else 0.0
    return (
        f"one awaited insert at a time: {single.per_second:,.0f} readings/s ({single.readings:,} readings); "
        f"bulk, per-partition batches: {fast.per_second:,.0f} readings/s ({fast.readings:,} readings); "
        f"{ratio:.1f}x"
    )


@click.command(help="Send fake sensor readings: paced at --rate a second, or --bulk N as fast as it goes.")
@click.option(
    "--rate", type=click.IntRange(1, 5_000), default=20, show_default=True, help="readings per second"
)
@click.option("--seconds", type=click.IntRange(1, 3_600), default=10, show_default=True)
@click.option(
    "--bulk", "bulk_count", type=click.IntRange(1, 1_000_000), help="send N readings at once, and compare"
)
@click.option("--seed", type=int, help="Random seed: the same values each time.")
def main(rate: int, seconds: int, bulk_count: int | None, seed: int | None) -> None:
    console, errors = Console(), Console(stderr=True)
    try:
        session = db.connect(Settings.from_env(), create_keyspace=True)
    except (db.DatabaseUnavailable, SettingsError) as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(EXIT_DATABASE)
    try:
        if bulk_count:
            single, fast, outcome = asyncio.run(_bulk(bulk_count, seed))
            console.print(ingest_line(single, fast), highlight=False, soft_wrap=True)
            failed, last_error = outcome.failed, outcome.last_error
        else:
            run = asyncio.run(_paced(Run(rate=rate, seconds=seconds), seed, console))
            achieved = run.stored / run.elapsed if run.elapsed else 0.0
            console.print(
                f"{run.sent:,} readings sent, {run.stored:,} stored, {run.failed:,} failed "
                f"in {run.elapsed:.2f}s ({achieved:,.0f} readings/s)",
                highlight=False,
            )
            failed, last_error = run.failed, run.last_error
    except KeyboardInterrupt:
        errors.print(
            "interrupted: the readings stored so far stay (each batch is one partition, all or nothing)",
            highlight=False,
        )
        sys.exit(EXIT_INTERRUPTED)
    except db.DATABASE_ERRORS as exc:
        errors.print(f"error: {db.describe_failure(exc)}", highlight=False)
        sys.exit(EXIT_DATABASE)
    finally:
        db.close(session)
    if failed:
        errors.print(f"{failed:,} readings failed and were not retried: {last_error}", highlight=False)
        sys.exit(EXIT_SOME_FAILED)


if __name__ == "__main__":
    main()
