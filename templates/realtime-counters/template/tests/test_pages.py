"""The HTML pages, their forms, and the CQL panel."""

import re

from analytics.schemas import today


def test_dashboard_shows_the_day_and_polls_for_fresh_figures(client, page):
    client.post("/api/hits", json={"page": page, "views": 3})
    html = client.get("/").text
    assert 'id="views-day"' in html and page in html
    assert 'hx-get="/live?day=' in html and 'hx-trigger="every 2s"' in html
    assert 'id="cql-panel"' in html
    # Top pages come from one partition read, not a scan.
    assert re.search(r"SELECT \* FROM \w+\.page_views_by_day WHERE &#34;day&#34; = \? LIMIT \d+", html)
    assert "ALLOW FILTERING" not in html
    assert "BEGIN COUNTER BATCH" in html  # "what one hit sends", as coodie builds it


def test_live_fragment_is_a_fragment(client):
    html = client.get("/live").text
    assert "<html" not in html and html.lstrip().startswith('<div id="live"')


def test_bad_day_is_400_with_the_error_beside_the_field(client):
    response = client.get("/", params={"day": "2026-02-30"})
    assert response.status_code == 400 and 'id="day-error"' in response.text


def test_record_a_hit_form_then_like_and_unlike(client, page):
    response = client.post("/hits/new", data={"page": page, "referrer": "google.com", "views": "2"})
    assert response.status_code == 200 and "Hit counted" in response.text  # followed the redirect
    assert 'id="page-views" data-views="2"' in response.text

    liked = client.post("/like", data={"page": page})
    assert 'id="page-likes" data-likes="1"' in liked.text
    unliked = client.post("/unlike", data={"page": page})
    assert 'id="page-likes" data-likes="0"' in unliked.text


def test_hit_form_errors_are_beside_the_fields(client):
    response = client.post("/hits/new", data={"page": "no-slash", "views": "-2", "referrer": "bad host"})
    assert response.status_code == 422
    for field in ("page", "views", "referrer"):
        assert f'id="{field}-error"' in response.text


def test_hit_form_escapes_what_it_echoes(client):
    response = client.post("/hits/new", data={"page": "/<script>alert(1)</script>"})
    assert response.status_code == 422
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_unknown_page_is_404(client):
    assert client.get("/pages/never/counted").status_code == 404
    assert client.post("/like", data={"page": "/never/counted"}).status_code == 404


def test_page_detail_shows_seven_days(client, page):
    client.post("/api/hits", json={"page": page, "views": 5, "day": today().isoformat()})
    html = client.get(f"/pages{page}").text
    assert html.count('<td class="num">') == 7
    assert html.count("WHERE &#34;day&#34; = ? AND &#34;page&#34; = ?") == 7  # one read per day


def test_schema_page_shows_counter_tables(client):
    html = client.get("/schema").text
    assert "page_totals" in html and "page_views_by_day" in html and "referrer_views_by_day" in html
    assert "&#34;views&#34; counter" in html
    assert "PRIMARY KEY (&#34;day&#34;, &#34;page&#34;)" in html  # day: the partition; page: its rows
