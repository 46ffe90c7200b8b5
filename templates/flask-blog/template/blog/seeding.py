"""What `seed.py` writes: fake authors, posts, tags and comments, or the rows of a feed file."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID, uuid1

from cassandra.util import uuid_from_time
from faker import Faker
from pydantic import Field, field_validator

from . import queries
from .kit import schema
from .kit.seedkit import SeedSpec
from .models import MODELS, Author, Comment, Post, TimelineMonth, month_of
from .schemas import BIO_MAX, NAME_MAX, CommentIn, PostIn

TAGS = [
    "python", "cassandra", "scylladb", "flask", "data-modeling", "performance",
    "testing", "devops", "open-source", "security", "design", "career",
]  # fmt: skip
# Fake dates count back from a fixed day, so --seed gives the same data on any day.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)
SPREAD_DAYS = 150  # about five monthly timeline partitions


def _utc(value: datetime | None) -> datetime | None:
    """A feed's time without a zone is UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class FeedComment(CommentIn):
    posted_at: datetime | None = None

    @field_validator("posted_at")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


class FeedRow(PostIn):
    """One post of a feed, with its author's profile. A JSON feed may nest the comments; an
    `id` (a timeuuid) makes a second import of the same file update the rows, not add more."""

    author_name: Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
    author_bio: Annotated[str, Field(max_length=BIO_MAX)] = ""
    id: UUID | None = None
    published_at: datetime | None = None
    comments: list[FeedComment] = []

    @field_validator("id")
    @classmethod
    def _timeuuid(cls, value: UUID | None) -> UUID | None:
        if value is not None and value.version != 1:
            raise ValueError("must be a timeuuid (a version 1 UUID): the post's time is read from it")
        return value

    @field_validator("published_at")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    authors = _fake_authors(faker, rng, max(3, min(12, count // 5)))
    for _ in range(count):
        handle, name, bio = rng.choice(authors)
        published = ANCHOR - timedelta(seconds=rng.randint(0, SPREAD_DAYS * 86400))
        comments = [
            FeedComment(
                author=faker.name(),
                body=faker.paragraph(nb_sentences=rng.randint(1, 3)),
                posted_at=published + timedelta(seconds=rng.randint(60, 20 * 86400)),
            )
            for _ in range(rng.randint(0, 8))
        ]
        yield FeedRow(
            id=uuid_from_time(published, node=rng.getrandbits(48), clock_seq=rng.getrandbits(14)),
            author=handle,
            author_name=name,
            author_bio=bio,
            title=faker.sentence(nb_words=rng.randint(4, 8)).rstrip("."),
            body="\n\n".join(faker.paragraphs(nb=rng.randint(2, 5))),
            tags=rng.sample(TAGS, k=rng.randint(1, 3)),
            comments=comments,
        )


def _fake_authors(faker: Faker, rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    authors: dict[str, tuple[str, str, str]] = {}
    while len(authors) < count:
        first, last = faker.first_name(), faker.last_name()
        handle = "".join(ch for ch in f"{first}{last[:1]}".lower() if ch.isalnum())[:30]
        if len(handle) >= 2:
            authors.setdefault(
                handle, (handle, f"{first} {last}", faker.sentence(nb_words=rng.randint(8, 14)))
            )
    return list(authors.values())


class _FirstSeen:
    """Rows shared by many posts (an author, a timeline month) are written once per run, so
    the summary counts real rows: the same upsert repeated is still one row."""

    def __init__(self) -> None:
        self._lock, self._seen = threading.Lock(), {}

    def __call__(self, key: tuple, value=None) -> tuple[bool, object]:
        with self._lock:
            if key in self._seen:
                return False, self._seen[key]
            self._seen[key] = value
            return True, value


_first_seen = _FirstSeen()


def write_row(row: FeedRow) -> Counter:
    counts: Counter = Counter()
    new_author, author = _first_seen(("author", row.author), Author(
        handle=row.author, name=row.author_name, bio=row.author_bio, joined=ANCHOR - timedelta(days=365)
    ))  # fmt: skip
    if new_author:
        author.save()
        counts[Author.table_name()] += 1

    published = row.published_at
    post_id = row.id or (uuid_from_time(published) if published else uuid1())
    post = queries.new_post(row, author, post_id=post_id)
    new_month, _ = _first_seen(("month", month_of(post_id)))
    written = queries.save_post(post, with_month=new_month)
    counts[Post.table_name()] += 1
    counts.update(type(r).table_name() for r in written)
    if new_month:
        counts[TimelineMonth.table_name()] += 1

    comments = [
        Comment(post_id=post_id, comment_id=_comment_id(post_id, i, c), author=c.author, body=c.body)
        for i, c in enumerate(row.comments)
    ]
    queries.save_comments(comments)
    counts[Comment.table_name()] += len(comments)
    return counts


def _comment_id(post_id: UUID, index: int, comment: FeedComment) -> UUID:
    """A timeuuid from the comment's own time. Its other bits come from the post and the
    comment's place in the feed: distinct for comments of the same second, and the same on
    a second import of the file, which then updates the comments instead of adding more."""
    if comment.posted_at is None:
        return uuid1()
    return uuid_from_time(comment.posted_at, node=post_id.node, clock_seq=index)


def prepare() -> None:
    """Create the tables, and forget what an earlier run in this process wrote."""
    global _first_seen
    schema.sync_models(MODELS)
    _first_seen = _FirstSeen()


# --reset truncates them all; the summary lists every table
SPEC = SeedSpec("posts", FeedRow, fake_rows, write_row, prepare=prepare, models=MODELS)
