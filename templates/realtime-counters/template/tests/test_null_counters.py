"""A counter never written reads back as null: every page and API that reads counters says 0.

A counter row exists once any of its counters is touched: a page liked before it was ever
viewed has `likes` and a null `views`. The rows here are written with raw CQL, one counter each.
"""

import pytest


@pytest.fixture
def counters_cql(session, settings):
    def add(table: str, column: str, delta: int, **key) -> None:
        where = " AND ".join(f'"{name}" = %s' for name in key)
        cql = f'UPDATE {settings.keyspace}.{table} SET "{column}" = "{column}" + %s WHERE {where}'
        session.execute(cql, [delta, *key.values()], timeout=30)

    return add


@pytest.fixture
def liked_never_viewed(page, counters_cql, session, settings):
    counters_cql("page_totals", "likes", 3, page=page)
    row = session.execute(f"SELECT views, likes FROM {settings.keyspace}.page_totals WHERE page = %s", [page])
    assert tuple(row.one()) == (None, 3)  # what the app must cope with
    return page


def test_the_page_api_reads_a_null_counter_as_0(client, liked_never_viewed):
    stats = client.get(f"/api/pages{liked_never_viewed}").json()
    assert (stats["views"], stats["likes"]) == (0, 3)
    assert {day["views"] for day in stats["last_days"]} == {0}


def test_like_and_unlike_answer_0_for_a_null_counter(client, liked_never_viewed):
    liked = client.post(f"/api/pages{liked_never_viewed}/like")
    assert liked.status_code == 200, liked.text
    assert (liked.json()["views"], liked.json()["likes"]) == (0, 4)
    unliked = client.post(f"/api/pages{liked_never_viewed}/unlike")
    assert (unliked.json()["views"], unliked.json()["likes"]) == (0, 3)


def test_the_page_shows_a_null_counter_as_0(client, liked_never_viewed):
    response = client.get(f"/pages{liked_never_viewed}")
    assert response.status_code == 200, response.text
    assert 'data-views="0"' in response.text and 'data-likes="3"' in response.text


def test_a_page_viewed_and_never_liked_has_0_likes(client, page, counters_cql):
    counters_cql("page_totals", "views", 5, page=page)
    stats = client.get(f"/api/pages{page}").json()
    assert (stats["views"], stats["likes"]) == (5, 0)
    assert 'data-likes="0"' in client.get(f"/pages{page}").text


def test_the_dashboard_reads_raw_counter_rows(client, page, quiet_day, counters_cql):
    counters_cql("page_views_by_day", "views", 7, day=quiet_day, page=page)
    counters_cql("referrer_views_by_day", "views", 7, day=quiet_day, referrer="example.com")
    report = client.get("/api/dashboard", params={"day": quiet_day.isoformat()}).json()
    assert report["pages"] == [{"page": page, "views": 7}] and report["views"] == 7
    for path in ("/", "/live"):
        response = client.get(path, params={"day": quiet_day.isoformat()})
        assert response.status_code == 200 and f'data-page="{page}">7<' in response.text
