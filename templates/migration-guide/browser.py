"""The migration-guide flows in a real browser (run by the harness on a demo seeded with 50 runs).

The guide: each model pair side by side, the API mapping, the pitfalls; the runs of a test
through both hands, newest first, the CQL panel listing both mappers' statements; the schema page.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page

    # The guide (the README's screenshot): three pairs, the mapping, the pitfalls.
    kit.visit("/")
    expect(page.locator(".pair")).to_have_count(3)
    expect(page.locator(".pair .hand.left").first).to_contain_text(
        "class PackageVersionUDT(usertype.UserType)"
    )
    expect(page.locator(".pair .hand.right").first).to_contain_text("class PackageVersion(UserType)")
    expect(page.locator("#mapping tbody tr")).to_have_count(12)
    expect(page.locator("#mapping")).to_contain_text("Run.find(test_id=test_id).limit(2).all()")
    expect(page.locator("#pitfalls > li").first).to_contain_text("handled at migrationguide/")
    kit.axe()

    # A test's runs through both hands: the same rows on each side, newest first.
    page.get_by_role("link", name="Runs", exact=True).click()
    expect(page).to_have_url(re.compile(r"/runs$"))
    left = page.locator('section[aria-label="cqlengine"] tr.run')
    right = page.locator('section[aria-label="coodie"] tr.run')
    expect(left.first).to_be_visible()
    assert left.count() == right.count() > 0
    assert left.all_inner_texts() == right.all_inner_texts()
    started = [text.split("\t")[0] for text in right.all_inner_texts()]
    assert started == sorted(started, reverse=True), started
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("test_runs")
    kit.axe()
    kit.shot("runs")

    # Another test, from the buttons.
    page.locator('nav[aria-label="Tests"] a').last.click()
    expect(page).to_have_url(re.compile(r"/runs\?test="))
    expect(page.locator('nav[aria-label="Tests"] a[aria-current="page"]')).to_have_count(1)

    kit.visit("/schema")
    expect(page.locator(".schema")).to_contain_text("package_version")
