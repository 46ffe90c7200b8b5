"""The pages: the guide (model pairs, mapping, pitfalls) and a test's runs through both hands."""

from __future__ import annotations

import html
import subprocess
import sys

import pytest

from migrationguide import mapping, pitfalls, sources
from migrationguide.kit.testing import PROJECT, seed_env
from migrationguide.routes import pages


@pytest.fixture(scope="module")
def seeded_runs(session):
    """The JSON example's runs, written through cqlengine."""
    done = subprocess.run(
        [sys.executable, "seed.py", "--feed", "examples/runs.json"],
        cwd=PROJECT,
        env=seed_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def test_the_guide_shows_each_pair_the_mapping_and_the_pitfalls(client):
    page = client.get("/")
    assert page.status_code == 200
    text = html.unescape(page.text)
    for pair in sources.model_pairs():
        assert pair.cqlengine in text and pair.coodie in text
    for row in mapping.rows():
        assert row.cqlengine in text and row.coodie in text
    for item in pitfalls.lines():
        assert item.pitfall.title in text and f"{item.path}:{item.number}" in text
        # its explanation, with the README's `names` set as code, not shown as backticks
        assert str(pages.code_spans(item.pitfall.what)) in page.text
    assert (
        "<code>models.DEFAULT_KEYSPACE</code>" in page.text and "`" not in page.text.split('id="pitfalls"')[1]
    )


def test_the_runs_page_reads_a_test_through_both_hands(client, seeded_runs):
    page = client.get("/runs?test=repair-with-tablets")
    assert page.status_code == 200
    left, right = page.text.split('aria-label="coodie"')
    assert left.count('class="run"') == right.count('class="run"') >= 2  # the same runs in each hand
    assert left.index("2025-09-15") < left.index("2025-09-14")  # newest first, through both
    assert right.index("2025-09-15") < right.index("2025-09-14")
    assert "passed · " in page.text
