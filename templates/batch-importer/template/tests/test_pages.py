"""The results page: import runs, the upload form (the command's checks, nothing written for a
bad file), and the orders of a customer and of a day, paged by the paging state."""

from __future__ import annotations

import re

import pytest

TABLES = ("orders_by_customer", "orders_by_hour")


def _cursor(html: str, link_id: str) -> str | None:
    match = re.search(rf'id="{link_id}" href="[^"]*cursor=([^"&]+)"', html)
    return match[1] if match else None


@pytest.fixture(scope="module")
def one_customer_file(tmp_path_factory):
    """45 orders of one customer over three days: pages of 20 across hour partitions."""
    from datetime import UTC, datetime

    from importer import generate

    path = tmp_path_factory.mktemp("pages") / "pages.csv"
    generate.write_file(path, generate.orders(45, 42, 1, 1, datetime(2026, 10, 5, tzinfo=UTC)))
    return path


def test_the_index_shows_the_form_and_the_runs(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'action="/upload"' in response.text and "Import runs" in response.text


def test_a_good_upload_is_imported_and_listed_as_a_run(client, one_customer_file, count_rows):
    before = {table: count_rows(table) for table in TABLES}
    with one_customer_file.open("rb") as f:
        response = client.post(
            "/upload",
            data={"mode": "partition"},
            files={"file": ("pages.csv", f, "text/csv")},
            follow_redirects=False,
        )
    assert response.status_code == 303, response.text
    index = client.get(response.headers["location"]).text
    assert "Imported <strong>pages.csv</strong>" in index
    assert re.search(
        r"<td>pages.csv</td><td>partition</td>\s*<td><span class=\"badge ok\">done</span></td>\s*<td>45</td>",
        index,
    )
    after = {table: count_rows(table) for table in TABLES}
    assert {table: after[table] - before[table] for table in TABLES} == {table: 45 for table in TABLES}


def test_a_bad_upload_shows_every_problem_and_writes_nothing(client, count_rows):
    before = {table: count_rows(table) for table in TABLES}
    body = (
        "order_id,customer_id,ordered_at,amount\n"
        "UP-1,C777,2026-10-01T10:00:00Z,10.00\n"
        "UP-2,C777,not a time,10.00\n"
        "UP-3,C777,2026-10-01T11:00:00Z,ten\n"
    )
    response = client.post("/upload", data={"mode": "logged"}, files={"file": ("bad.csv", body, "text/csv")})
    assert response.status_code == 422
    assert "2 bad rows of 3" in response.text
    assert "bad.csv:3: column &#39;ordered_at&#39;" in response.text
    assert "bad.csv:4: column &#39;amount&#39;" in response.text
    assert {table: count_rows(table) for table in TABLES} == before
    assert re.search(
        r"<td>bad.csv</td><td>validate</td>\s*<td><span class=\"badge bad\">rejected</span></td>",
        response.text,
    )


def test_an_upload_of_an_unknown_type_is_refused(client):
    response = client.post(
        "/upload", data={"mode": "row"}, files={"file": ("orders.xlsx", b"PK", "application/zip")}
    )
    assert response.status_code == 422 and "unknown file type" in response.text


def test_a_customers_orders_are_paged_newest_first(client, one_customer_file):
    _import(client, one_customer_file)
    seen, cursor, pages = [], None, 0
    while True:
        url = "/orders?customer=C000000" + (f"&cursor={cursor}" if cursor else "")
        html = client.get(url).text
        seen += re.findall(r"<td>(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})</td><td>ORD-0042-", html)
        pages += 1
        cursor = _cursor(html, "next-orders")
        if not cursor:
            break
    assert len(seen) == 45 and pages == 3
    assert seen == sorted(seen, reverse=True)


def test_a_days_orders_are_paged_across_its_hours_newest_first(client, one_customer_file):
    _import(client, one_customer_file)
    seen, cursor = [], None
    while True:
        html = client.get("/orders?day=2026-10-05" + (f"&cursor={cursor}" if cursor else "")).text
        seen += re.findall(r"<td>(2026-10-05 \d\d:\d\d:\d\d\.\d{3})</td><td>ORD-0042-", html)
        cursor = _cursor(html, "next-orders")
        if not cursor:
            break
    assert len(seen) == 45 and seen == sorted(seen, reverse=True)
    assert len({s[11:13] for s in seen}) > 10  # the day's orders came from many hour partitions


def test_a_bad_day_or_cursor_is_refused_not_a_500(client):
    assert client.get("/orders?day=yesterday").status_code == 422
    assert client.get("/orders?customer=C1&cursor=bm90LWEtY3Vyc29y").status_code == 400


def _import(client, path) -> None:
    with path.open("rb") as f:
        response = client.post(
            "/upload",
            data={"mode": "logged"},
            files={"file": (path.name, f, "text/csv")},
            follow_redirects=False,
        )
    assert response.status_code == 303, response.text
