"""The roster's migration commands (click), coodie's runner underneath:

    status                  every migration, applied or pending, and `schema-diff`
    migrate [--dry-run]     apply the pending ones, one at a time, timed (--dry-run: print the CQL)
    rollback [--steps N]    undo the last N (--dry-run: print the CQL)

`coodie migrate --keyspace roster --migrations-dir migrations` runs the same files; these add
the demo's settings (hosts, keyspace), a time per migration, and exit codes scripts can trust:
0 done, 1 the database (or another migrator holds coodie's lock), 130 interrupted (a backfill
goes on from its checkpoint when run again).
"""

from __future__ import annotations

import asyncio

import click

from . import queries
from .kit.cli import EXIT_DATABASE, EXIT_INTERRUPTED, DemoGroup, connected, fail
from .kit.settings import Settings
from .models import MemberAnyVersion


@click.group(cls=DemoGroup)
def main() -> None:
    """Change the members table with coodie's migrations."""


def _run(coroutine):
    try:
        return asyncio.run(coroutine)
    except queries.MigrationError as exc:
        fail(f"{exc} (coodie's lock row expires after 300 s if its holder died)", EXIT_DATABASE)
    except queries.BackfillStopped as exc:
        fail(f"{exc}: run the same command again to go on from the checkpoint", EXIT_INTERRUPTED)


def _show(steps, verb: str, dry_run: bool) -> None:
    if not steps:
        click.echo(f"nothing to {verb}")
    for step in steps:
        timing = "" if dry_run else f"  {step.seconds:.2f} s"
        click.echo(f"{'[dry run] ' if dry_run else ''}{verb} {step.name}{timing}  ({step.description})")
        if dry_run:
            for cql in step.planned_cql:
                click.echo(f"    {cql}")


@main.command()
def status() -> None:
    """Applied and pending migrations, then the diff between the target model and the table."""
    keyspace = Settings.from_env().keyspace
    with connected([MemberAnyVersion]):
        rows = _run(queries.migrations(keyspace))
        diff, _ = _run(queries.schema_diff(keyspace))
    for row in rows:
        when = row.applied_at.strftime("%Y-%m-%d %H:%M:%S") if row.applied_at else "pending"
        click.echo(f"{when:<20} {row.name}  {row.description}")
    click.echo(diff)


@main.command()
@click.option("--dry-run", is_flag=True, help="Print the CQL each pending migration would send; send none.")
@click.option("--target", help="Stop after the migration whose name starts with this.")
def migrate(dry_run: bool, target: str | None) -> None:
    """Apply the pending migrations in order, each under coodie's LWT lock."""
    keyspace = Settings.from_env().keyspace
    with connected([MemberAnyVersion]):
        _show(_run(queries.migrate(keyspace, dry_run=dry_run, target=target)), "applied", dry_run)


@main.command()
@click.option("--steps", default=1, show_default=True, type=click.IntRange(min=1), help="How many to undo.")
@click.option("--dry-run", is_flag=True, help="Print the CQL the last migration's rollback would send.")
def rollback(steps: int, dry_run: bool) -> None:
    """Undo the last applied migrations, newest first."""
    keyspace = Settings.from_env().keyspace
    with connected([MemberAnyVersion]):
        _show(_run(queries.rollback(keyspace, steps=steps, dry_run=dry_run)), "rolled back", dry_run)
