"""The blog's data model, query first: one table per question a page asks.

  Q1  a post by id                                  posts            PRIMARY KEY (post_id)
  Q2  latest posts across all authors, paged        timeline         PRIMARY KEY (month, post_id DESC)
      ... and which months have posts               timeline_months  PRIMARY KEY (feed, month DESC)
  Q3  one author's posts, newest first, paged       posts_by_author  PRIMARY KEY (author, post_id DESC)
  Q3b ... of that author, with one tag              posts_by_author  secondary index on tags (in-partition)
  Q4  posts with a tag, newest first, paged         posts_by_tag     PRIMARY KEY (tag, post_id DESC)
  Q5  a post's comments, newest first, paged        comments         PRIMARY KEY (post_id, comment_id DESC)
  Q6  an author's profile                           authors          PRIMARY KEY (handle)

A post is written to posts, timeline, posts_by_author and once per tag to posts_by_tag, in one
logged batch (see queries.py): Cassandra has no joins, so each page's table holds the columns
that page shows. Every post and comment id is a timeuuid: it sorts by time and never collides,
and the post's time (and so its timeline month) is read back from the id itself.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid1

from cassandra.util import datetime_from_uuid1
from coodie.fields import ClusteringKey, Indexed, PrimaryKey, TimeUUID
from coodie.sync import Document
from pydantic import Field

from .kit.buckets import MONTH


def utcnow() -> datetime:
    return datetime.now(UTC)


def month_of(post_id: UUID) -> str:
    """The timeline partition of a post: the UTC month of its timeuuid, e.g. "2026-05"."""
    return MONTH.of(datetime_from_uuid1(post_id))


class Author(Document):
    """An author's profile, by handle (Q6). Created once: INSERT ... IF NOT EXISTS."""

    handle: Annotated[str, PrimaryKey()]
    name: str
    bio: str = ""
    joined: datetime = Field(default_factory=utcnow)

    class Settings:
        name = "authors"


class Post(Document):
    """The whole post, by id (Q1): the post page reads it with its comments."""

    post_id: Annotated[UUID, TimeUUID(), PrimaryKey()] = Field(default_factory=uuid1)
    author: str
    author_name: str
    title: str
    body: str
    tags: set[str] = Field(default_factory=set)

    class Settings:
        name = "posts"


class TimelineEntry(Document):
    """Latest posts of everyone (Q2), one partition per calendar month (UTC).

    A single "all posts" partition would grow forever and take every write; a month bounds
    each partition (see the README for the size) and the home page reads the newest month
    first, then older ones, listed by TimelineMonth (queries.latest_posts, kit/buckets.py).
    """

    month: Annotated[str, PrimaryKey()]  # "2026-05": month_of(post_id)
    post_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    author: str
    author_name: str
    title: str
    excerpt: str
    tags: set[str] = Field(default_factory=set)

    class Settings:
        name = "timeline"


class TimelineMonth(Document):
    """The months that have posts, newest first: where the home page's paging goes next.

    One small partition (a row per month, twelve a year), so "the month before 2026-03"
    is one read instead of probing empty months one by one.
    """

    feed: Annotated[str, PrimaryKey()] = "all"
    month: Annotated[str, ClusteringKey(order="DESC")]

    class Settings:
        name = "timeline_months"


class PostByAuthor(Document):
    """One author's posts, newest first (Q3), and with one tag (Q3b).

    The index on tags is only ever queried with the author given, so Cassandra reads the
    index of one partition on its own replicas: no fan-out to every node.
    """

    author: Annotated[str, PrimaryKey()]
    post_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    title: str
    excerpt: str
    tags: Annotated[set[str], Indexed()] = Field(default_factory=set)

    class Settings:
        name = "posts_by_author"


class PostByTag(Document):
    """Posts with a tag, newest first (Q4): one row per (tag, post)."""

    tag: Annotated[str, PrimaryKey()]
    post_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    author: str
    author_name: str
    title: str
    excerpt: str
    tags: set[str] = Field(default_factory=set)

    class Settings:
        name = "posts_by_tag"


class Comment(Document):
    """A comment, in its post's partition, newest first (Q5).

    Deleting a post deletes this whole partition with one partition tombstone, however many
    comments it holds.
    """

    post_id: Annotated[UUID, TimeUUID(), PrimaryKey()]
    comment_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")] = Field(default_factory=uuid1)
    author: str
    body: str

    class Settings:
        name = "comments"


# In the order they are created at start-up (and shown on /schema).
MODELS = [Author, Post, TimelineEntry, TimelineMonth, PostByAuthor, PostByTag, Comment]
