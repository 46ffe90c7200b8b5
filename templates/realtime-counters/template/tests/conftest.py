"""Fixtures for the analytics tests; the database ones come from analytics.kit.testing."""

import asyncio
import uuid
from datetime import date

import pytest

pytest_plugins = ("analytics.kit.testing",)


@pytest.fixture
def page() -> str:
    """A page no other test counts, so each test starts from zero."""
    return f"/test/{uuid.uuid4().hex[:12]}"


@pytest.fixture
def quiet_day() -> date:
    """A day no other test writes to: a day partition of its own."""
    return date.fromordinal(date(2001, 1, 1).toordinal() + uuid.uuid4().int % 7000)


@pytest.fixture
def counter(session, settings):
    """Read one counter straight from the database with plain CQL (not through the app's code)."""

    def read(table: str, column: str, **key) -> int:
        where = " AND ".join(f'"{name}" = %s' for name in key)
        cql = f'SELECT "{column}" FROM {settings.keyspace}.{table} WHERE {where}'
        row = session.execute(cql, list(key.values()), timeout=30).one()
        return (row[0] or 0) if row else 0

    return read


@pytest.fixture
def run():
    """Run coroutines concurrently under a deadline: a concurrency test fails instead of hanging."""

    async def together(coros):
        return await asyncio.gather(*coros)

    def run_with_deadline(*coros, timeout: float = 60):
        return asyncio.run(asyncio.wait_for(together(coros), timeout))

    return run_with_deadline


# Figures the concurrency tests saw, printed at the end of the run (pytest's summary).
FIGURES: list[str] = []


@pytest.fixture
def figures() -> list[str]:
    return FIGURES


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("concurrency figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    # 7: a hit with nothing to count
    return {3: {"page"}, 4: {"day"}, 5: {"referrer"}, 6: {"views"}, 7: {"(row)"}}
