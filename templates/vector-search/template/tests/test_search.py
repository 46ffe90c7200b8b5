"""Search by meaning on the seeded items: the ANN index against brute force, the pages, and
what a user sees while a fresh index is still being built."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
from conftest import PROJECT, SEEDED_ITEMS

from meaning import quality, queries
from meaning.kit.schema import SchemaMissing
from meaning.lsa import model, tokens
from meaning.models import ANN_INDEX, Item, ann_index_cql

pytestmark = pytest.mark.usefixtures("seeded")
MIN_RECALL = 0.9
BUILD_SLOWLY_ITEMS = 2300


def test_recall_at_10_against_brute_force_is_at_least_0_9(capsys):
    measured = asyncio.run(quality.measure(200))
    with capsys.disabled():
        print(
            f"\nrecall@10 {measured.recall:.3f} over {measured.queries} queries and {measured.items} items;"
            f" ANN p50 {measured.p50_ms:.1f} ms, p95 {measured.p95_ms:.1f} ms"
        )
    assert measured.items == SEEDED_ITEMS
    assert measured.recall >= MIN_RECALL


def test_recall_counts_an_item_as_near_as_the_exact_tenth_and_nothing_farther():
    scores = {f"exact{n}": 1 - n / 100 for n in range(10)} | {"twin": 1 - 9 / 100, "far": 0.1}
    exact = [f"exact{n}" for n in range(10)]
    assert quality.recall(exact, exact, scores.get) == 1.0
    # the exact 10th's twin (the same text, the same vector) instead of it: still all ten
    assert quality.recall(exact, [*exact[:9], "twin"], scores.get) == 1.0
    assert quality.recall(exact, [*exact[:9], "far"], scores.get) == 0.9
    assert quality.recall(exact, [*exact[:9], exact[0]], scores.get) == 0.9  # an id twice counts once


def test_a_query_finds_its_topic_beyond_the_items_that_hold_its_words():
    hits = asyncio.run(queries.search("galaxies", 10))
    assert len(hits) == 10
    assert {hit.item.topic for hit in hits} == {"Astronomy"}
    assert all(-1.0 <= hit.score <= 1.0 for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    # Meaning, not words: some of them never say "galaxies", which the keyword search needs.
    without_word = [hit for hit in hits if "galaxie" not in tokens(hit.item.text)]
    assert without_word
    by_keyword = asyncio.run(queries.keyword_search("galaxies", 50))
    assert by_keyword and all("galaxie" in hit.item.words for hit in by_keyword)
    assert not {hit.item.id for hit in without_word} & {hit.item.id for hit in by_keyword}


def test_keyword_search_ranks_items_by_words_matched():
    hits = asyncio.run(queries.keyword_search("espresso crema latte", 10))
    assert hits
    matched = [len(hit.matched) for hit in hits]
    assert matched == sorted(matched, reverse=True)
    assert all(set(hit.matched) <= hit.item.words for hit in hits)


def test_more_like_this_lists_neighbours_of_the_same_topic_not_the_item_itself(client, cql):
    item_id = next(iter(cql("SELECT id FROM {ks}.items LIMIT 1"))).id
    item, similar = asyncio.run(queries.more_like(item_id, 10))
    assert len(similar) == 10 and item.id not in {hit.item.id for hit in similar}
    assert sum(hit.item.topic == item.topic for hit in similar) >= 8
    page = client.get(f"/items/{item_id}")
    assert page.status_code == 200
    assert page.text.count('href="/items/') >= 10 and "More like this" in page.text


def test_the_search_page_shows_both_answers_and_the_ann_cql(client, settings):
    page = client.get("/", params={"q": "stargazing"})
    assert page.status_code == 200
    assert 'id="semantic"' in page.text and 'id="keyword"' in page.text
    assert "ORDER BY embedding ANN OF ? LIMIT 10" in page.text.replace("&#34;", "")
    assert "words CONTAINS ?" in page.text.replace("&#34;", "")
    fragment = client.get("/", params={"q": "stargazing"}, headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and 'hx-swap-oob="true"' in fragment and 'id="semantic"' in fragment


def test_words_the_model_never_saw_are_said_not_a_500(client):
    page = client.get("/", params={"q": "zzyzx qwerty"})
    assert page.status_code == 200
    assert "The model knows none of these words" in page.text
    assert model().embed("zzyzx qwerty") is None


def test_an_unknown_item_is_a_404(client):
    assert client.get(f"/items/{uuid4()}").status_code == 404


def test_a_missing_ann_index_names_make_schema(settings):
    with pytest.raises(SchemaMissing, match="make schema"):
        asyncio.run(queries.wait_for_ann_index(f"{settings.keyspace}_none", 1, say=lambda _: None))


def fresh_ann_index(session, settings) -> None:
    """Drop the ANN index and create it again over the seeded rows, as `make schema` would on a
    new database: Cassandra builds it in the background (about a second for 300 items here)."""
    session.execute(f"DROP INDEX {settings.keyspace}.{ANN_INDEX}")
    session.execute(ann_index_cql(Item, scylla=False))


def test_a_fresh_index_answers_503_saying_so_until_built_then_200_never_500(client, session, settings):
    fresh_ann_index(session, settings)
    early = client.get("/", params={"q": "stargazing"})
    assert early.status_code == 503, early.status_code
    assert f"the ANN index {ANN_INDEX} is still being built" in early.text
    statuses = [early.status_code]
    deadline = time.monotonic() + 60
    while statuses[-1] != 200 and time.monotonic() < deadline:
        statuses.append(client.get("/", params={"q": "stargazing"}).status_code)
    assert set(statuses) == {503, 200} and statuses[-1] == 200, sorted(set(statuses))


def test_the_app_started_on_a_fresh_index_waits_for_it_and_says_so(session, settings, run_seed):
    """As `make run` starts it, in a process of its own: the first request after start is
    served, because the start waited; the log says it waited, and when it stopped. (Last in
    this module: it adds items. Over 2,300 items the build takes several seconds here, longer
    than the app takes to start; over 300 it is done before the app is.)"""
    more = run_seed("--count", str(BUILD_SLOWLY_ITEMS - SEEDED_ITEMS), "--seed", "8")
    assert more.returncode == 0, more.stderr
    fresh_ann_index(session, settings)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "uvicorn"), "meaning.app:app", "--port", str(port)],
        cwd=PROJECT,
        env={**os.environ, "NO_COLOR": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        for line in server.stdout:  # uvicorn says it is up only once the lifespan has run
            lines.append(line.rstrip())
            if "Application startup complete" in line or server.poll() is not None:
                break
        answer = httpx.get(f"http://127.0.0.1:{port}/", params={"q": "stargazing"}, timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)
    log = "\n".join(lines)
    assert answer.status_code == 200, log
    waiting = f"waiting for the ANN index {ANN_INDEX} to be built (INDEX_NOT_AVAILABLE)"
    built = f"the ANN index {ANN_INDEX} is built: serving"
    assert waiting in log and built in log and log.index(waiting) < log.index(built), log
