"""Fixtures for the tracker's tests; the database, app, client and submit ones come from
tracker.kit.testing. CSRF stays on in every test: form tests read the token from the page first."""

from __future__ import annotations

import pytest

pytest_plugins = ("tracker.kit.testing",)


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/runs.csv, with their columns (line 2 is good)."""
    return {3: {"test"}, 4: {"kind"}, 5: {"nodes"}, 6: {"versions"}, 7: {"start_time"}}
