"""The collections-tags demo in a real browser (the harness imports this; it is not rendered).

The app is served seeded (`seed.py --count 50`). The flow: a tag's page with both ways side by
side; the bookmarks and their pager; a new bookmark, then each collection changed in place
(HTMX) with the CQL panel showing the one statement each sends; the tag page for the new tag;
and a deletion.
"""

from __future__ import annotations

import re
from uuid import uuid4

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page
    mine, chip = f"browser-{uuid4().hex[:6]}", f"chip-{uuid4().hex[:6]}"

    # Both ways of finding by tag, side by side (the seed's vocabulary has "cassandra").
    kit.visit("/tags/cassandra")
    expect(page.get_by_role("heading", name=re.compile("Bookmarks tagged"))).to_be_visible()
    expect(page.locator("#via-lookup pre.cql")).to_contain_text('"tag" = ?')
    expect(page.locator("#via-index pre.cql")).to_contain_text('"tags" CONTAINS ?')
    expect(page.locator("#agree")).to_contain_text("Both ways found the same")

    # The bookmarks, a page at a time (HTMX swaps the table in place).
    kit.visit("/")
    expect(page.get_by_role("heading", name="Bookmarks and their tags")).to_be_visible()
    expect(page.locator("table.data tbody tr")).to_have_count(20)
    page.get_by_role("link", name="Next page →").click()
    expect(page).to_have_url(re.compile(r"/\?cursor="))
    expect(page.locator("table.data tbody tr").first).to_be_visible()

    # A new bookmark: saved with a lookup row per tag in one logged batch.
    kit.visit("/")
    form = page.locator("form[action='/bookmarks']")
    form.get_by_label("URL").fill(f"https://example.com/{mine}")
    form.get_by_label("Title").fill("A bookmark from the browser")
    form.get_by_label("Tags").fill(f"{mine}; cassandra")
    form.get_by_role("button", name="Save bookmark").click()
    expect(page.get_by_role("status")).to_contain_text("one logged batch")
    detail = page.url

    # A tag chip added and removed in place: the page does not reload, the panel shows the batch.
    tags = page.locator("#tags")
    tags.get_by_label("Add tags").fill(chip)
    tags.get_by_role("button", name="Add").click()
    expect(tags.get_by_role("link", name=chip)).to_be_visible()
    expect(tags.get_by_role("status")).to_contain_text(f"Added {chip}")
    assert page.url == detail
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text('"tags" = "tags" + ?')
    expect(page.locator("#cql-panel")).to_contain_text("BEGIN BATCH")
    kit.axe()
    kit.shot("tag-added")
    page.locator("#tags").get_by_role("button", name=f"Remove tag {chip}").click()
    expect(page.locator("#tags").get_by_role("status")).to_contain_text(f"Removed {chip}")
    expect(page.locator("#tags").get_by_role("link", name=chip)).to_have_count(0)

    # The list: appended at the end, prepended on top.
    history = page.locator("#history")
    history.get_by_label("Note").fill("read it")
    history.get_by_role("button", name="Append").click()
    expect(page.locator("#history li")).to_have_text(["read it"])
    page.locator("#history").get_by_label("Note").fill("pinned")
    page.locator("#history").get_by_role("button", name="Prepend").click()
    expect(page.locator("#history li")).to_have_text(["pinned", "read it"])
    expect(page.locator("#cql-panel")).to_contain_text('"history" = ? + "history"')

    # The map: one key put, then deleted; the others stay.
    attributes = page.locator("#attributes")
    attributes.get_by_label("Key").fill("mood")
    attributes.get_by_label("Value").fill("calm")
    attributes.get_by_role("button", name="Put").click()
    expect(page.locator("#attributes td code", has_text="mood")).to_be_visible()
    page.locator("#attributes").get_by_label("Key").fill("lang")
    page.locator("#attributes").get_by_label("Value").fill("en")
    page.locator("#attributes").get_by_role("button", name="Put").click()
    expect(page.locator("#attributes tbody tr")).to_have_count(2)
    page.locator("#attributes").get_by_role("button", name="Delete attribute mood").click()
    expect(page.locator("#attributes tbody tr")).to_have_count(1)
    expect(page.locator("#cql-panel")).to_contain_text('DELETE "attributes"[?]')

    # The frozen UDT, replaced whole.
    source = page.locator("#source")
    source.get_by_label("Kind").select_option("feed")
    source.get_by_label("From").fill("Lobsters")
    source.get_by_role("button", name="Replace").click()
    expect(page.locator("#source-now")).to_have_text("feed · Lobsters")
    expect(page.locator("#cql-panel")).to_contain_text('SET "source" = ?')
    kit.axe()
    kit.shot("collections-changed")

    # The new tag's page: one bookmark, both ways.
    kit.visit(f"/tags/{mine}")
    expect(page.locator("#agree")).to_have_text("Both ways found the same 1 bookmark.")

    # Delete it: the row and its lookup rows go together.
    page.goto(detail)
    page.get_by_role("button", name="Delete bookmark").click()
    expect(page.get_by_role("status")).to_contain_text("A bookmark from the browser")
    kit.visit(f"/tags/{mine}")
    expect(page.locator("#via-lookup")).to_contain_text("No bookmark has this tag.")
    expect(page.locator("#via-index")).to_contain_text("No bookmark has this tag.")
