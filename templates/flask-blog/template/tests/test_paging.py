"""Paging with the driver's paging state: every row once, in order, across pages and months."""

import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from cassandra.util import uuid_from_time

from blog import queries
from blog.models import Author
from blog.schemas import PostIn


def walk(client, url: str, **params) -> list[list[dict]]:
    """Follow the API's `next` links to the end: the items of every page."""
    pages, response = [], client.get(url, query_string=params).get_json()
    while True:
        pages.append(response["items"])
        if not response["next"]:
            return pages
        response = client.get(response["next"]).get_json()
        assert len(pages) < 200, "the pager never ends"


def ids(pages: list[list[dict]], key: str = "post_id") -> list[str]:
    return [item[key] for page in pages for item in page]


@pytest.fixture
def spread_posts(client, author):
    """Nine posts by one author, with one tag, across three months of 2024 (three timeline partitions)."""
    writer = Author.get(handle=author["handle"])
    tag = f"spread{author['handle'][-6:]}"
    start = datetime(2024, 3, 5, tzinfo=UTC)
    made = []
    for i in range(9):
        post_id = uuid_from_time(start + timedelta(days=11 * i))
        data = PostIn(author=writer.handle, title=f"spread {i}", body="b", tags=[tag])
        queries.save_post(queries.new_post(data, writer, post_id=post_id))
        made.append(str(post_id))
    return {"ids": made[::-1], "tag": tag, "author": writer.handle}  # newest first


def test_timeline_walks_every_post_once_across_months(client, spread_posts, session, settings):
    pages = walk(client, "/api/posts", limit=4)
    seen = ids(pages)
    assert len(pages) >= 3
    assert len(seen) == len(set(seen)), "a post was listed twice"
    every_post = {
        str(row.post_id) for row in session.execute(f"SELECT post_id FROM {settings.keyspace}.posts")
    }
    assert set(seen) == every_post, "a post is missing from the timeline"
    times = [UUID(i).time for i in seen]
    assert times == sorted(times, reverse=True), "not newest first"
    months = [datetime.fromisoformat(item["posted_at"]).strftime("%Y-%m") for page in pages for item in page]
    assert {"2024-03", "2024-04", "2024-05"} <= set(months)  # the walk crossed month partitions
    spread = [i for i in seen if i in spread_posts["ids"]]
    assert spread == spread_posts["ids"]


def test_timeline_pages_through_html_links(client, spread_posts):
    """The same walk through the pages' "Older posts" links, as a reader clicks them."""
    url, seen, pages = "/", [], 0
    while url:
        html = client.get(url).text
        pages += 1
        seen += re.findall(r'<h2><a href="/posts/([0-9a-f-]{36})">', html)
        match = re.search(r'id="older-posts" href="([^"]+)"', html)
        url = match.group(1).replace("&amp;", "&") if match else None
        assert pages < 200
    assert pages >= 2 and len(seen) == len(set(seen))
    assert [i for i in seen if i in spread_posts["ids"]] == spread_posts["ids"]


@pytest.mark.parametrize("kind", ["tag", "author", "author+tag"])
def test_lists_page_through_three_pages_without_gaps(client, spread_posts, kind):
    url = {
        "tag": f"/api/tags/{spread_posts['tag']}/posts",
        "author": f"/api/authors/{spread_posts['author']}/posts",
        "author+tag": f"/api/authors/{spread_posts['author']}/posts",
    }[kind]
    params = {"tag": spread_posts["tag"]} if kind == "author+tag" else {}
    pages = walk(client, url, limit=3, **params)
    assert [len(p) for p in pages[:3]] == [3, 3, 3]
    assert ids(pages) == spread_posts["ids"]  # all nine, once each, newest first


def test_comments_page_through_three_pages(client, make_post):
    post = make_post()
    url = f"/api/posts/{post['post_id']}/comments"
    made = [
        client.post(url, json={"author": "p", "body": str(i)}).get_json()["comment_id"] for i in range(25)
    ]
    pages = walk(client, url, limit=10)
    assert [len(p) for p in pages] == [10, 10, 5]
    assert ids(pages, "comment_id") == made[::-1]


def test_post_page_links_to_older_comments(client, make_post):
    post = make_post()
    url = f"/api/posts/{post['post_id']}/comments"
    for i in range(12):
        client.post(url, json={"author": "p", "body": f"comment number {i}"})
    first = client.get(f"/posts/{post['post_id']}").text
    assert "comment number 11" in first and "comment number 1<" not in first
    older = re.search(r'id="older-comments" href="([^"#]+)', first).group(1).replace("&amp;", "&")
    second = client.get(older).text
    assert (
        "comment number 1<" in second and "comment number 0<" in second and "comment number 11" not in second
    )
    assert "Newest comments" in second
