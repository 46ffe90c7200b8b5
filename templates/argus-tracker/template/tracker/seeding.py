"""What `seed.py` writes: fake articles, videos and podcasts, or the rows of a feed file."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

from cassandra.util import uuid_from_time
from faker import Faker

from . import queries
from .kit.schema import sync_models
from .kit.seedkit import SeedSpec, keys
from .kit.stable_ids import stable_timeuuid
from .models import MODELS, Content, ContentMonth
from .schemas import FeedRow

# Fake dates count back from a fixed day, so --seed gives the same data on any day.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)
SPREAD_DAYS = 150  # about five monthly partitions
KINDS = ["article", "video", "podcast"]


def content_id(row: FeedRow) -> UUID:
    """The id, or a timeuuid of published_at whose other bits are a hash of kind and title."""
    return row.id or stable_timeuuid(row.published_at, row.kind, row.title)


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    authors = [faker.name() for _ in range(max(3, min(12, count // 5)))]
    for _ in range(count):
        kind = rng.choice(KINDS)
        published = ANCHOR - timedelta(seconds=rng.randint(0, SPREAD_DAYS * 86400))
        own: dict[str, object] = {}
        if kind == "article":
            own["body"] = "\n\n".join(faker.paragraphs(nb=rng.randint(2, 6)))
        elif kind == "video":
            own["video_url"] = f"https://videos.example.com/watch/{faker.slug()}"
            own["duration_seconds"] = rng.randint(30, 3 * 3600)
        else:
            own["audio_url"] = f"https://audio.example.com/{faker.slug()}.mp3"
            own["episode"] = rng.randint(1, 300)
            own["minutes"] = rng.randint(10, 120)
        yield FeedRow(
            kind=kind,
            id=uuid_from_time(published, node=rng.getrandbits(48), clock_seq=rng.getrandbits(14)),
            title=faker.sentence(nb_words=rng.randint(3, 8)).rstrip("."),
            author=rng.choice(authors),
            summary=faker.sentence(nb_words=rng.randint(10, 20)),
            **own,
        )


def write_row(row: FeedRow) -> list:
    content = queries.new_content(row.kind, row.fields(), content_id=content_id(row))
    # The month rows go with every item, before it (idempotent upserts): "written once per run"
    # would let another worker's item of the same month land before its month row does.
    queries.publish(content)
    return keys(content, *queries.month_rows(content))


def agreement(cql) -> list[str]:
    """Every item is within its feeds' reach: its month is listed under 'all' and its kind."""
    listed = {(row.feed, row.month) for row in cql("SELECT feed, month FROM {ks}.content_months")}
    problems = []
    for row in cql("SELECT month, content_id, kind FROM {ks}.contents"):
        for feed in (queries.ALL, row.kind):
            if (feed, row.month) not in listed:
                problems.append(f"item {row.content_id}: month {row.month} is not listed for feed {feed!r}")
    return problems


# The seed writes two tables; `make seed` creates them through every model (the types add
# their own columns to contents), and --reset truncates each table once.
SPEC = SeedSpec(
    "items",
    FeedRow,
    fake_rows,
    write_row,
    prepare=lambda: sync_models(MODELS),
    models=[Content, ContentMonth],
    agreement=agreement,
)
