"""What `seed.py` writes: fake bookmarks, or rows of a feed file.

Each bookmark goes in with its lookup rows (one per tag) in one LOGGED batch, the same write
as the page's: a seed stopped half-way leaves no tag that one way of finding by tag sees and
the other does not.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from uuid import UUID

from faker import Faker
from pydantic import field_validator

from . import queries
from .kit.seedkit import SeedSpec, keys
from .kit.stable_ids import stable_uuid
from .models import MODELS, Bookmark, Source
from .schemas import BookmarkIn

# A small vocabulary, so that tags are shared by many bookmarks (a tag page has something to show).
TAGS = [
    "python", "databases", "cassandra", "design", "rust", "web", "security", "devops",
    "ml", "career", "reading-list", "video", "tutorial", "news", "go", "frontend",
]  # fmt: skip
SOURCES = {
    "browser": ["Firefox", "Chrome", "Safari"],
    "feed": ["Hacker News", "Lobsters", "a newsletter"],
    "import": ["Pocket export", "Pinboard export"],
    "manual": ["by hand"],
}
NOTES = ["read it", "worth a second read", "shared with the team", "skimmed", "bookmarked for later"]


class FeedRow(BookmarkIn):
    """One bookmark of a feed. Without an id, a bookmark is known by its url: importing the same
    file twice updates rows, never adds more. `history` is a list, or one string "a | b"."""

    id: UUID | None = None
    history: list[str] = []

    @field_validator("history", mode="before")
    @classmethod
    def split_history(cls, value):
        if isinstance(value, str):
            value = value.split("|")
        return [str(note).strip() for note in value if str(note).strip()]


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    for _ in range(count):
        kind = rng.choice(list(SOURCES))
        attributes = {"lang": rng.choice(["en", "en", "en", "de", "fr"])}
        if rng.random() < 0.6:
            attributes["read_time"] = f"{rng.randint(2, 40)} min"
        yield FeedRow(
            id=UUID(int=rng.getrandbits(128), version=4),
            url=f"https://{faker.domain_name()}/{faker.slug()}",
            title=faker.sentence(nb_words=rng.randint(3, 8)).rstrip("."),
            tags=rng.sample(TAGS, k=rng.choice([0, 1, 2, 2, 3, 3, 4])),
            source_kind=kind,
            source_name=rng.choice(SOURCES[kind]),
            attributes=attributes,
            history=[rng.choice(NOTES) for _ in range(rng.randint(0, 2))],
        )


def bookmark_id(row: FeedRow) -> UUID:
    return row.id or stable_uuid("bookmark", row.url)


async def write_row(row: FeedRow) -> list:
    bookmark = Bookmark(
        bookmark_id=bookmark_id(row),
        url=row.url,
        title=row.title,
        tags=set(row.tags),
        history=row.history,
        attributes=row.attributes,
        source=Source(kind=row.source_kind, name=row.source_name),
    )
    await queries.import_bookmark(bookmark)
    lookups = [queries.lookup_key(tag, bookmark.bookmark_id) for tag in bookmark.tags]
    return keys(bookmark, *lookups)


def agreement(cql: Callable[[str], list]) -> list[str]:
    """For the tests, after any seed (a stopped one too): every (tag, bookmark) pair the
    bookmarks hold has its lookup row, and every lookup row its tag in the bookmark's set."""
    held = {
        (tag, row.bookmark_id)
        for row in cql("SELECT bookmark_id, tags FROM {ks}.bookmarks")
        for tag in row.tags or ()
    }
    looked_up = {
        (row.tag, row.bookmark_id) for row in cql("SELECT tag, bookmark_id FROM {ks}.bookmarks_by_tag")
    }
    problems = []
    if held - looked_up:
        problems.append(f"{len(held - looked_up)} tags of bookmarks have no lookup row")
    if looked_up - held:
        problems.append(f"{len(looked_up - held)} lookup rows name a tag their bookmark does not have")
    return problems


SPEC = SeedSpec("bookmarks", FeedRow, fake_rows, write_row, models=MODELS, agreement=agreement)
