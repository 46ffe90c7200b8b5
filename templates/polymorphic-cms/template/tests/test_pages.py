"""The pages: a card per type in the mixed feed, the filter by type, detail pages, and a
create form per type (CSRF, errors beside the fields, escaping)."""

from __future__ import annotations

import re

import pytest

from contentdesk import queries

VALID = {
    "article": {"title": "Form article", "author": "Ada", "summary": "s", "body": "First.\n\nSecond."},
    "video": {
        "title": "Form video",
        "author": "Grace",
        "video_url": "https://v.example/w",
        "duration_seconds": "125",
    },
    "podcast": {
        "title": "Form podcast",
        "author": "Mae",
        "audio_url": "https://p.example/a.mp3",
        "episode": "4",
        "minutes": "33",
    },
}
FACTS = {"article": "1 min read", "video": "▶ 2:05", "podcast": "Episode 4 · 33 min"}


@pytest.fixture(scope="module")
def published(app):
    """One item of each type, through the query the create forms call (the model turns the
    forms' "125" into 125, as it does for a posted form)."""
    return {kind: queries.create(kind, dict(fields)) for kind, fields in VALID.items()}


def test_the_feed_shows_a_card_per_type(client, published):
    html = client.get("/").text
    for kind, content in published.items():
        card = re.search(rf'<article class="card content-card kind-{kind}">(.*?)</article>', html, re.DOTALL)
        assert card, f"no {kind} card"
        cards = re.findall(rf'<article class="card content-card kind-{kind}">.*?</article>', html, re.DOTALL)
        mine = [c for c in cards if str(content.content_id) in c]
        assert mine and FACTS[kind] in mine[0] and content.title in mine[0]


@pytest.mark.parametrize("kind", ["article", "video", "podcast"])
def test_the_filter_shows_one_type(client, published, kind):
    html = client.get("/", query_string={"kind": kind}).text
    kinds = set(re.findall(r'class="card content-card kind-([a-z]+)"', html))
    assert kinds == {kind}
    assert f'aria-current="page">{kind.capitalize()}s<' in html


def test_an_unknown_type_is_404(client):
    assert client.get("/", query_string={"kind": "quiz"}).status_code == 404
    assert client.get("/new/quiz").status_code == 404


@pytest.mark.parametrize("kind", ["article", "video", "podcast"])
def test_a_detail_page_shows_its_types_own_fields(client, published, kind):
    content = published[kind]
    html = client.get(f"/content/{content.content_id}").text
    assert content.title in html and f"Read as a <code>{type(content).__name__}</code>" in html
    own = {"article": "<p>Second.</p>", "video": "https://v.example/w", "podcast": "https://p.example/a.mp3"}
    assert own[kind] in html


def test_a_missing_item_is_404(client):
    assert client.get("/content/8f2e7a4e-0000-11f0-8000-000000000000").status_code == 404


@pytest.mark.parametrize("kind", ["article", "video", "podcast"])
def test_each_create_form_publishes_its_type(client, submit, kind):
    response = submit(f"/new/{kind}", VALID[kind])
    assert response.status_code == 303, response.text
    html = client.get(response.headers["Location"]).text
    assert VALID[kind]["title"] in html and FACTS[kind] in html


@pytest.mark.parametrize(
    "kind, data, field",
    [
        ("article", {"title": "T", "author": "A", "body": "  "}, "body"),
        ("video", {**VALID["video"], "duration_seconds": "0"}, "duration_seconds"),
        ("video", {**VALID["video"], "video_url": "ftp://nope"}, "video_url"),
        ("podcast", {**VALID["podcast"], "episode": "one"}, "episode"),
        ("podcast", {**VALID["podcast"], "title": ""}, "title"),
    ],
)
def test_form_errors_are_beside_their_field_and_write_nothing(submit, count_rows, kind, data, field):
    before = count_rows("contents")
    response = submit(f"/new/{kind}", data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text and f'aria-describedby="{field}-error"' in response.text
    assert count_rows("contents") == before


def test_a_form_without_its_csrf_token_is_refused(client, count_rows):
    before = count_rows("contents")
    response = client.post("/new/article", data=VALID["article"])
    assert response.status_code == 400 and "CSRF" in response.text
    assert count_rows("contents") == before


def test_script_in_a_title_and_body_is_shown_as_text(client, submit):
    script = "<script>alert('xss')</script>"
    response = submit("/new/article", {"title": script, "author": "A", "body": script})
    html = client.get(response.headers["Location"]).text
    assert "<script>alert(" not in html and "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
