"""Browser flows of the realtime-counters demo (run by the harness; not part of a generated project).

The main flow: the dashboard's figures move while the simulator runs, without a reload
(HTMX polls /live every 2 s), and end at exactly what the simulator counted.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

SIMULATED_RATE, SIMULATED_SECONDS = 40, 5


def flows(kit) -> None:
    page = kit.page

    # The dashboard (the root README's screenshot): today's figures from the seed.
    kit.visit("/")
    views = page.locator("#views-day")
    status = page.locator("#simulator-status")
    expect(views).to_be_visible()
    expect(page.locator("#top-pages")).to_be_visible()
    before = int(views.get_attribute("data-views"))
    assert before > 0, "the seeded dashboard shows no views today"

    # Start the simulator with the form (a plain POST, then back to the dashboard).
    page.get_by_label("Hits per second").fill(str(SIMULATED_RATE))
    page.get_by_label("For seconds").fill(str(SIMULATED_SECONDS))
    page.get_by_role("button", name="Start simulator").click()
    expect(page.get_by_role("status")).to_contain_text("Simulator started")
    expect(status).to_have_attribute("data-state", "running")

    # The figures move by polling, not by reloading: a marker set now survives the updates.
    page.evaluate("window.__notReloaded = true")
    at_start = views.get_attribute("data-views")
    expect(views).not_to_have_attribute("data-views", at_start, timeout=10_000)
    kit.shot("dashboard-live")
    expect(status).to_have_attribute("data-state", "finished", timeout=30_000)
    counted = int(status.get_attribute("data-counted"))
    assert counted == SIMULATED_RATE * SIMULATED_SECONDS, f"the simulator counted {counted}"
    expect(views).to_have_attribute("data-views", str(before + counted), timeout=10_000)
    assert page.evaluate("window.__notReloaded === true"), "the dashboard reloaded instead of polling"
    kit.axe()
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("page_views_by_day")
    kit.shot("dashboard-after-simulation")

    # From the ranking to a page: totals, seven days, and Like / Unlike (increment / decrement).
    top_link = page.locator("#top-pages ~ table tbody a").first
    top_page = top_link.inner_text()
    top_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(top_page)
    kit.axe()
    likes = page.locator("#page-likes")
    liked_before = int(likes.get_attribute("data-likes"))
    page.get_by_role("button", name="Like", exact=True).click()
    expect(likes).to_have_attribute("data-likes", str(liked_before + 1))
    page.get_by_role("button", name="Unlike").click()
    expect(likes).to_have_attribute("data-likes", str(liked_before))
    kit.shot("page-detail")

    # Record a hit by hand: the error beside the field first (a 422), then a counted hit.
    kit.visit("/hits/new")
    page.get_by_label("Page", exact=True).fill("pricing")
    page.get_by_role("button", name="Count it").click()
    expect(page.locator("#page-error")).to_contain_text("starts with /")
    kit.axe()
    page.get_by_label("Page", exact=True).fill("/browser/tour")
    page.get_by_label("Referrer", exact=True).fill("https://www.example.org/post")
    page.get_by_label("Views", exact=True).fill("3")
    page.get_by_role("button", name="Count it").click()
    expect(page.get_by_role("status")).to_contain_text("Hit counted")
    expect(page.locator("#page-views")).to_have_attribute("data-views", re.compile(r"^[1-9]\d*$"))
    kit.shot("hit-counted")

    # Another day, and the schema coodie created.
    kit.visit("/?day=2026-01-01")
    expect(views).to_have_attribute("data-views", re.compile(r"^\d+$"))
    kit.visit("/schema")
    expect(page.locator("main")).to_contain_text("counter")
