"""The schema-migrations demo in a real browser (the harness imports this; it is not rendered).

The app is served seeded (`seed.py --count 50`) on the day-one table, no migration applied
(migrations are a deploy step: `python -m roster migrate`, never the browser). The flow: the
status page (the README's screenshot) with four pending migrations, the live schema and
schema-diff; an HTMX refresh; the same status as JSON; /schema.
"""

from __future__ import annotations

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page

    kit.visit("/")
    expect(page.get_by_role("heading", name="A table that changes under migrations")).to_be_visible()
    rows = page.locator("table#migrations tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("20260601_001_add_plan")
    expect(page.locator("table#live-schema")).to_contain_text("full_name")
    diff = page.locator("#schema-diff")
    expect(diff).to_contain_text('[-] DROP column "full_name" (text)')
    expect(diff).to_contain_text("[+] CREATE INDEX members_city_idx")
    expect(page.locator("table#members tbody tr")).to_have_count(10)
    kit.open_cql_panel()
    kit.axe()

    # Refresh: an HTMX swap of the status, the same four rows.
    page.get_by_role("button", name="Refresh").click()
    expect(rows).to_have_count(4)
    expect(page.locator("table#migrations")).to_contain_text("pending")
    kit.shot("refreshed")

    status = page.request.get("/api/migrations")
    assert status.ok, status.status
    body = status.json()
    assert [m["applied_at"] for m in body["migrations"]] == [None] * 4 and body["in_step"] is False

    kit.visit("/schema")
    expect(page.locator(".schema pre").first).to_contain_text("CREATE TABLE IF NOT EXISTS")
