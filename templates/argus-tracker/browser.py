"""The argus-tracker flows in a real browser (run by the harness on a demo seeded with 50 runs).

A run's page (the README's screenshot: its kind's section, the latest events of each severity,
comments); a comment that @mentions ann and a reaction; ann's notifications, marked read; the
comment form's errors; the releases; a test's runs and their "Older" page; the schema page.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page
    dialogs: list[str] = []  # an alert() would mean a <script> from a comment ran
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # The newest run of the first cluster test: reached by links, as a user does.
    page.goto("/")
    page.locator(".release .tests li:has(.kind-cluster) a").first.click()
    expect(page.locator("#runs .run-row").first).to_be_visible()
    page.locator("#runs .run-row a").first.click()
    expect(page.locator(".run-section.kind-cluster")).to_be_visible()
    expect(page.locator("#events h3")).to_have_count(4)
    page.wait_for_load_state("networkidle")
    kit.axe()
    kit.shot("run")
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("PER PARTITION LIMIT")
    expect(page.locator("#cql-panel .ms").first).to_contain_text("prepared")  # bound, not CQL text
    run_url = page.url

    # A comment that mentions ann (and a <script>, shown as text), then a reaction.
    script = "<script>alert('xss')</script>"
    page.get_by_label("Comment as (user name)").fill("bob")
    page.get_by_label("Comment", exact=True).fill(f"@ann look at the ERROR events {script}")
    page.get_by_role("button", name="Comment", exact=True).click()
    comment = page.locator("#comments .comment").first
    expect(comment).to_contain_text(f"@ann look at the ERROR events {script}")
    expect(comment).to_contain_text("mentions 1")
    comment.get_by_role("button", name="React ✓").click()
    expect(page.locator("#comments .comment").first.get_by_role("button", name="React ✓")).to_contain_text(
        "✓ 1"
    )
    assert not dialogs, dialogs
    kit.axe()

    # The form's errors beside the fields.
    page.get_by_label("Comment as (user name)").fill("nobody-here")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#message-error")).to_have_text("This field is required.")
    expect(page.get_by_label("Comment", exact=True)).to_have_attribute("aria-invalid", "true")
    kit.axe()
    kit.shot("comment-errors")

    # ann's notifications: the mention is there and unread; marking all read empties the count.
    kit.visit("/users/ann/notifications")
    expect(page.locator(".notification.unread").first).to_contain_text("bob mentioned you")
    unread = int(re.match(r"\d+", page.locator("#unread").inner_text()).group())
    assert unread >= 1
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("#unread")).to_have_text("0 unread")
    expect(page.locator(".notification.unread")).to_have_count(0)
    page.locator(".notification a").first.click()
    expect(page).to_have_url(re.compile(re.escape(run_url.split("#")[0])))

    # The releases, and a driver matrix test's runs with its "Older" page.
    kit.visit("/")
    expect(page.locator(".release")).to_have_count(3)
    page.locator(".release .tests li:has(.kind-driver-matrix) a").first.click()
    rows = page.locator("#runs .run-row")
    expect(rows.first).to_be_visible()
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text('"build_bucket" = ?')
    kit.axe()

    kit.visit("/schema")
    expect(page.locator(".schema")).to_contain_text("run_events")
