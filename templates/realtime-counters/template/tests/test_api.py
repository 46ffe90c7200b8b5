"""The JSON API against the real database: its figures are the counters' figures."""

import re

import pytest

from analytics.kit.testing import refused_field


def hit(client, **body):
    response = client.post("/api/hits", json=body)
    assert response.status_code == 204, response.text


def test_dashboard_figures_equal_the_counters_in_the_database(client, quiet_day, session, settings):
    day = quiet_day.isoformat()
    traffic = [("/a", "google.com", 5), ("/b", "direct", 2), ("/a", "reddit.com", 7), ("/c", "google.com", 1)]
    for page, referrer, views in traffic:
        hit(client, page=page, referrer=referrer, day=day, views=views)

    report = client.get("/api/dashboard", params={"day": day, "top": 100}).json()

    ks = settings.keyspace
    pages = {
        r.page: r.views
        for r in session.execute(f"SELECT * FROM {ks}.page_views_by_day WHERE day = %s", [quiet_day])
    }
    refs = {
        r.referrer: r.views
        for r in session.execute(f"SELECT * FROM {ks}.referrer_views_by_day WHERE day = %s", [quiet_day])
    }
    assert {p["page"]: p["views"] for p in report["pages"]} == pages
    assert {r["referrer"]: r["views"] for r in report["referrers"]} == refs
    assert report["views"] == sum(pages.values()) == report["views_by_referrer"] == sum(refs.values())
    assert report["pages_read"] == len(pages) and report["truncated"] is False
    # Ranked by views, most first: the order the counter table cannot keep by itself.
    assert [p["views"] for p in report["pages"]] == sorted(pages.values(), reverse=True)

    # The HTML fragment the dashboard polls shows the same figures.
    live = client.get("/live", params={"day": day}).text
    assert f'id="views-day" data-views="{sum(pages.values())}"' in live
    for page, views in pages.items():
        assert re.search(rf'data-page="{page}">{views}<', live)


def test_top_limits_the_ranking_not_the_total(client, quiet_day):
    day = quiet_day.isoformat()
    for n in range(5):
        hit(client, page=f"/top/{n}", day=day, views=n + 1)
    report = client.get("/api/dashboard", params={"day": day, "top": 2}).json()
    assert [p["page"] for p in report["pages"]] == ["/top/4", "/top/3"]
    assert report["views"] == 15 and report["pages_read"] == 5


def test_page_stats_like_and_unlike(client, page):
    hit(client, page=page, views=4, likes=1)
    path = page.removeprefix("/")
    stats = client.get(f"/api/pages/{path}").json()
    assert (stats["views"], stats["likes"]) == (4, 1)
    assert stats["last_days"][-1]["views"] == 4 and len(stats["last_days"]) == 7

    assert client.post(f"/api/pages/{path}/like").json()["likes"] == 2
    assert client.post(f"/api/pages/{path}/unlike").json()["likes"] == 1


def test_unknown_page_is_404(client):
    assert client.get("/api/pages/never/counted").status_code == 404
    assert client.post("/api/pages/never/counted/like").status_code == 404
    assert client.get("/api/pages/has%20space").status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"page": "pricing"}, "page"),
        ({"page": "/x", "views": -1}, "views"),
        ({"page": "/x", "referrer": "not a host"}, "referrer"),
        ({"page": "/x", "day": "1999-12-31"}, "day"),
        ({"page": "/x", "colour": "red"}, "colour"),
    ],
)
def test_invalid_hits_are_422_and_write_nothing(client, body, field):
    assert refused_field(client.post("/api/hits", json=body)) == field


def test_a_hit_with_nothing_to_count_is_422(client):
    response = client.post("/api/hits", json={"page": "/x", "views": 0, "likes": 0})
    assert response.status_code == 422 and "nothing to count" in response.text


def test_bad_day_is_422(client):
    assert client.get("/api/dashboard", params={"day": "yesterday"}).status_code == 422


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/dashboard", "/api/hits", "/api/simulator", "/api/pages/{path}"} <= set(paths)
