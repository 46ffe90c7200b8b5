"""Shared pytest fixtures: a real database and a keyspace of the test session's own.

Loaded by tests/conftest.py (`pytest_plugins`). The keyspace name is chosen here, before
any test imports the app, so the app, seed.py and the tests all write to it; it is dropped
when the session ends. Without a database the tests fail with the same one-line hint the
app prints: they never skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from . import db
from .settings import DEFAULT_KEYSPACE, Settings

PROJECT = Path(__file__).resolve().parents[1]
os.environ["SCYLLA_KEYSPACE"] = f"test_{DEFAULT_KEYSPACE}_{uuid.uuid4().hex[:8]}"[:48]


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def session(settings):
    """The driver session, coodie registered on it, in the test keyspace."""
    try:
        cql_session = db.connect(settings)
    except db.DatabaseUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    yield cql_session
    cql_session.execute(f"DROP KEYSPACE IF EXISTS {settings.keyspace}", timeout=60)
    db.close(cql_session)


def seeded_counts(output: str, tables: list[str]) -> dict[str, int]:
    """The rows per table that the seed's closing summary claims."""
    counts = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.replace("│", "|").split("|") if c.strip()]
        if len(cells) == 2 and cells[0] in tables and cells[1].isdigit():
            counts[cells[0]] = int(cells[1])
    return counts


@pytest.fixture
def count_rows(session, settings):
    """SELECT COUNT(*): what is really in a table, to compare with what we claim."""

    def count(table: str) -> int:
        return session.execute(f"SELECT COUNT(*) FROM {settings.keyspace}.{table}", timeout=60).one()[0]

    return count


@pytest.fixture
def run_seed(session):
    """Run the real seed.py command in a subprocess, on the test keyspace."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "seed.py", *args],
            cwd=PROJECT,
            env={**os.environ, **(env or {}), "COLUMNS": "120", "NO_COLOR": "1"},
            capture_output=True,
            text=True,
            timeout=600,
        )

    return run
