"""The guide's command: `python -m migrationguide verify` (click).

    verify      the schema, every row through both mappers, a batch written by each and
                read by the other: a table of the CQL types compared, every difference listed

Exit codes scripts can trust (kit/cli.py): 0 cqlengine and coodie agree, 1 the database (or
a difference: each is listed), 130 Ctrl-C.
"""

from __future__ import annotations

import sys
from uuid import uuid4

import click

from . import queries, verifying
from .kit.cli import EXIT_DATABASE, DemoGroup, connected
from .kit.settings import Settings
from .models import MODELS


@click.group(cls=DemoGroup, help="cqlengine and coodie on the same tables: prove they agree.")
def main() -> None:
    pass


@main.command(
    "verify",
    help="Compare the schema and every row through both mappers; write through each, read through the other.",
)
def verify() -> None:
    settings = Settings.from_env()
    with connected(MODELS, settings) as session:
        queries.use_cqlengine(settings)
        report = verifying.run(session, settings.keyspace, uuid4().hex[:8])
    click.echo(verifying.table(report))
    for problem in report.problems:
        click.echo(f"difference: {problem}")
    if report.problems:
        click.echo(f"error: {len(report.problems)} difference(s) between cqlengine and coodie", err=True)
        sys.exit(EXIT_DATABASE)
    click.echo("cqlengine and coodie agree")
