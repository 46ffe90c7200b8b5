"""What `seed.py` writes: fake logins with assorted TTLs, or the rows of a feed file."""

from __future__ import annotations

import random
from collections.abc import Iterator

from faker import Faker

from . import queries
from .kit.seedkit import SeedSpec, key, keys
from .kit.stable_ids import stable_token
from .models import MAX_TTL, MODELS, LiveSession
from .schemas import LoginIn

DEVICES = [
    "Firefox on Linux",
    "Chrome on Windows",
    "Safari on iPhone",
    "Chrome on Android",
    "Safari on macOS",
    "Edge on Windows",
    "curl",
]
# Fake sessions live 2 to 60 minutes; one in five gets no TTL, so the table default
# (15 minutes) applies. None is shorter than 2 minutes: the seed's tests count the rows after.
SHORTEST_FAKE_TTL = 120
NO_TTL_SHARE = 0.2


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[LoginIn]:
    """Each (user, device) once: that pair is a seeded session's identity (see write_row)."""
    seen: set[tuple[str, str]] = set()
    while len(seen) < count:
        user, device = faker.user_name()[:40], rng.choice(DEVICES)
        if (user, device) in seen:
            continue
        seen.add((user, device))
        ttl = None if rng.random() < NO_TTL_SHARE else rng.randint(SHORTEST_FAKE_TTL, MAX_TTL)
        yield LoginIn(user=user, ttl=ttl, device=device)


async def write_row(row: LoginIn) -> list:
    """A seeded session is one user on one device: its token is made from the two (a hash), so
    importing a feed again refreshes those sessions instead of logging everyone in twice.
    (Logins through the app get random tokens; a seeded token is no secret: it is a demo.)"""
    session = await queries.put_session(stable_token(row.user, row.device), row.user, row.ttl, row.device)
    return [*keys(session), key(LiveSession.table_name(), session.bucket, session.token)]


# Each session has its board row, written in the same logged batch: the same count, always.
SPEC = SeedSpec(
    "sessions", LoginIn, fake_rows, write_row, models=MODELS, same_rows=[("sessions", "live_sessions")]
)
