"""The tracker's commands: `python -m tracker ingest RUN_ID FILE` (click).

    ingest RUN_ID FILE.jsonl     a run's events, one JSON object a line (schemas.EventRow),
                                 written in unlogged batches that each hold ONE partition
                                 (run_id, severity): never a batch that spans partitions

Exit codes scripts can trust (kit/cli.py): 0 done, 1 the database, 2 bad input (every bad line
listed as file:line, nothing written; or a run id the tracker does not have), 130 Ctrl-C (the
batches sent are whole; the same command again finishes the file, rewriting what is there:
an event's id comes from its line, so nothing doubles).
"""

from __future__ import annotations

import time
from pathlib import Path
from uuid import UUID

import click

from . import queries
from .kit.cli import BadInput, DemoGroup, connected
from .kit.feeds import FeedError, load_feed
from .kit.stable_ids import stable_timeuuid
from .models import MODELS, Event
from .schemas import EventRow

MAX_LISTED = 50  # bad lines listed at most; more are counted


@click.group(cls=DemoGroup, help="The tracker's commands.")
def main() -> None:
    pass


@main.command("ingest", help="Write a run's events from a JSON Lines file, one partition per batch.")
@click.argument("run_id", type=click.UUID)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--batch-size", type=click.IntRange(1, 500), default=queries.BATCH_ROWS, show_default=True)
def ingest(run_id: UUID, path: Path, batch_size: int) -> None:
    if path.suffix.lower() not in (".jsonl", ".ndjson"):
        raise BadInput(f"{path}: events come as JSON Lines (.jsonl), not '{path.suffix or 'none'}'")
    try:
        rows = load_feed(path, EventRow)
    except FeedError as exc:
        listed = exc.problems[:MAX_LISTED]
        more = len(exc.problems) - len(listed)
        tail = (f"\n... and {more} more" if more else "") + "\nnothing was written"
        raise BadInput("\n".join(listed) + tail) from None
    with connected(MODELS):
        try:
            queries.lookup_run(run_id)
        except queries.DocumentNotFound:
            raise BadInput(f"no run {run_id}: ingest the events of a run the tracker has") from None
        events = [event_of(run_id, row) for row in rows]
        started = time.perf_counter()
        batches = 0
        for batch in queries.one_partition_batches(events, batch_size):
            queries.save_event_batch(batch)
            batches += 1
    seconds = time.perf_counter() - started
    partitions = len({event.severity for event in events})
    click.echo(
        f"{path}: {len(events)} events of run {run_id} in {batches} batches "
        f"({partitions} partitions, one per severity; no batch spans two) in {seconds:.2f} s"
    )


def event_of(run_id: UUID, row: EventRow) -> Event:
    """The row's id, or a timeuuid of its time and a hash of its content: a re-ingest rewrites."""
    event_id = row.event_id or stable_timeuuid(
        row.ts, run_id, row.severity, row.event_type, row.message, row.node
    )
    fields = row.model_dump(exclude={"event_id", "ts"})
    return Event(run_id=run_id, event_id=event_id, **fields)
