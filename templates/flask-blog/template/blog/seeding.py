"""What `seed.py` writes: fake authors, posts, tags and comments, or the rows of a feed file."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID

from cassandra.util import uuid_from_time
from faker import Faker
from pydantic import Field, ValidationInfo, field_validator

from . import queries
from .kit.seedkit import SeedSpec, key, keys, once
from .kit.stable_ids import stable_timeuuid
from .models import MODELS, Author, Comment, TimelineMonth, month_of
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
    posted_at: datetime  # the comment's key is made from its time: a feed must give it

    @field_validator("posted_at")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


class FeedRow(PostIn):
    """One post of a feed, with its author's profile. A JSON feed may nest the comments.

    A post's key is a timeuuid: its `id`, or one made from `published_at` and a hash of its
    author and title. Either way a second import of the same file updates the rows, never
    adds more; a row with neither has no time to make a key from, and is refused."""

    author_name: Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
    author_bio: Annotated[str, Field(max_length=BIO_MAX)] = ""
    id: UUID | None = None
    published_at: Annotated[datetime | None, Field(validate_default=True)] = None
    comments: list[FeedComment] = []

    @field_validator("id")
    @classmethod
    def _timeuuid(cls, value: UUID | None) -> UUID | None:
        if value is not None and value.version != 1:
            raise ValueError("must be a timeuuid (a version 1 UUID): the post's time is read from it")
        return value

    @field_validator("published_at")
    @classmethod
    def _as_utc(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        if value is None and info.data.get("id") is None:
            raise ValueError("give published_at, or an id (a timeuuid): the post's key is made from one")
        return _utc(value)

    def post_id(self) -> UUID:
        """The id, or a timeuuid of published_at whose other bits are a hash of author and title."""
        return self.id or stable_timeuuid(self.published_at, self.author, self.title)


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


def write_row(row: FeedRow) -> list:
    author = Author(
        handle=row.author, name=row.author_name, bio=row.author_bio, joined=ANCHOR - timedelta(days=365)
    )
    if once(keys(author)[0]):  # an author shared by many posts: written once per run
        author.save()
    post = queries.new_post(row, author, post_id=row.post_id())
    month = key(TimelineMonth.table_name(), queries.FEED, month_of(post.post_id))
    copies = queries.save_post(post, with_month=once(month))  # the month too, once per run
    comments = [
        Comment(post_id=post.post_id, comment_id=comment_id(post.post_id, c), author=c.author, body=c.body)
        for c in row.comments
    ]
    queries.save_comments(comments)
    return [*keys(author, post, *copies, *comments), month]


def comment_id(post_id: UUID, comment: FeedComment) -> UUID:
    """A timeuuid of the comment's own time, its other bits a hash of its post and author:
    distinct for comments of the same instant, and the same on a second import of the file,
    which then updates the comments instead of adding more."""
    return stable_timeuuid(comment.posted_at, post_id, comment.author)


# Posts, their timeline copies and their author's copies hold the same posts: after any seed,
# a stopped one included, they have as many rows (--reset truncates them all).
SPEC = SeedSpec(
    "posts",
    FeedRow,
    fake_rows,
    write_row,
    models=MODELS,
    same_rows=[("posts", "timeline", "posts_by_author")],
)
