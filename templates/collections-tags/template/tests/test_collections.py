"""Collection columns changed one element at a time, and the lookup table kept in step.

Every check reads the database directly (the `cql` fixture), not through the app: what is
really stored, in both tables.
"""

from uuid import UUID

from conftest import run

from tagged import queries

CLIENTS = 10


def stored(cql, bookmark_id) -> dict:
    row = cql("SELECT * FROM {ks}.bookmarks WHERE bookmark_id = %s", UUID(bookmark_id))[0]
    return row._asdict()


def lookup_ids(cql, tag: str) -> set[str]:
    return {
        str(r.bookmark_id) for r in cql("SELECT bookmark_id FROM {ks}.bookmarks_by_tag WHERE tag = %s", tag)
    }


def test_ten_clients_adding_different_tags_to_one_bookmark_all_survive(
    client, cql, bookmark, unique, at_once
):
    b = bookmark()
    tags = [unique(f"c{n}") for n in range(CLIENTS)]
    burst = at_once([("POST", f"/api/bookmarks/{b['bookmark_id']}/tags", {"tags": [tag]}) for tag in tags])

    assert burst.peak == CLIENTS  # all ten were inside the app at the same time
    assert [r.status_code for r in burst.responses] == [200] * CLIENTS
    # "tags" = "tags" + ?: each client's element is merged in by the database, none overwrites another
    assert set(stored(cql, b["bookmark_id"])["tags"]) == set(b["tags"]) | set(tags)
    for tag in tags:
        assert lookup_ids(cql, tag) == {b["bookmark_id"]}  # and each got its lookup row
    print(f"\n{CLIENTS} clients, one bookmark: {CLIENTS} tags kept in {burst.seconds * 1000:.0f} ms")


def test_removing_a_tag_removes_it_from_the_lookup_table_too(client, cql, bookmark, unique):
    keep, drop = unique("keep"), unique("drop")
    b = bookmark(tags=[keep, drop])
    assert lookup_ids(cql, drop) == {b["bookmark_id"]}

    response = client.delete(f"/api/bookmarks/{b['bookmark_id']}/tags/{drop}")
    assert response.status_code == 200, response.text
    assert response.json()["tags"] == [keep]
    assert set(stored(cql, b["bookmark_id"])["tags"]) == {keep}
    assert lookup_ids(cql, drop) == set()
    assert lookup_ids(cql, keep) == {b["bookmark_id"]}
    found = client.get(f"/api/tags/{drop}", params={"via": "index"}).json()
    assert found["items"] == []


def test_removing_the_last_tag_leaves_an_empty_set(client, cql, bookmark, unique):
    only = unique("only")
    b = bookmark(tags=[only])
    client.delete(f"/api/bookmarks/{b['bookmark_id']}/tags/{only}")
    assert stored(cql, b["bookmark_id"])["tags"] is None  # an empty collection is no cells: null
    assert client.get(f"/api/bookmarks/{b['bookmark_id']}").json()["tags"] == []


def test_deleting_one_map_key_leaves_the_other_keys(client, cql, bookmark):
    b = bookmark()  # lang, read_time, level
    response = client.delete(f"/api/bookmarks/{b['bookmark_id']}/attributes/read_time")
    assert response.status_code == 200, response.text
    assert dict(stored(cql, b["bookmark_id"])["attributes"]) == {"lang": "en", "level": "intro"}


def test_putting_one_map_key_leaves_the_other_keys(client, cql, bookmark):
    b = bookmark()
    response = client.put(
        f"/api/bookmarks/{b['bookmark_id']}/attributes", json={"key": "lang", "value": "de"}
    )
    assert response.status_code == 200, response.text
    assert dict(stored(cql, b["bookmark_id"])["attributes"]) == {
        "lang": "de",
        "read_time": "5 min",
        "level": "intro",
    }


def test_history_appends_at_the_end_and_prepends_on_top(client, cql, bookmark):
    b = bookmark()
    url = f"/api/bookmarks/{b['bookmark_id']}/history"
    for note, at in [("second", "end"), ("third", "end"), ("first", "top")]:
        assert client.post(url, json={"note": note, "at": at}).status_code == 200
    assert stored(cql, b["bookmark_id"])["history"] == ["first", "second", "third"]


def test_a_retried_append_adds_the_note_twice(client, cql, bookmark):
    """What the README warns about: an append is not idempotent. Sent again after a timeout
    whose write had in fact landed, the note is in the list twice."""
    b = bookmark()
    run(queries.add_note(UUID(b["bookmark_id"]), "read it"))
    run(queries.add_note(UUID(b["bookmark_id"]), "read it"))  # the "retry"
    assert stored(cql, b["bookmark_id"])["history"] == ["read it", "read it"]


def test_the_source_udt_is_replaced_whole(client, cql, bookmark):
    b = bookmark()
    response = client.put(
        f"/api/bookmarks/{b['bookmark_id']}/source", json={"kind": "feed", "name": "Lobsters"}
    )
    assert response.status_code == 200, response.text
    source = stored(cql, b["bookmark_id"])["source"]
    assert (source.kind, source.name) == ("feed", "Lobsters")
    assert response.json()["source"] == {"kind": "feed", "name": "Lobsters"}


def test_deleting_a_bookmark_deletes_its_lookup_rows(client, cql, bookmark, unique):
    tags = [unique("a"), unique("b")]
    b = bookmark(tags=tags)
    assert client.delete(f"/api/bookmarks/{b['bookmark_id']}").status_code == 204
    assert cql("SELECT * FROM {ks}.bookmarks WHERE bookmark_id = %s", UUID(b["bookmark_id"])) == []
    assert all(lookup_ids(cql, tag) == set() for tag in tags)
    assert client.get(f"/api/bookmarks/{b['bookmark_id']}").status_code == 404


def test_changes_to_a_missing_bookmark_are_404_and_write_nothing(client, cql):
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.post(f"/api/bookmarks/{missing}/tags", json={"tags": ["x"]}).status_code == 404
    assert (
        client.put(f"/api/bookmarks/{missing}/attributes", json={"key": "k", "value": "v"}).status_code == 404
    )
    assert cql("SELECT * FROM {ks}.bookmarks WHERE bookmark_id = %s", UUID(missing)) == []
    assert lookup_ids(cql, "x") == set()


def test_bad_tags_and_keys_are_refused_per_field(client, bookmark):
    b = bookmark()
    response = client.post(f"/api/bookmarks/{b['bookmark_id']}/tags", json={"tags": ["no spaces!"]})
    assert response.status_code == 422
    assert "is not a tag" in response.text
    assert client.delete(f"/api/bookmarks/{b['bookmark_id']}/tags/bad%20tag!").status_code == 422
    assert (
        client.put(f"/api/bookmarks/{b['bookmark_id']}/attributes", json={"key": "Read Time"}).status_code
        == 422
    )
    assert client.post("/api/bookmarks", json={"url": "ftp://x", "title": "t"}).status_code == 422
