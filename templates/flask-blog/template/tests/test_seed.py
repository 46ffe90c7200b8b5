"""seed.py: fake data, both example feeds, and bad input rejected with nothing written."""

import pytest

from blog.seeding import TABLES


def seeded_counts(output: str) -> dict[str, int]:
    """The rows per table that the seed's closing summary claims."""
    counts = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.replace("│", "|").split("|") if c.strip()]
        if len(cells) == 2 and cells[0] in TABLES and cells[1].isdigit():
            counts[cells[0]] = int(cells[1])
    return counts


def test_count_writes_what_the_summary_claims(run_seed, count_rows):
    result = run_seed("--count", "50", "--seed", "7", "--reset")
    assert result.returncode == 0, result.stderr
    claimed = seeded_counts(result.stdout)
    assert claimed["posts"] == claimed["timeline"] == claimed["posts_by_author"] == 50
    assert claimed["authors"] >= 3 and claimed["timeline_months"] >= 5
    assert claimed["posts_by_tag"] >= 50 and claimed["comments"] > 0
    assert claimed == {table: count_rows(table) for table in TABLES}
    assert "rows/s" in result.stdout


def test_the_same_seed_gives_the_same_posts(run_seed, session, settings):
    def titles() -> list[str]:
        rows = session.execute(f"SELECT title FROM {settings.keyspace}.posts")
        return sorted(row.title for row in rows)

    assert run_seed("--count", "10", "--seed", "42", "--reset").returncode == 0
    first = titles()
    assert run_seed("--count", "10", "--seed", "42", "--reset").returncode == 0
    assert titles() == first and len(first) == 10


@pytest.mark.parametrize(
    "feed, posts, comments",
    [("examples/posts.csv", 8, 0), ("examples/posts.json", 3, 3)],
)
def test_example_feeds(run_seed, count_rows, feed, posts, comments):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    claimed = seeded_counts(result.stdout)
    assert count_rows("posts") == posts == claimed["posts"]
    assert count_rows("comments") == comments == claimed.get("comments", 0)
    assert {table: claimed.get(table, 0) for table in TABLES} == {
        table: count_rows(table) for table in TABLES
    }


def test_a_feed_with_ids_imported_twice_updates_the_same_rows(run_seed, count_rows):
    assert run_seed("--feed", "examples/posts.json", "--reset").returncode == 0
    assert run_seed("--feed", "examples/posts.json").returncode == 0
    assert count_rows("posts") == 3 and count_rows("comments") == 3


@pytest.mark.parametrize("feed", ["examples/bad/posts.csv", "examples/bad/truncated.json"])
def test_bad_feed_writes_nothing(run_seed, count_rows, feed):
    before = run_seed("--count", "5", "--reset")
    assert before.returncode == 0, before.stderr
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 2
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert count_rows("posts") == 5  # not even --reset ran


def test_bad_feed_lists_every_problem_with_file_and_line(run_seed):
    result = run_seed("--feed", "examples/bad/posts.csv")
    assert "examples/bad/posts.csv:3: column 'title'" in result.stderr
    assert "examples/bad/posts.csv:4: column 'author'" in result.stderr
    assert "examples/bad/posts.csv:5: column 'tags'" in result.stderr
    assert "examples/bad/posts.csv:6: column 'published_at'" in result.stderr
    assert "examples/bad/posts.csv:2:" not in result.stderr  # the good row


def test_truncated_json_says_where(run_seed):
    result = run_seed("--feed", "examples/bad/truncated.json")
    assert result.returncode == 2
    assert "examples/bad/truncated.json:3: not valid JSON" in result.stderr


def test_unreachable_database_is_one_line_and_exit_1(run_seed):
    result = run_seed("--count", "1", env={"SCYLLA_HOSTS": "127.0.0.1", "SCYLLA_PORT": "1"})
    assert result.returncode == 1
    assert "cannot reach the database at 127.0.0.1:1" in result.stderr
    assert "make db" in result.stderr and "Traceback" not in result.stderr
