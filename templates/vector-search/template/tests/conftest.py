"""Fixtures for the vector-search tests; the database ones come from meaning.kit.testing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ("meaning.kit.testing",)

PROJECT = Path(__file__).resolve().parents[1]
SEEDED_ITEMS = 300  # enough for recall@10 to mean something, small enough for a quick seed


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/items.csv, with their columns (line 2 is good)."""
    return {3: {"title"}, 4: {"topic"}, 5: {"text"}, 6: {"id"}}


@pytest.fixture(scope="module")
def seeded(session):
    """The test keyspace holding exactly SEEDED_ITEMS generated items (seed.py, --reset)."""
    result = subprocess.run(
        [sys.executable, "seed.py", "--count", str(SEEDED_ITEMS), "--seed", "7", "--reset"],
        cwd=PROJECT,
        env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return SEEDED_ITEMS
