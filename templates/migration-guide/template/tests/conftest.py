"""Fixtures for the guide's tests; the database, app and client ones come from
migrationguide.kit.testing."""

from __future__ import annotations

import pytest

pytest_plugins = ("migrationguide.kit.testing",)


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/runs.csv, with their columns (line 2 is good)."""
    return {3: {"test_name"}, 4: {"status"}, 5: {"run_id"}, 6: {"started_at"}, 7: {"tags"}}


@pytest.fixture(scope="session")
def hands(session, settings):
    """The kit's session, with cqlengine's own beside it on the test keyspace (as verify has them)."""
    from migrationguide import queries

    queries.use_cqlengine(settings)
    return session
