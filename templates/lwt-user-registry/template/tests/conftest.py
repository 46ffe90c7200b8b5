"""Fixtures for the registry's tests; the database ones come from registry.kit.testing."""

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID, uuid4

import httpx
import pytest

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


@dataclass
class Audit:
    """Uniqueness as the tables hold it, from full-table reads (fine for a test keyspace)."""

    accounts: dict[UUID, tuple[str, str]]  # user_id -> (username, email)
    usernames: dict[str, UUID] = field(default_factory=dict)  # the claims: value -> user_id
    emails: dict[str, UUID] = field(default_factory=dict)

    def duplicates(self) -> dict[str, list[UUID]]:
        """Usernames and e-mails that more than one account has: must always be empty."""
        holders = defaultdict(list)
        for user_id, (username, email) in self.accounts.items():
            holders[f"username {username}"].append(user_id)
            holders[f"email {email}"].append(user_id)
        return {value: ids for value, ids in holders.items() if len(ids) > 1}

    def accounts_without_claims(self) -> list[UUID]:
        """Accounts whose username or e-mail claim does not name them: must always be empty."""
        return [
            user_id
            for user_id, (username, email) in self.accounts.items()
            if self.usernames.get(username) != user_id or self.emails.get(email) != user_id
        ]

    def orphan_claims(self) -> list[str]:
        """Claims naming no account that holds the value (a registration that died): allowed,
        they are taken over once stale."""
        orphans = [f"username {k}" for k, v in self.usernames.items() if self.accounts.get(v, ("",))[0] != k]
        orphans += [f"email {k}" for k, v in self.emails.items() if self.accounts.get(v, ("", ""))[1] != k]
        return orphans

    def holders(self, kind: str, value: str) -> list[UUID]:
        """The accounts holding a username (kind 0) or an e-mail (kind 1)."""
        return [user_id for user_id, values in self.accounts.items() if values[kind] == value]

    def assert_unique(self) -> None:
        assert self.duplicates() == {}
        assert self.accounts_without_claims() == []

    def summary(self) -> str:
        return (
            f"{len(self.accounts)} accounts, {len(self.duplicates())} duplicated values, "
            f"{len(self.accounts_without_claims())} accounts without their claims, "
            f"{len(self.orphan_claims())} orphan claims"
        )


@pytest.fixture
def audit(session, settings):
    """Read the three tables in full, straight through the driver (not through the app)."""

    def read() -> Audit:
        ks = settings.keyspace
        rows = session.execute(f"SELECT user_id, username, email FROM {ks}.users", timeout=60)
        found = Audit({r.user_id: (r.username, r.email) for r in rows})
        found.usernames = {r.username: r.user_id for r in session.execute(f"SELECT * FROM {ks}.usernames")}
        found.emails = {r.email: r.user_id for r in session.execute(f"SELECT * FROM {ks}.emails")}
        return found

    return read
