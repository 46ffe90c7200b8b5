"""The bookmarks' own seed checks (the contract every demo keeps is in test_seed_contract.py)."""

import pytest

FEEDS = [("examples/bookmarks.csv", 8, 19), ("examples/bookmarks.json", 3, 7)]


@pytest.mark.parametrize("feed, bookmarks, lookups", FEEDS)
def test_example_feeds_hold_what_they_say(run_seed, count_rows, feed, bookmarks, lookups):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    assert (count_rows("bookmarks"), count_rows("bookmarks_by_tag")) == (bookmarks, lookups)


def test_a_feed_imported_again_with_fewer_tags_drops_their_lookup_rows(run_seed, count_rows, cql, tmp_path):
    feed = tmp_path / "one.csv"
    feed.write_text("url,title,tags\nhttps://example.com/x,X,a;b;c\n")
    assert run_seed("--feed", str(feed), "--reset").returncode == 0
    feed.write_text("url,title,tags\nhttps://example.com/x,X,c;d\n")
    assert run_seed("--feed", str(feed)).returncode == 0
    assert sorted(r.tag for r in cql("SELECT tag FROM {ks}.bookmarks_by_tag")) == ["c", "d"]
    assert count_rows("bookmarks") == 1
