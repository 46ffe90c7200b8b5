"""Fixtures for the bookmarks' tests; the database ones come from tagged.kit.testing."""

import asyncio
import time
from uuid import uuid4

import httpx
import pytest

pytest_plugins = ("tagged.kit.testing",)

RACE_TIMEOUT_S = 30  # requests sent at once that take longer have failed, whatever they did


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


class InFlight:
    """ASGI wrapper counting the requests inside the app at once: proof they overlapped."""

    def __init__(self, app):
        self.app, self.now, self.peak = app, 0, 0

    async def __call__(self, scope, receive, send):
        self.now += 1
        self.peak = max(self.peak, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            self.now -= 1


class Burst:
    def __init__(self, responses: list[httpx.Response], seconds: float, peak: int):
        self.responses, self.seconds, self.peak = responses, seconds, peak


@pytest.fixture
def at_once(client):
    """Send HTTP requests to the app all at once (asyncio.gather over its ASGI interface), as
    that many clients would: `at_once([(method, url, json), ...])` returns a Burst."""
    from tagged.app import app

    def send(requests: list[tuple[str, str, dict | None]]) -> Burst:
        counter = InFlight(app)

        async def go():
            transport = httpx.ASGITransport(app=counter)
            async with httpx.AsyncClient(transport=transport, base_url="http://tagged.test") as http:
                sends = [http.request(method, url, json=body) for method, url, body in requests]
                return await asyncio.wait_for(asyncio.gather(*sends), RACE_TIMEOUT_S)

        started = time.perf_counter()
        responses = asyncio.run(go())
        return Burst(list(responses), time.perf_counter() - started, counter.peak)

    return send


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"url"}, 4: {"tags"}, 5: {"source_kind"}, 6: {"attributes"}}
