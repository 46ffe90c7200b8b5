"""The file is read as a stream: a JSON array an object at a time (whatever the chunk size),
line numbers right, and memory that does not grow with the file (peak RSS, not time)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from importer import feedstream, importing
from importer.kit.testing import PROJECT, seed_env
from importer.schemas import OrderRow


@pytest.mark.parametrize("chunk", [7, 64, 65536])
def test_a_json_array_is_read_an_object_at_a_time_whatever_the_chunk(monkeypatch, orders_file, chunk):
    path = orders_file(40, "orders.json")
    monkeypatch.setattr(feedstream, "CHUNK", chunk)
    items = list(feedstream.records(path, OrderRow))
    assert [values for _, values, _ in items] == json.loads(path.read_text())
    assert [line for line, _, _ in items] == list(range(2, 42))  # generate writes one object a line


def test_json_lines_lists_every_bad_line_and_reads_on(tmp_path):
    path = tmp_path / "orders.jsonl"
    good = '{"order_id": "A1", "customer_id": "C1", "ordered_at": "2026-11-01T00:00:00Z", "amount": "1"}'
    path.write_text("\n".join([good, "{broken", good.replace('"1"}', '"-1"}'), "[1]", good]) + "\n")
    problems: list[str] = []
    checked = importing.check(path, problems.append)
    assert checked.orders == 2 and checked.bad_rows == 3
    assert [p.split(": ")[0] for p in problems] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "column 'amount'" in problems[1] and "expected an object, got an array" in problems[2]


def test_partition_batches_hold_one_partition_key_each(orders_file):
    window = [row for _, row, _ in feedstream.validated(orders_file(700, seed=3, customers=5), OrderRow)]
    batches = importing.partition_batches(window)
    assert sum(len(b) for b in batches) == 2 * len(window)  # every order's two rows, once
    for batch in batches:
        assert 1 <= len(batch) <= importing.BATCH_ROWS
        keys = {
            getattr(row, "customer_id" if type(row).__name__ == "OrderByCustomer" else "hour")
            for row in batch
        }
        assert len({type(row) for row in batch}) == 1 and len(keys) == 1


# Run in a fresh parent: RUSAGE_CHILDREN is the peak of every child the parent has waited for,
# and pytest's own earlier children (imports with the database) would mask the figure.
MEASURE = """
import resource, subprocess, sys
command = [sys.executable, "-m", "importer", "import", sys.argv[1], "--dry-run"]
done = subprocess.run(command, capture_output=True)
assert done.returncode == 0, done.stderr.decode()
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_rss_kb(path) -> int:
    """Peak RSS (KB) of `import --dry-run` of `path`, in a process of its own."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=PROJECT,
        env=seed_env({"SCYLLA_PORT": "1"}),  # a dry run never connects
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


def test_checking_a_file_twenty_times_bigger_takes_no_more_memory(orders_file):
    """2,000 orders, then 40,000: held in memory, 38,000 more validated orders would take some
    40 MB more (about a kilobyte each with their dicts); streamed, the peak stays where it was."""
    small = _peak_rss_kb(orders_file(2_000, "small.jsonl"))
    both = _peak_rss_kb(orders_file(40_000, "big.jsonl"))
    assert both - small < 8 * 1024, f"peak RSS {small} KB for 2,000 orders, {both} KB for 40,000"
