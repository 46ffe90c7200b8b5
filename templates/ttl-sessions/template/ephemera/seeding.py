"""What `seed.py` writes: fake logins with assorted TTLs, or the rows of a feed file."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

from faker import Faker

from . import queries, schema
from .models import MODELS, LiveSession, Session
from .schemas import LoginIn
from .seedkit import SeedSpec

DEVICES = [
    "Firefox on Linux",
    "Chrome on Windows",
    "Safari on iPhone",
    "Chrome on Android",
    "Safari on macOS",
    "Edge on Windows",
    "curl",
]
# Fake sessions live 2 to 60 minutes; about one in five gets no TTL, so the table default
# (15 minutes) applies. None is shorter than 2 minutes: the seed's tests count the rows after.
FAKE_TTLS = [None, 120, 300, 600, 900, 1800, 2700, 3600]
FAKE_WEIGHTS = [2, 1, 2, 2, 1, 1, 1, 1]


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[LoginIn]:
    for _ in range(count):
        yield LoginIn(
            user=faker.user_name()[:40],
            ttl=rng.choices(FAKE_TTLS, weights=FAKE_WEIGHTS)[0],
            device=rng.choice(DEVICES),
        )


async def write_row(row: LoginIn) -> Counter:
    await queries.login(row.user, row.ttl, row.device)
    return Counter({Session.table_name(): 1, LiveSession.table_name(): 1})


async def prepare() -> None:
    await schema.sync_models_async(MODELS)


SPEC = SeedSpec(
    what="sessions",
    row_model=LoginIn,
    fake_rows=fake_rows,
    write_row=write_row,
    prepare=prepare,
    reset=queries.truncate_all,
)
