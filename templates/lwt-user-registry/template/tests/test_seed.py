"""seed.py: fake accounts, both example feeds, clashes counted as conflicts, bad input rejected."""

import re

import pytest

from registry.kit.testing import seeded_counts

TABLES = ("users", "usernames", "emails")


def refused(output: str) -> int:
    return int(re.search(r"(\d+) registrations? refused", output).group(1))


def test_count_registers_what_the_summary_claims(run_seed, count_rows):
    result = run_seed("--count", "50", "--seed", "7", "--reset")
    assert result.returncode == 0, result.stderr
    claimed = seeded_counts(result.stdout, TABLES)
    assert claimed == {table: count_rows(table) for table in TABLES}
    assert claimed["users"] == claimed["usernames"] == claimed["emails"]
    assert claimed["users"] + refused(result.stdout) == 50  # each row is an account or a conflict
    assert "rows/s" in result.stdout


def test_csv_feed_then_the_same_feed_again_registers_nobody_twice(run_seed, count_rows):
    first = run_seed("--feed", "examples/users.csv", "--reset")
    assert first.returncode == 0, first.stderr
    assert seeded_counts(first.stdout, TABLES)["users"] == count_rows("users") == 8
    assert refused(first.stdout) == 0

    second = run_seed("--feed", "examples/users.csv")
    assert second.returncode == 0, second.stderr
    assert refused(second.stdout) == 8 and "8 username taken" in second.stdout
    assert {table: count_rows(table) for table in TABLES} == dict.fromkeys(TABLES, 8)


def test_json_feed_with_a_clash_in_it(run_seed, count_rows):
    result = run_seed("--feed", "examples/users.json", "--reset")
    assert result.returncode == 0, result.stderr
    assert seeded_counts(result.stdout, TABLES)["users"] == count_rows("users") == 3
    assert "1 registration refused by the LWT guards (1 email taken)" in result.stdout
    assert count_rows("usernames") == 3  # radia_p claimed its username, lost the e-mail, released it


@pytest.mark.parametrize("feed", ["examples/bad/users.csv", "examples/bad/truncated.json"])
def test_bad_feed_writes_nothing(run_seed, count_rows, feed):
    before = run_seed("--count", "5", "--seed", "1", "--reset")
    assert before.returncode == 0, before.stderr
    kept = count_rows("users")
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 2
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert count_rows("users") == kept  # not even --reset ran


def test_unreachable_database_is_one_line_and_exit_1(run_seed):
    result = run_seed("--count", "1", env={"SCYLLA_HOSTS": "127.0.0.1", "SCYLLA_PORT": "1"})
    assert result.returncode == 1
    assert "cannot reach the database at 127.0.0.1:1" in result.stderr
    assert "make db" in result.stderr and "Traceback" not in result.stderr
