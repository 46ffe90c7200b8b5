"""Fixtures for the session store's tests; the database ones come from ephemera.kit.testing."""

import pytest

pytest_plugins = ("ephemera.kit.testing",)


@pytest.fixture
def login(client):
    """Log in through the API; returns the session as the API reports it."""

    def make(user: str = "tess", ttl: int | None = None) -> dict:
        response = client.post("/api/sessions", json={"user": user, **({"ttl": ttl} if ttl else {})})
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    # 4: not a number; 5: 0 would mean "never expire"; 6: over the one-hour maximum
    return {3: {"user"}, 4: {"ttl"}, 5: {"ttl"}, 6: {"ttl"}}
