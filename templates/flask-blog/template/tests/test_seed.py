"""The blog's own seed checks (the contract every demo keeps is in test_seed_contract.py)."""

import pytest

from blog.kit.testing import seeded_counts
from blog.seeding import SPEC


def test_count_is_the_number_of_posts_and_shared_rows_are_counted_once(run_seed, count_rows):
    result = run_seed("--count", "50", "--seed", "7", "--reset")
    assert result.returncode == 0, result.stderr
    claimed = seeded_counts(result.stdout, SPEC.tables)
    assert claimed["posts"] == claimed["timeline"] == claimed["posts_by_author"] == count_rows("posts") == 50
    # Authors and months are shared by many posts: each is one row, and counted once.
    assert 3 <= claimed["authors"] == count_rows("authors") <= 12
    assert 5 <= claimed["timeline_months"] == count_rows("timeline_months") <= 7
    assert claimed["posts_by_tag"] == count_rows("posts_by_tag") >= 50  # one to three tags each
    assert claimed["comments"] == count_rows("comments") > 50  # about four each, none overwritten


def test_the_same_seed_gives_the_same_posts(run_seed, session, settings):
    def titles() -> list[str]:
        return sorted(row.title for row in session.execute(f"SELECT title FROM {settings.keyspace}.posts"))

    assert run_seed("--count", "10", "--seed", "42", "--reset").returncode == 0
    first = titles()
    assert run_seed("--count", "10", "--seed", "42", "--reset").returncode == 0
    assert titles() == first and len(first) == 10


FEEDS = [("examples/posts.csv", 8, 3, 0), ("examples/posts.json", 3, 2, 3)]


@pytest.mark.parametrize("feed, posts, authors, comments", FEEDS)
def test_example_feeds_hold_what_they_say(run_seed, count_rows, feed, posts, authors, comments):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    assert (count_rows("posts"), count_rows("authors"), count_rows("comments")) == (posts, authors, comments)


def test_a_feed_with_ids_imported_twice_updates_the_same_rows(run_seed, count_rows):
    assert run_seed("--feed", "examples/posts.json", "--reset").returncode == 0
    assert run_seed("--feed", "examples/posts.json").returncode == 0
    assert count_rows("posts") == 3 and count_rows("comments") == 3


def test_truncated_json_says_where(run_seed, count_rows):
    before = count_rows("posts")
    result = run_seed("--feed", "examples/bad/truncated.json")
    assert result.returncode == 2
    assert "examples/bad/truncated.json:3: not valid JSON" in result.stderr
    assert count_rows("posts") == before
