"""Every HTML page, with the CQL panel, against the real database."""

import re
from uuid import uuid1, uuid4

from blog.kit import paging


def panel(html: str) -> list[str]:
    """The CQL statements the page's panel lists (HTML-unescaped quotes)."""
    return [s.replace("&#34;", '"').replace("&lt;", "<") for s in re.findall(r"<pre>(.*?)</pre>", html, re.S)]


def test_latest_posts_come_from_the_timeline(client, make_post, settings):
    post = make_post(title="Fresh off the press")
    html = client.get("/").text
    assert "Fresh off the press" in html
    assert f"/posts/{post['post_id']}" in html
    statements = panel(html)
    assert f'SELECT * FROM {settings.keyspace}.timeline WHERE "month" = ?' in statements
    assert not any("ALLOW FILTERING" in s for s in statements)


def test_post_page_shows_the_post_and_its_comments_newest_first(client, make_post):
    post = make_post(title="Commented", tags=["alpha", "beta"])
    for name in ("first", "second", "third"):
        response = client.post(f"/api/posts/{post['post_id']}/comments", json={"author": name, "body": name})
        assert response.status_code == 201
    html = client.get(f"/posts/{post['post_id']}").text
    assert "Commented" in html and "#alpha" in html and "#beta" in html
    assert html.index(">third<") < html.index(">second<") < html.index(">first<")
    assert "<p>Hello.</p>" in html and "<p>World.</p>" in html  # a blank line makes a paragraph
    assert any("FROM" in s and '.comments WHERE "post_id" = ?' in s for s in panel(html))


def test_tag_page_reads_one_partition(client, make_post, settings, unique):
    tag = unique("tag")
    make_post(title="Tagged one", tags=[tag])
    html = client.get(f"/tags/{tag}").text
    assert "Tagged one" in html
    assert f'SELECT * FROM {settings.keyspace}.posts_by_tag WHERE "tag" = ?' in panel(html)


def test_author_page_and_its_tag_filter(client, author, make_post, settings, unique):
    tag = unique("tag")
    make_post(title="With the tag", tags=[tag])
    make_post(title="Without it", tags=["other"])
    html = client.get(f"/authors/{author['handle']}").text
    assert "With the tag" in html and "Without it" in html and "Writes tests." in html

    filtered = client.get(f"/authors/{author['handle']}", query_string={"tag": tag}).text
    assert "With the tag" in filtered and "Without it" not in filtered
    # The secondary index is only ever searched inside one author's partition.
    query = f'SELECT * FROM {settings.keyspace}.posts_by_author WHERE "author" = ? AND "tags" CONTAINS ?'
    assert query in panel(filtered)


def test_schema_page_shows_the_create_statements(client):
    html = client.get("/schema").text.replace("&#34;", '"')
    for table in (
        "authors",
        "posts",
        "timeline",
        "timeline_months",
        "posts_by_author",
        "posts_by_tag",
        "comments",
    ):
        assert f".{table} (" in html
    assert 'CLUSTERING ORDER BY ("post_id" DESC)' in html
    assert 'CLUSTERING ORDER BY ("comment_id" DESC)' in html
    assert "CREATE INDEX IF NOT EXISTS posts_by_author_tags_idx" in html


def test_static_theme_and_htmx_are_served_locally(client):
    css = client.get("/static/theme.css")
    assert css.status_code == 200 and "--demo: #f472b6" in css.text
    assert client.get("/static/htmx.min.js").status_code == 200


def test_missing_things_are_404(client):
    assert client.get(f"/posts/{uuid1()}").status_code == 404
    assert client.get(f"/posts/{uuid4()}").status_code == 404
    assert client.get("/authors/nobody-at-all").status_code == 404
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "Not found" in missing.text


def test_bad_page_links_are_400(client):
    assert client.get("/", query_string={"cursor": "AAAA"}).status_code == 400
    assert client.get("/", query_string={"cursor": "not-ours"}).status_code == 400
    # Signed with the app's key, but what it holds is not a month and a paging state.
    assert client.get("/", query_string={"cursor": paging.encode(b"2026-13|")}).status_code == 400
    assert client.get("/tags/python", query_string={"cursor": "AAAAAAAAAAAAAAAAAAAAAAAA"}).status_code == 400
    # A forged cursor never reaches Cassandra, so the connection stays healthy.
    assert client.get("/").status_code == 200


def test_every_page_has_the_cql_panel(client, make_post, author):
    post = make_post()
    pages = ["/", "/posts/new", "/authors/new", "/schema", f"/posts/{post['post_id']}"]
    pages += [f"/authors/{author['handle']}", "/tags/alpha"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert 'id="cql-panel"' in response.text, page
