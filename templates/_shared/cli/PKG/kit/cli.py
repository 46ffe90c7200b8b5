"""The framework glue of a command-line demo (click): what web.py is to the web demos.

A CLI demo's commands live in a click group made with `cls=DemoGroup`. Each command that
needs the database opens it with `connected(MODELS)`: one session for the command's run, the
schema checked, never created (`make schema` creates it: see schema.py), closed at the end.
`--help` and a usage error never connect. Every way a command can end is one a script can
trust, with one line on stderr and no traceback:

    exit 0    done
    exit 1    the database: unreachable, tables missing, or it failed mid-way (what it said)
    exit 2    bad input: click's usage errors, and `BadInput` (a value the demo refuses)
    exit 130  Ctrl-C
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from cassandra import DriverException
from cassandra.cluster import Session

from . import db, schema
from .settings import Settings, SettingsError

EXIT_DATABASE = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
# What the database (or the way to it) can fail with while a command runs: one line, exit 1.
COMMAND_DATABASE_ERRORS = (*db.DATABASE_ERRORS, DriverException)


class BadInput(click.ClickException):
    """A value the demo refuses: `error: <what and where>` on stderr, exit 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


@contextmanager
def connected(models: list, settings: Settings | None = None) -> Iterator[Session]:
    """The driver session, coodie on top, for one command; the schema must be there already
    (db.DatabaseUnavailable or schema.SchemaMissing otherwise, each one line)."""
    settings = settings or Settings.from_env()
    session = db.connect(settings)
    try:
        schema.check(session, settings.keyspace, models)
        yield session
    finally:
        db.close(session)


def fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class DemoGroup(click.Group):
    """A click group whose commands end with the exit codes above, never with a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # A command is a few statements: stopping between two of them leaves whole rows.
            click.echo("interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except (db.DatabaseUnavailable, schema.SchemaMissing, SettingsError) as exc:
            fail(str(exc), EXIT_DATABASE)
        except COMMAND_DATABASE_ERRORS as exc:
            fail(db.describe_failure(exc), EXIT_DATABASE)
