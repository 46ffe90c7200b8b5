"""Fixtures for the blog's tests; the database, app, client and submit ones come from blog.kit.testing.

CSRF stays on in every test: form tests read the token from the page first, as a browser
does, and test_forms.py proves that a POST without one is refused.
"""

from __future__ import annotations

from uuid import uuid4

import pytest

pytest_plugins = ("blog.kit.testing",)


def _unique(prefix: str) -> str:
    return f"{prefix}{uuid4().hex[:10]}"


@pytest.fixture
def unique():
    """unique("tag") -> "tag3f2a9c01d4": names no other test uses, in the shared test keyspace."""
    return _unique


@pytest.fixture
def author(client):
    """A fresh author, created through the API."""
    body = {"handle": _unique("au"), "name": "Test Author", "bio": "Writes tests."}
    response = client.post("/api/authors", json=body)
    assert response.status_code == 201, response.text
    return response.get_json()


@pytest.fixture
def make_post(client, author):
    """Create posts through the API: make_post(title=..., tags=[...])."""

    def make(**fields):
        body = {"author": author["handle"], "title": "A test post", "body": "Hello.\n\nWorld.", **fields}
        response = client.post("/api/posts", json=body)
        assert response.status_code == 201, response.text
        return response.get_json()

    return make


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"title"}, 4: {"author"}, 5: {"tags"}, 6: {"published_at"}}
