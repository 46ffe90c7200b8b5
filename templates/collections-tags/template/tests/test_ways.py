"""The two ways of finding bookmarks by tag give the same answer: after a seed, and after
random edits through the API (tags added and removed, bookmarks created and deleted)."""

import random
import subprocess
import sys
from uuid import UUID

import pytest
from conftest import run

from tagged import queries
from tagged.kit.testing import PROJECT, seed_env
from tagged.seeding import TAGS


async def _all(read, tag: str) -> set[UUID]:
    """Every page of one way (page size 7, so that paging is exercised too)."""
    found, cursor = set(), None
    while True:
        page = await read(tag, cursor, size=7)
        found |= {b.bookmark_id for b in page.items}
        if not (cursor := page.cursor):
            return found


def disagreements(tags) -> dict[str, tuple[set, set]]:
    async def compare():
        problems = {}
        for tag in tags:
            lookup = await _all(queries.tagged_via_lookup, tag)
            index = await _all(queries.tagged_via_index, tag)
            if lookup != index:
                problems[tag] = (lookup - index, index - lookup)
        return problems

    return run(compare())


@pytest.fixture(scope="module")
def seeded(client):
    """One seed of 60 bookmarks for this module (the shared seed tests reset the tables too)."""
    result = subprocess.run(
        [sys.executable, "seed.py", "--count", "60", "--seed", "5", "--reset"],
        cwd=PROJECT, env=seed_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_both_ways_agree_after_the_seed(seeded, count_rows):
    held, looked_up = run(queries.every_tag_pair())
    assert held == looked_up and len(looked_up) == count_rows("bookmarks_by_tag") > 60
    assert disagreements(TAGS) == {}


def test_both_ways_agree_after_random_edits(seeded, client):
    rng = random.Random(12)
    ids = [b["bookmark_id"] for b in client.get("/api/bookmarks", params={"limit": 100}).json()["items"]]
    assert len(ids) == 60
    for step in range(40):
        target = rng.choice(ids)
        action = rng.choice(["add", "add", "remove", "remove", "create", "delete"])
        if action == "add":
            response = client.post(f"/api/bookmarks/{target}/tags", json={"tags": rng.sample(TAGS, 2)})
        elif action == "remove":
            tags = client.get(f"/api/bookmarks/{target}").json()["tags"] or [rng.choice(TAGS)]
            response = client.delete(f"/api/bookmarks/{target}/tags/{rng.choice(tags)}")
        elif action == "create":
            body = {
                "url": f"https://example.com/edit/{step}",
                "title": f"Edit {step}",
                "tags": rng.sample(TAGS, 3),
            }
            response = client.post("/api/bookmarks", json=body)
            ids.append(response.json()["bookmark_id"])
        else:
            response = client.delete(f"/api/bookmarks/{target}")
            ids.remove(target)
        assert response.status_code in (200, 201, 204), (action, response.text)
    held, looked_up = run(queries.every_tag_pair())
    assert held == looked_up
    assert disagreements(TAGS) == {}
