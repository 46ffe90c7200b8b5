"""Fixtures for the roster's tests; the database ones come from roster.kit.testing."""

import pytest

pytest_plugins = ("roster.kit.testing",)


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"full_name"}, 4: {"email"}, 5: {"city"}}
