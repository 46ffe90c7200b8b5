"""Fixtures for the registry's tests; the database ones come from registry.kit.testing."""

import asyncio
import time
from uuid import uuid4

import httpx
import pytest
from coodie.drivers import get_driver, register_driver
from faults import Wire
from inventory import Inventory, take

from registry.kit import db

pytest_plugins = ("registry.kit.testing",)

RACE_TIMEOUT_S = 30  # a race that takes longer has failed, whatever its outcome


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


class InFlight:
    """ASGI wrapper counting the requests inside the app at once: proof the race was a race."""

    def __init__(self, app):
        self.app, self.now, self.peak = app, 0, 0

    async def __call__(self, scope, receive, send):
        self.now += 1
        self.peak = max(self.peak, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            self.now -= 1


class Race:
    def __init__(self, responses: list[httpx.Response], seconds: float, peak: int):
        self.responses, self.seconds, self.peak = responses, seconds, peak

    def statuses(self) -> list[int]:
        return sorted(r.status_code for r in self.responses)


@pytest.fixture
def race(client):
    """Send HTTP requests to the app all at once (asyncio.gather over its ASGI interface), so
    that their LWTs reach Cassandra together and Paxos, not timing, picks the winner.

    `race([(method, url, json), ...])` returns a Race within RACE_TIMEOUT_S, or fails."""
    from registry.app import app

    def run(requests: list[tuple[str, str, dict | None]]) -> Race:
        counter = InFlight(app)

        async def go():
            transport = httpx.ASGITransport(app=counter)
            async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as http:
                sends = [http.request(method, url, json=body) for method, url, body in requests]
                return await asyncio.wait_for(asyncio.gather(*sends), RACE_TIMEOUT_S)

        started = time.perf_counter()
        responses = asyncio.run(go())
        return Race(list(responses), time.perf_counter() - started, counter.peak)

    return run


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"username"}, 4: {"email"}, 5: {"display_name"}, 6: {"username"}}
