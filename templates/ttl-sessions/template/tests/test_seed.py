"""seed.py: fake data, both example feeds, and bad input rejected with nothing written."""

import pytest

TABLES = ("sessions", "live_sessions")


def seeded_counts(output: str) -> dict[str, int]:
    """The rows per table that the seed's closing summary claims."""
    counts = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.replace("│", "|").split("|") if c.strip()]
        if len(cells) == 2 and cells[0] in TABLES and cells[1].isdigit():
            counts[cells[0]] = int(cells[1])
    return counts


def test_count_writes_what_the_summary_claims(run_seed, count_rows, cql):
    result = run_seed("--count", "50", "--seed", "7", "--reset")
    assert result.returncode == 0, result.stderr
    claimed = seeded_counts(result.stdout)
    assert claimed == {"sessions": 50, "live_sessions": 50}
    assert claimed == {table: count_rows(table) for table in TABLES}
    assert "rows/s" in result.stdout
    # Every seeded row carries a TTL: nothing written by the seed outlives the hour.
    ttls = [row[0] for row in cql('SELECT TTL("user") FROM {ks}.sessions')]
    assert len(ttls) == 50 and all(ttl is not None and 0 < ttl <= 3600 for ttl in ttls)


@pytest.mark.parametrize("feed, sessions", [("examples/sessions.csv", 8), ("examples/sessions.json", 3)])
def test_example_feeds(run_seed, count_rows, feed, sessions):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    assert count_rows("sessions") == sessions == seeded_counts(result.stdout)["sessions"]
    assert count_rows("live_sessions") == sessions


@pytest.mark.parametrize("feed", ["examples/bad/sessions.csv", "examples/bad/truncated.json"])
def test_bad_feed_writes_nothing(run_seed, count_rows, feed):
    before = run_seed("--count", "5", "--reset")
    assert before.returncode == 0, before.stderr
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 2
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert count_rows("sessions") == 5  # not even --reset ran


def test_bad_feed_lists_every_problem_with_file_and_line(run_seed):
    result = run_seed("--feed", "examples/bad/sessions.csv")
    assert "examples/bad/sessions.csv:3: column 'user'" in result.stderr
    assert "examples/bad/sessions.csv:4: column 'ttl'" in result.stderr
    assert "examples/bad/sessions.csv:5: column 'ttl'" in result.stderr
    assert "examples/bad/sessions.csv:6: column 'ttl'" in result.stderr


def test_unreachable_database_is_one_line_and_exit_1(run_seed):
    result = run_seed("--count", "1", env={"SCYLLA_HOSTS": "127.0.0.1", "SCYLLA_PORT": "1"})
    assert result.returncode == 1
    assert "cannot reach the database at 127.0.0.1:1" in result.stderr
    assert "make db" in result.stderr and "Traceback" not in result.stderr
