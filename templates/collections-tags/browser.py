"""Browser steps for fastapi-catalog (run by the harness: tests/test_browser.py)."""

import re

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page

    # The catalog (the README's screenshot), its CQL panel, then the next page.
    kit.visit("/")
    expect(page.locator(".grid .card").first).to_be_visible()
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("products")
    first_page = page.locator(".grid .card h2").all_inner_texts()
    page.locator("#next-page").click()
    expect(page).to_have_url(re.compile(r"cursor="))
    expect(page.locator(".grid .card").first).to_be_visible()
    assert page.locator(".grid .card h2").all_inner_texts() != first_page

    # Filter by category (an HTMX swap; the URL follows).
    kit.visit("/")
    page.get_by_label("Category").fill("Audio")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"category=Audio"))
    for meta in page.locator(".grid .card .meta").all_inner_texts():
        assert meta.endswith("Audio")
    kit.shot("filtered")

    # A new product: errors beside the fields first, then a valid one.
    kit.visit("/products/new")
    page.get_by_label("Name").fill("Browser Lamp")
    page.get_by_label("Price (USD)").fill("cheap")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#brand-error")).to_be_visible()
    expect(page.locator("#price-error")).to_be_visible()
    kit.axe()
    kit.shot("form-errors")
    page.get_by_label("Brand").fill("Lumen")
    page.get_by_label("Category").fill("Home")
    page.get_by_label("Price (USD)").fill("42.50")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Browser Lamp")

    # Review it, then edit it.
    page.get_by_label("Your name").fill("Playwright")
    page.get_by_label("Review").fill("Bright and quiet.")
    page.get_by_role("button", name="Post review").click()
    expect(page.locator(".review").first).to_contain_text("Bright and quiet.")
    kit.axe()
    kit.shot("product")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Name").fill("Browser Lamp XL")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Browser Lamp XL")

    # Delete it.
    page.get_by_role("button", name="Delete").click()
    expect(page.locator(".flash.ok")).to_contain_text("Product deleted")
    kit.visit("/schema")
    expect(page.locator(".schema pre").first).to_contain_text("CREATE TABLE IF NOT EXISTS")
