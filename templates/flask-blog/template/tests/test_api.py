"""Every JSON endpoint, against the real database."""

from uuid import uuid1


def test_author_create_get_and_taken(client, unique):
    handle = unique("api")
    created = client.post("/api/authors", json={"handle": handle, "name": "Api Person"})
    assert created.status_code == 201 and created.get_json()["handle"] == handle
    assert client.get(f"/api/authors/{handle}").get_json()["name"] == "Api Person"
    again = client.post("/api/authors", json={"handle": handle, "name": "Other"})
    assert again.status_code == 409 and "taken" in again.get_json()["detail"]
    assert client.get(f"/api/authors/{handle}").get_json()["name"] == "Api Person"  # unchanged


def test_post_create_get_and_delete(client, author):
    body = {"author": author["handle"], "title": "Api post", "body": "Body", "tags": ["Python", "api"]}
    created = client.post("/api/posts", json=body)
    assert created.status_code == 201
    post = created.get_json()
    assert post["tags"] == ["api", "python"] and post["author_name"] == "Test Author"
    assert client.get(f"/api/posts/{post['post_id']}").get_json() == post

    assert client.delete(f"/api/posts/{post['post_id']}").status_code == 204
    assert client.get(f"/api/posts/{post['post_id']}").status_code == 404
    assert client.delete(f"/api/posts/{post['post_id']}").status_code == 404


def test_latest_posts_lists_the_newest_first(client, make_post):
    first, second = make_post(title="older one"), make_post(title="newer one")
    items = client.get("/api/posts", query_string={"limit": 50}).get_json()["items"]
    ids = [item["post_id"] for item in items]
    assert ids.index(second["post_id"]) < ids.index(first["post_id"])


def test_tag_and_author_lists(client, author, make_post, unique):
    tag = unique("t")
    tagged = make_post(tags=[tag])
    make_post(tags=["untagged"])
    by_tag = client.get(f"/api/tags/{tag}/posts").get_json()
    assert [p["post_id"] for p in by_tag["items"]] == [tagged["post_id"]] and by_tag["next"] is None

    mine = client.get(f"/api/authors/{author['handle']}/posts").get_json()["items"]
    assert len(mine) == 2 and {p["author_name"] for p in mine} == {"Test Author"}
    filtered = client.get(f"/api/authors/{author['handle']}/posts", query_string={"tag": tag}).get_json()
    assert [p["post_id"] for p in filtered["items"]] == [tagged["post_id"]]
    assert client.get("/api/authors/nobody-at-all/posts").status_code == 404


def test_comments_create_and_list_newest_first(client, make_post):
    post = make_post()
    url = f"/api/posts/{post['post_id']}/comments"
    for name in ("a", "b", "c"):
        assert client.post(url, json={"author": name, "body": f"from {name}"}).status_code == 201
    items = client.get(url).get_json()["items"]
    assert [c["author"] for c in items] == ["c", "b", "a"]
    missing = client.post(f"/api/posts/{uuid1()}/comments", json={"author": "x", "body": "y"})
    assert missing.status_code == 404 and missing.get_json() == {
        "detail": "Not found: it may have been deleted."
    }


def test_invalid_fields_are_422_with_one_message_per_field(client, author):
    response = client.post("/api/posts", json={"author": author["handle"], "title": "", "body": "x" * 20_001})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"title", "body"}
    unknown = client.post("/api/posts", json={"author": "nobody-here", "title": "T", "body": "B"})
    assert unknown.status_code == 422 and "no author" in unknown.get_json()["errors"]["author"]
    extra = client.post("/api/posts", json={"author": author["handle"], "title": "T", "body": "B", "x": 1})
    assert extra.status_code == 422 and "x" in extra.get_json()["errors"]


def test_writes_need_json(client, author):
    form = client.post("/api/posts", data={"author": author["handle"], "title": "T", "body": "B"})
    assert form.status_code == 415
    broken = client.post("/api/posts", data="{not json", content_type="application/json")
    assert broken.status_code == 400


def test_limits_and_cursors_are_checked(client):
    assert client.get("/api/posts", query_string={"limit": 0}).status_code == 400
    assert client.get("/api/posts", query_string={"limit": 101}).status_code == 400
    bad = client.get("/api/tags/x/posts", query_string={"cursor": "%%%"})
    assert bad.status_code == 400 and "cursor" in bad.get_json()["detail"]
