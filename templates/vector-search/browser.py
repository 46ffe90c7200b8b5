"""The materialized-views demo in a real browser (the harness imports this; it is not rendered).

The app is served seeded (`seed.py --count 50`). The main flow: the comparison page (the
README's screenshot), another category through HTMX, then a new product whose category and
brand are edited, so that its view rows move; a write to a view, refused; and a delete.
"""

from __future__ import annotations

import re
import time
from uuid import uuid4

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page

    # Both answers, side by side, each with the CQL it sent (the first page is the README's
    # screenshot: taken once the view has caught up with the seed, as it does within moments).
    _view_caught_up(page, "Audio")
    kit.visit("/")
    expect(page.get_by_role("heading", name="One question, two answers")).to_be_visible()
    expect(page.locator("#agreement .badge.ok")).to_contain_text("both answers list the same")
    view_rows = page.locator("table#products_by_category tbody tr")
    expect(view_rows.first).to_be_visible()
    expect(page.locator("table#products_by_category_manual tbody tr")).to_have_count(view_rows.count())
    expect(page.locator(".compare .sent pre").first).to_contain_text("products_by_category")
    kit.open_cql_panel()

    # Another category: an HTMX swap, the URL follows.
    _view_caught_up(page, "Cameras")
    page.get_by_label("Category", exact=True).fill("Cameras")  # not the regions named after tables
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"category=Cameras"))
    expect(page.locator("#agreement .badge.ok")).to_be_visible()
    kit.shot("cameras")

    # A new product, then an edit of both view keys: its rows move.
    tag = uuid4().hex[:6]
    kit.visit("/products/new")
    page.get_by_label("Name").fill(f"Browser Lamp {tag}")
    page.get_by_label("Brand").fill("Lumen")
    page.get_by_label("Category").fill("Home")
    page.get_by_label("Price (USD)").fill("42.50")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text(f"Browser Lamp {tag}")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Brand").fill("Nimbus")
    page.get_by_label("Category").fill("Outdoor")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"was_category=Home"))
    placements = page.locator("#placements tbody tr")
    # Outdoor and Home, each in the view and the hand-made table; Nimbus and Lumen in the brand view.
    expect(placements).to_have_count(6)
    gone = placements.filter(has_text="not there")  # the old partitions: Home twice, Lumen once
    _reload_until(page, lambda: gone.count() == 3)  # a view may trail its table: reload, never sleep
    kit.axe()
    kit.shot("moved")

    # A write to a view: refused, and the page says by whom.
    page.get_by_label("View", exact=True).select_option("products_by_category")
    page.get_by_role("button", name="Try to write this row").click()
    refused = page.locator("#refused")
    expect(refused).to_contain_text("Materialized views are read-only")
    expect(refused).to_contain_text("Cannot directly modify a materialized view")
    kit.axe()
    kit.shot("refused")

    # Delete it: gone from the category it was in.
    page.get_by_role("button", name="Delete").click()
    expect(page.locator(".flash.ok")).to_contain_text(f"Deleted Browser Lamp {tag}")
    kit.visit("/schema")
    expect(page.locator(".schema pre").first).to_contain_text("CREATE TABLE IF NOT EXISTS")
    expect(page.get_by_text("CREATE MATERIALIZED VIEW IF NOT EXISTS").first).to_be_visible()


def _view_caught_up(page, category: str, timeout_s: float = 20) -> None:
    """Poll the API until the view's first page of `category` lists what the hand-made table's
    does (the seed wrote both; the view follows its base table asynchronously)."""

    def ids(source: str) -> list[str]:
        response = page.request.get(f"/api/categories/{category}/products?source={source}")
        assert response.ok, f"{response.url}: {response.status}"
        return [p["id"] for p in response.json()["items"]]

    deadline = time.monotonic() + timeout_s
    while (manual := ids("manual")) != ids("view") or not manual:
        assert time.monotonic() < deadline, f"the view of {category} not caught up in {timeout_s:g} s"
        page.wait_for_timeout(100)  # between two polls, not instead of one


def _reload_until(page, check, timeout_s: float = 20) -> None:
    """Reload until `check()` holds: the page reads the views once per load."""
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, f"{page.url}: not so within {timeout_s:g} s"
        page.reload()
        page.wait_for_load_state("networkidle")
