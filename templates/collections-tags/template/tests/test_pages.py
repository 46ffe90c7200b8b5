"""The pages: each change is one statement on one column, and the CQL panel shows it."""

import html
import re
from uuid import UUID

HX = {"HX-Request": "true"}


def panel(page: str) -> list[str]:
    """The statements the page's CQL panel lists."""
    section = page[page.index('id="cql-panel"') :]
    found = re.findall(r"<pre>(.*?)</pre>", section, re.DOTALL)
    return [re.sub(r"\s+", " ", html.unescape(s)) for s in found]


def test_index_lists_bookmarks_and_offers_both_forms(client, bookmark):
    bookmark(title="Indexed page bookmark")
    response = client.get("/")
    assert response.status_code == 200
    assert "Add a bookmark" in response.text and "Find by tag" in response.text
    assert 'id="cql-panel"' in response.text


def test_adding_a_tag_in_place_sends_one_logged_batch(client, bookmark, unique, cql):
    b, tag = bookmark(), unique("chip")
    response = client.post(f"/bookmarks/{b['bookmark_id']}/tags", data={"tags": tag}, headers=HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="card stack" id="tags"')  # the fragment only
    assert f">{tag}</a>" in response.text
    statements = panel(response.text)
    batch = next(s for s in statements if s.startswith("BEGIN BATCH"))
    assert '"tags" = "tags" + ?' in batch and "INSERT INTO" in batch and "bookmarks_by_tag" in batch
    assert not any(s.startswith("BEGIN UNLOGGED") for s in statements)


def test_removing_a_chip_without_javascript_redirects_back(client, bookmark):
    b = bookmark()
    tag = b["tags"][0]
    response = client.post(f"/bookmarks/{b['bookmark_id']}/tags/{tag}/remove", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/bookmarks/{b['bookmark_id']}#tags"
    page = client.get(response.headers["location"]).text
    assert f">{tag}</a>" not in page


def test_each_collection_change_is_a_single_column_update(client, bookmark):
    b = bookmark()
    base = f"/bookmarks/{b['bookmark_id']}"
    changes = [
        ("/history", {"note": "a note", "at": "end"}, '"history" = "history" + ?'),
        ("/history", {"note": "on top", "at": "top"}, '"history" = ? + "history"'),
        ("/attributes", {"key": "mood", "value": "calm"}, '"attributes"[?] = ?'),
        ("/attributes/mood/delete", {}, 'DELETE "attributes"[?] FROM'),
        ("/source", {"kind": "feed", "name": "Lobsters"}, 'SET "source" = ?'),
    ]
    for path, form, expected in changes:
        response = client.post(base + path, data=form, headers=HX)
        assert response.status_code == 200, response.text
        writes = [s for s in panel(response.text) if not s.startswith("SELECT")]
        assert len(writes) == 1 and expected in writes[0], writes
        assert writes[0].count("=") <= 3  # one column (and the key): nothing else rewritten
    page = client.get(base).text
    assert page.index("on top") < page.index("a note")


def test_a_bad_tag_is_shown_beside_the_field(client, bookmark):
    b = bookmark()
    response = client.post(f"/bookmarks/{b['bookmark_id']}/tags", data={"tags": "no way!"}, headers=HX)
    assert response.status_code == 422
    assert 'id="new-tags-error"' in response.text and "is not a tag" in response.text


def test_the_tag_page_shows_both_ways_with_their_cql(client, bookmark, unique):
    tag = unique("both")
    made = {bookmark(tags=[tag])["bookmark_id"] for _ in range(3)}
    response = client.get(f"/tags/{tag}")
    assert response.status_code == 200
    text = html.unescape(response.text)
    lookup = text[text.index('id="via-lookup"') : text.index('id="via-index"')]
    index = text[text.index('id="via-index"') : text.index('id="cql-panel"')]
    assert "FROM " in lookup and '"tag" = ?' in lookup
    assert '"tags" CONTAINS ?' in index
    assert "ALLOW FILTERING" not in text
    for way in (lookup, index):
        assert {str(UUID(m)) for m in re.findall(r'href="/bookmarks/([0-9a-f-]{36})"', way)} == made
    assert "Both ways found the same 3 bookmarks" in text


def test_find_by_tag_form_goes_to_the_tag_page_or_says_why_not(client):
    response = client.get("/tags", params={"tag": " Machine Learning "}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/tags/machine-learning"
    refused = client.get("/tags", params={"tag": "what?!"})
    assert refused.status_code == 422 and "is not a tag" in refused.text


def test_a_missing_bookmark_is_a_404_page(client):
    assert client.get("/bookmarks/00000000-0000-4000-8000-000000000000").status_code == 404
