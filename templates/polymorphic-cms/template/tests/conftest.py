"""Fixtures for the content desk's tests; the database, app, client and submit ones come from
contentdesk.kit.testing. CSRF stays on in every test: form tests read the token from the page first."""

from __future__ import annotations

import pytest

pytest_plugins = ("contentdesk.kit.testing",)


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/contents.csv, with their columns (line 2 is good)."""
    return {3: {"title"}, 4: {"kind"}, 5: {"duration_seconds"}, 6: {"video_url"}, 7: {"published_at"}}
