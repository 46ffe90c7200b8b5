"""The page and the JSON API: migrations applied and pending, the live schema, schema-diff, and
members read whichever migrations have run. The web process reads; it never sends DDL."""

import asyncio
from html import unescape

from conftest import NAMES, ROWS

from roster import queries


def state_table_exists(session, keyspace) -> bool:
    found = session.execute(
        "SELECT table_name FROM system_schema.tables"
        " WHERE keyspace_name = %s AND table_name = '_coodie_migrations'",
        [keyspace],
    )
    return found.one() is not None


def test_before_migrations_all_are_pending_and_the_diff_lists_them(client, keyspace, session):
    response = client.get("/")
    assert response.status_code == 200
    html = unescape(response.text)
    assert all(name in html for name in NAMES) and html.count(">pending<") == 4
    assert "<code>full_name</code>" in html and "<code>display_name</code>" not in html
    for line in (
        '[+] ADD column "plan" text',
        '[+] ADD column "email_domain" text',
        '[+] ADD column "display_name" text',
        '[-] DROP column "full_name" (text)',
        "[+] CREATE INDEX members_city_idx",
    ):
        assert line in html, line
    assert html.count("Member ") == 10  # the first page of members, named from full_name
    # coodie's own status() would CREATE its bookkeeping table; the page reads without it.
    assert not state_table_exists(session, keyspace), "the web process sent DDL"


def test_after_migrations_all_are_applied_and_the_diff_is_empty(client, keyspace):
    asyncio.run(queries.migrate(keyspace))
    html = unescape(client.get("/").text)
    assert html.count("applied 20") == 4 and ">pending<" not in html
    assert "No changes detected." in html and "the table matches the model after all migrations" in html
    assert "<code>full_name</code>" not in html and "<code>members_city_idx</code>" in html
    assert html.count("Member ") == 10  # now named from display_name: reads switched
    assert "example1.com" in html or "example0.com" in html  # email_domain filled
    body = client.get("/api/migrations").json()
    assert body["in_step"] is True and [m["name"] for m in body["migrations"]] == NAMES
    assert all(m["applied_at"] for m in body["migrations"])
    assert ROWS > 10


def test_htmx_refresh_returns_the_status_fragment(client):
    html = client.get("/", headers={"HX-Request": "true"}).text
    assert "<html" not in html and 'id="migrations"' in html and 'id="schema-diff"' in html
