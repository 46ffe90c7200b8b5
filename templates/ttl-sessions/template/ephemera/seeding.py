"""What `seed.py` writes: fake logins with assorted TTLs, or the rows of a feed file."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

from faker import Faker

from . import queries
from .kit.seedkit import SeedSpec
from .models import MAX_TTL, MODELS, LiveSession, Session
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
    for _ in range(count):
        yield LoginIn(
            user=faker.user_name()[:40],
            ttl=None if rng.random() < NO_TTL_SHARE else rng.randint(SHORTEST_FAKE_TTL, MAX_TTL),
            device=rng.choice(DEVICES),
        )


async def write_row(row: LoginIn) -> Counter:
    await queries.login(row.user, row.ttl, row.device)
    return Counter({Session.table_name(): 1, LiveSession.table_name(): 1})


SPEC = SeedSpec("sessions", LoginIn, fake_rows, write_row, models=MODELS)
