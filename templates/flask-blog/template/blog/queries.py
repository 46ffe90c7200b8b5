"""Every read and write the blog makes, one small function each.

Pages, the JSON API and the seed call these. Every read names a partition key: no ALLOW
FILTERING, no table scans. Lists are paged with the driver's paging state (paging.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID, uuid1

from coodie.cql_builder import build_delete
from coodie.exceptions import DocumentNotFound
from coodie.sync import BatchQuery, Document

from .kit import paging
from .kit.buckets import MONTH, BucketPage, newest_first_sync
from .kit.settings import Settings
from .models import Author, Comment, Post, PostByAuthor, PostByTag, TimelineEntry, TimelineMonth, month_of
from .schemas import AuthorIn, CommentIn, PostIn, excerpt

PAGE_SIZE = 12  # fills a grid of 2, 3 or 4 columns
COMMENTS_PAGE_SIZE = 10


class AuthorTaken(Exception):
    """INSERT ... IF NOT EXISTS found an author with that handle."""


class UnknownAuthor(Exception):
    """A post names an author who has no profile."""


# ---------------------------------------------------------------- authors
def get_author(handle: str) -> Author:
    """Q6. Raises DocumentNotFound."""
    return Author.get(handle=handle)


def create_author(data: AuthorIn) -> Author:
    """A lightweight transaction: two people racing for one handle cannot both get it."""
    author = Author(**data.model_dump())
    result = author.insert()  # INSERT ... IF NOT EXISTS; a conflict returns applied=False, it does not raise
    if not result.applied:
        raise AuthorTaken(f"the handle @{data.handle} is taken")
    return author


# ---------------------------------------------------------------- posts
def new_post(data: PostIn, author: Author, post_id: UUID | None = None) -> Post:
    return Post(
        post_id=post_id or uuid1(),
        author=author.handle,
        author_name=author.name,
        title=data.title,
        body=data.body,
        tags=set(data.tags),
    )


def listing_rows(post: Post) -> list[Document]:
    """The copies of a post that the list pages read: timeline, author's posts, one per tag."""
    short = excerpt(post.body)
    month = month_of(post.post_id)
    common = {"post_id": post.post_id, "title": post.title, "excerpt": short, "tags": set(post.tags)}
    by_name = {"author": post.author, "author_name": post.author_name}
    rows: list[Document] = [
        TimelineEntry(month=month, **common, **by_name),
        PostByAuthor(author=post.author, **common),
    ]
    rows += [PostByTag(tag=tag, **common, **by_name) for tag in sorted(post.tags)]
    return rows


def save_post(post: Post, with_month: bool = True) -> list[Document]:
    """Write a post, then its listing copies in one logged batch; returns the copies written.

    The post row (with its body, up to 20,000 characters) is written on its own: a batch has
    a size limit (50 KiB by default on Cassandra) and a logged batch is written twice. The
    copies are small, and the logged batch makes them all-or-nothing: a post never shows in
    the timeline but not on its tag's page. Post first, so a list never links to a post that
    is missing.
    """
    post.save()
    rows = listing_rows(post)
    with BatchQuery() as batch:  # logged: the batchlog replays it if the coordinator fails
        for row in rows:
            row.save(batch=batch)
        if with_month:  # an upsert of the same row for every post of the month: idempotent
            TimelineMonth(month=month_of(post.post_id)).save(batch=batch)
    return rows


def create_post(data: PostIn) -> Post:
    try:
        author = get_author(data.author)
    except DocumentNotFound:
        raise UnknownAuthor(f"no author @{data.author}: create the author first") from None
    post = new_post(data, author)
    save_post(post)
    return post


def get_post(post_id: UUID) -> Post:
    """Q1. Raises DocumentNotFound."""
    return Post.get(post_id=post_id)


def delete_post(post_id: UUID) -> None:
    """The copies and the whole comments partition in one logged batch, then the post.

    Deletes write tombstones: markers that hide the data until compaction drops both after
    gc_grace_seconds. The comments go with one partition tombstone, however many there are.
    The month row stays: a month left empty costs the timeline one empty read, no more.
    In this order a failure half-way leaves a post nobody lists, and deleting it again works.
    """
    post = get_post(post_id)
    keyspace = Settings.from_env().keyspace
    with BatchQuery() as batch:
        for row in listing_rows(post):
            row.delete(batch=batch)
        batch.add(*build_delete(Comment.table_name(), keyspace, [("post_id", "=", post_id)]))
    post.delete()


# ---------------------------------------------------------------- the timeline (Q2)
FEED = "all"  # TimelineMonth's only partition


def newest_month() -> str | None:
    row = TimelineMonth.find(feed=FEED).first()
    return row.month if row else None


def month_before(month: str) -> str | None:
    """The newest month older than `month` that has posts: one read, however many idle months lie between."""
    row = TimelineMonth.find(feed=FEED, month__lt=month).first()
    return row.month if row else None


def months_from(start: str | None) -> Iterator[str]:
    """The months that have posts, newest first, from `start` (or the newest): read one at a
    time, as the page needs them."""
    month = start or newest_month()
    while month is not None:
        yield month
        month = month_before(month)


def latest_posts(cursor: str | None = None, size: int = PAGE_SIZE) -> BucketPage:
    """Q2: everyone's newest posts, one month partition after another (kit/buckets.py).

    A page reads its month from where the last one stopped (the cursor holds the month and the
    driver's paging state) and, when the month runs out before the page is full, goes on in the
    next older month that has posts. Each read is bounded: no OFFSET, no scan."""
    return newest_first_sync(lambda month: TimelineEntry.find(month=month), months_from, MONTH, size, cursor)


def posts_by_author(
    handle: str, tag: str | None = None, cursor: str | None = None, size: int = PAGE_SIZE
) -> paging.Page:
    """Q3, and Q3b with a tag: the index lookup stays inside the author's partition."""
    query = PostByAuthor.find(author=handle)
    if tag:
        query = query.filter(tags__contains=tag)
    return paging.fetch_page_sync(query, size, cursor)


def posts_with_tag(tag: str, cursor: str | None = None, size: int = PAGE_SIZE) -> paging.Page:
    """Q4: one partition per tag, newest first from the clustering order."""
    return paging.fetch_page_sync(PostByTag.find(tag=tag), size, cursor)


# ---------------------------------------------------------------- comments
def comments_for(post_id: UUID, cursor: str | None = None, size: int = COMMENTS_PAGE_SIZE) -> paging.Page:
    """Q5: newest first, straight from the clustering order (no ORDER BY)."""
    return paging.fetch_page_sync(Comment.find(post_id=post_id), size, cursor)


def add_comment(post_id: UUID, data: CommentIn) -> Comment:
    get_post(post_id)  # 404 for a post that does not exist
    comment = Comment(post_id=post_id, **data.model_dump())
    comment.save()
    return comment


def save_comments(comments: list[Comment]) -> None:
    """One unlogged batch: every comment has the same partition key (the post), so it is
    one mutation on one replica set in one round trip (the seed's fast path)."""
    if not comments:
        return
    with BatchQuery(logged=False) as batch:
        for comment in comments:
            comment.save(batch=batch)


__all__ = ["AuthorTaken", "DocumentNotFound", "UnknownAuthor"]
