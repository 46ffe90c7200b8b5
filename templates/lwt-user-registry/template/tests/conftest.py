"""Fixtures for the registry's tests; the database ones come from registry.kit.testing."""

import asyncio
from uuid import uuid4

import pytest
from coodie.drivers import get_driver, register_driver
from faults import Wire
from inventory import Inventory, take

from registry.kit import db

pytest_plugins = ("registry.kit.testing",)


@pytest.fixture
def unique():
    """A fresh name, so that tests never meet each other's claims."""
    return lambda prefix="u": f"{prefix}_{uuid4().hex[:10]}"


@pytest.fixture
def register(client, unique):
    """Register a fresh account through the API; returns the created account."""

    def make(**fields):
        name = unique("acct")
        body = {"username": name, "email": f"{name}@example.com", "display_name": "Test Person", **fields}
        response = client.post("/api/users", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def wire(session, settings):
    """A driver session of this test's own, made coodie's default while the test runs (the
    queries and the app send through it), with a listener the test steers (faults.Plan)."""
    previous = get_driver()
    own = db.connect(settings)  # registers itself as coodie's default driver
    yield Wire(own)
    register_driver("default", previous, default=True)
    db.close(own)


@pytest.fixture
def inventory(session, settings):
    """`inventory()`: every row of the three tables, read now (see inventory.py)."""

    def read() -> Inventory:
        return take(session, settings.keyspace)

    return read


@pytest.fixture
def race(at_once):
    """Send HTTP requests to the app all at once (the kit's `at_once`), so that their LWTs reach
    Cassandra together and Paxos, not timing, picks the winner: a Burst, within the kit's
    AT_ONCE_TIMEOUT_S, or the test fails."""
    return at_once


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"username"}, 4: {"email"}, 5: {"display_name"}, 6: {"username"}}
