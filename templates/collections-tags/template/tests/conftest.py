"""Fixtures for the bookmarks' tests; the database ones come from tagged.kit.testing."""

import asyncio
from uuid import uuid4

import pytest

pytest_plugins = ("tagged.kit.testing",)


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def unique():
    """A fresh tag, so that tests never see each other's tags."""
    return lambda prefix="t": f"{prefix}-{uuid4().hex[:10]}"


@pytest.fixture
def bookmark(client, unique):
    """A fresh bookmark with one tag of its own, created through the API."""

    def make(**fields):
        body = {
            "url": f"https://example.com/{uuid4().hex}",
            "title": "A test bookmark",
            "tags": [unique()],
            "attributes": {"lang": "en", "read_time": "5 min", "level": "intro"},
            "source_kind": "browser",
            "source_name": "Firefox",
            **fields,
        }
        response = client.post("/api/bookmarks", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"url"}, 4: {"tags"}, 5: {"source_kind"}, 6: {"attributes"}}
