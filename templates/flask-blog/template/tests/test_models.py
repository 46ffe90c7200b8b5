"""coodie round trips and races on the real database."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID, uuid1

from blog import queries
from blog.models import Comment, Post
from blog.schemas import AuthorIn


def test_comments_written_in_a_tight_loop_are_all_kept_newest_first(app, make_post):
    post_id = UUID(make_post()["post_id"])
    # Built in a tight loop: a now()-timestamp key would collide; a timeuuid never does.
    comments = [Comment(post_id=post_id, author="bulk", body=str(i)) for i in range(300)]
    queries.save_comments(comments)
    stored = Comment.find(post_id=post_id).all()
    assert len(stored) == 300
    assert [c.comment_id for c in stored] == sorted((c.comment_id for c in stored), key=lambda u: u.time)[
        ::-1
    ]


def test_tags_come_back_as_a_set(app, make_post):
    post = make_post(tags=["b", "a"])
    stored = Post.get(post_id=UUID(post["post_id"]))
    assert sorted(stored.tags) == ["a", "b"]  # the driver's SortedSet: converted before JSON


def test_racing_for_one_handle_lets_exactly_one_win(app, unique):
    """Eight threads create the same author at once: IF NOT EXISTS lets one through."""
    handle, start, results = unique("race"), threading.Barrier(8), []

    def register(i: int) -> bool:
        start.wait(timeout=30)
        try:
            queries.create_author(AuthorIn(handle=handle, name=f"racer {i}"))
            return True
        except queries.AuthorTaken:
            return False

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(register, range(8), timeout=60))
    elapsed = time.perf_counter() - began
    assert results.count(True) == 1, results
    winner = queries.get_author(handle).name
    assert winner == f"racer {results.index(True)}"
    print(f"8 racing registrations: 1 applied, 7 refused, {elapsed * 1000:.0f} ms")


def test_month_of_a_post_is_read_from_its_id():
    from datetime import UTC, datetime

    from cassandra.util import uuid_from_time

    from blog.models import month_of

    assert month_of(uuid_from_time(datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC))) == "2025-12"
    assert month_of(uuid_from_time(datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC))) == "2026-01"
    assert len(month_of(uuid1())) == 7
