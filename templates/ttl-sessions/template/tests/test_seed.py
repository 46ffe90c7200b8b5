"""The session store's own seed checks (the contract every demo keeps is in test_seed_contract.py)."""

import pytest

from ephemera.kit.testing import seeded_counts
from ephemera.models import MAX_TTL, SESSION_DEFAULT_TTL
from ephemera.seeding import SPEC


def test_count_is_the_number_of_sessions_each_with_a_ttl(run_seed, count_rows, cql):
    result = run_seed("--count", "50", "--seed", "7", "--reset")
    assert result.returncode == 0, result.stderr
    claimed = seeded_counts(result.stdout, SPEC.tables)
    assert claimed["sessions"] == claimed["live_sessions"] == count_rows("sessions") == 50
    # Every seeded row carries a TTL: nothing the seed writes outlives the hour.
    ttls = [row[0] for row in cql('SELECT TTL("user") FROM {ks}.sessions')]
    assert len(ttls) == 50 and all(ttl is not None and 0 < ttl <= MAX_TTL for ttl in ttls)


FEEDS = [("examples/sessions.csv", 8), ("examples/sessions.json", 3)]


@pytest.mark.parametrize("feed, sessions", FEEDS)
def test_example_feeds_hold_what_they_say(run_seed, count_rows, feed, sessions):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    assert (count_rows("sessions"), count_rows("live_sessions")) == (sessions, sessions)


def test_an_empty_ttl_in_a_feed_means_the_table_default(run_seed, cql):
    assert run_seed("--feed", "examples/sessions.csv", "--reset").returncode == 0
    rows = {row.user: row.ttl for row in cql('SELECT "user", TTL("user") AS ttl FROM {ks}.sessions')}
    assert SESSION_DEFAULT_TTL - 30 <= rows["linus"] <= SESSION_DEFAULT_TTL  # ttl left empty
    assert 3600 - 30 <= rows["ada"] <= 3600  # ttl 3600


def test_truncated_json_names_the_line(run_seed):
    result = run_seed("--feed", "examples/bad/truncated.json")
    assert result.returncode == 2
    assert "examples/bad/truncated.json:3: not valid JSON" in result.stderr
