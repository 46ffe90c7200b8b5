"""The catalog's own seed checks (the contract every demo keeps is in test_seed_contract.py)."""

import pytest

from catalog.kit.testing import seeded_counts
from catalog.seeding import SPEC


def test_count_is_the_number_of_products(run_seed, count_rows):
    result = run_seed("--count", "50", "--seed", "7", "--reset")
    assert result.returncode == 0, result.stderr
    claimed = seeded_counts(result.stdout, SPEC.tables)
    assert claimed["products"] == count_rows("products") == 50
    assert claimed["reviews"] == count_rows("reviews") > 50  # about five each, none overwritten


FEEDS = [("examples/products.csv", 8, 0), ("examples/products.json", 3, 3)]


@pytest.mark.parametrize("feed, products, reviews", FEEDS)
def test_example_feeds_hold_what_they_say(run_seed, count_rows, feed, products, reviews):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    assert (count_rows("products"), count_rows("reviews")) == (products, reviews)


def test_a_feed_with_ids_imported_twice_updates_instead_of_duplicating(run_seed, count_rows):
    assert run_seed("--feed", "examples/products.csv", "--reset").returncode == 0
    assert run_seed("--feed", "examples/products.csv").returncode == 0
    assert count_rows("products") == 8


def test_truncated_json_names_the_line(run_seed):
    result = run_seed("--feed", "examples/bad/truncated.json")
    assert result.returncode == 2
    assert "examples/bad/truncated.json:3: not valid JSON" in result.stderr
