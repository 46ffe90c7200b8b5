"""What `seed.py` writes: items made from corpus.py's topic vocabularies, or rows of a feed file.

Each item is embedded by lsa.py (fitted on the canonical corpus, so a feed's own text is
embedded by the same model the web process queries with) and written in one row: its text,
its words (for the keyword search) and its vector.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from uuid import UUID

from faker import Faker
from pydantic import BaseModel, Field, field_validator

from . import queries
from .corpus import descriptions
from .kit.seedkit import SeedSpec, Skip, keys
from .kit.stable_ids import stable_uuid
from .lsa import DIMENSIONS, model, tokens
from .models import MODELS, Item


class FeedRow(BaseModel):
    """One item of a feed. Without an id, an item is known by its title: importing the same
    file twice updates rows, never adds more."""

    id: UUID | None = None
    title: str = Field(min_length=1, max_length=120)
    topic: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1, max_length=2000)

    @field_validator("title", "topic", "text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    del faker  # the text comes from the topic vocabularies: it must mean something
    for description in descriptions(rng, count):
        yield FeedRow(id=UUID(int=rng.getrandbits(128), version=4), **description.__dict__)


async def write_row(row: FeedRow) -> list:
    embedding = model().embed(f"{row.title}. {row.text}")
    if embedding is None:
        raise Skip("no word the model knows: nothing to embed")
    item = Item(
        id=row.id or stable_uuid("item", row.title),
        title=row.title,
        topic=row.topic,
        text=row.text,
        words=set(tokens(f"{row.title} {row.text}")),
        embedding=embedding,
    )
    await queries.put_item(item)
    return keys(item)


def agreement(cql: Callable[[str], list]) -> list[str]:
    """After any seed (a stopped one too): every item has a whole vector and its words."""
    problems = []
    for row in cql("SELECT id, words, embedding FROM {ks}.items"):
        if row.embedding is None or len(row.embedding) != DIMENSIONS:
            problems.append(f"item {row.id} has no {DIMENSIONS}-dimension embedding")
        if not row.words:
            problems.append(f"item {row.id} has no words")
    return problems[:10]


SPEC = SeedSpec(
    "items",
    FeedRow,
    fake_rows,
    write_row,
    models=MODELS,
    agreement=agreement,
    default_count=400,
    # Cassandra 5.0 refuses a write to a vector-indexed memtable beyond a few at once per table
    # ("Number of outstanding pooled objects has gone beyond the limit of 3"): keep under it.
    concurrency=2,
)
