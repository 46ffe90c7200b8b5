"""The content desk's own seed checks (the contract every demo keeps is in test_seed_contract.py)."""

import pytest

from contentdesk.kit.testing import seeded_counts
from contentdesk.seeding import SPEC


def test_count_is_the_number_of_items_of_every_type(run_seed, count_rows, session, settings):
    result = run_seed("--count", "30", "--seed", "7", "--reset")
    assert result.returncode == 0, result.stderr
    claimed = seeded_counts(result.stdout, SPEC.tables)
    assert claimed["contents"] == count_rows("contents") == 30
    kinds = [row.kind for row in session.execute(f"SELECT kind FROM {settings.keyspace}.contents")]
    assert set(kinds) == {"article", "video", "podcast"}
    # "all" and each kind list the months they hold: five or six months of 2025
    assert 8 <= claimed["content_months"] == count_rows("content_months") <= 24


FEEDS = [
    ("examples/contents.csv", 8, {"article": 3, "video": 3, "podcast": 2}),
    ("examples/contents.json", 3, None),
]


@pytest.mark.parametrize("feed, items, by_kind", FEEDS)
def test_example_feeds_hold_what_they_say(run_seed, count_rows, session, settings, feed, items, by_kind):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    assert count_rows("contents") == items
    kinds = [row.kind for row in session.execute(f"SELECT kind FROM {settings.keyspace}.contents")]
    assert {k: kinds.count(k) for k in set(kinds)} == (by_kind or {"article": 1, "video": 1, "podcast": 1})
