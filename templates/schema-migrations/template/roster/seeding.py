"""What `seed.py` writes: fake day-one members, or rows of a feed file, through queries.put_member.

The seed writes the table as `make schema` builds it (full_name, email, city): run it before
`make migrate`, and the migrations have rows to backfill.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from uuid import UUID

from faker import Faker

from . import queries
from .kit.seedkit import SeedSpec, keys
from .kit.stable_ids import stable_uuid
from .models import MODELS, Member
from .schemas import MemberIn

CITIES = ["Lisbon", "Oslo", "Porto", "Tallinn", "Turin", "Utrecht", "Valencia", "Zagreb"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.test"]


class FeedRow(MemberIn):
    """One member of a feed. Without an id, a member is known by e-mail address: importing
    the same file twice updates rows, never adds more."""

    id: UUID | None = None


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    for _ in range(count):
        first, last = faker.first_name(), faker.last_name()
        yield FeedRow(
            id=UUID(int=rng.getrandbits(128), version=4),
            full_name=f"{first} {last}",
            email=f"{first}.{last}{rng.randint(1, 999)}@{rng.choice(DOMAINS)}".lower(),
            city=rng.choice(CITIES),
        )


async def write_row(row: FeedRow) -> list:
    member = Member(id=row.id or stable_uuid("member", row.email.lower()), **row.model_dump(exclude={"id"}))
    await queries.put_member(member)
    return keys(member)


def agreement(cql: Callable[[str], list]) -> list[str]:
    """For the tests, after any seed (a stopped one too): every member has the columns the
    migrations read (003 backfills email_domain from email, 004 display_name from full_name), so
    no row is left behind by a backfill."""
    rows = cql("SELECT id, full_name, email, city FROM {ks}.members")
    lacking = [row.id for row in rows if not (row.full_name and row.email and "@" in row.email and row.city)]
    return [f"{len(lacking)} members lack a name, an e-mail address or a city"] if lacking else []


SPEC = SeedSpec("members", FeedRow, fake_rows, write_row, models=MODELS, agreement=agreement)
