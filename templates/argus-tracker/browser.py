"""The polymorphic-cms flows in a real browser (run by the harness on a demo seeded with 50 items).

The mixed feed with a card per type and its "Older" page; the filter by type; a video's page;
the podcast form's errors, then a podcast; an article whose <script> title and body are shown
as text; the schema page.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page
    dialogs: list[str] = []  # an alert() would mean a <script> from an item ran
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # The mixed feed (the README's screenshot): a card per type, newest first.
    kit.visit("/")
    cards = page.locator("#feed .content-card")
    expect(cards).to_have_count(12)
    for kind in ("article", "video", "podcast"):
        expect(page.locator(f"#feed .content-card.kind-{kind}").first).to_be_visible()
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("contents WHERE")

    # "Older" (HTMX swaps the feed, the address follows): none seen twice.
    links = page.locator("#feed .content-card h2 a")
    seen = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    page.locator("#older").click()
    expect(page).to_have_url(re.compile(r"\?cursor="))
    expect(links.first).not_to_have_attribute("href", seen[0])
    seen += links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(seen) == len(set(seen)) == 24, seen
    kit.axe()

    # The filter by type: videos only, through the index on kind inside each month.
    kit.visit("/")
    page.get_by_role("link", name="Videos", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?kind=video$"))
    expect(page.locator("#feed .content-card:not(.kind-video)")).to_have_count(0)
    expect(page.locator("#feed .content-card.kind-video").first).to_be_visible()
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text('"kind" = ?')
    kit.axe()
    kit.shot("videos")

    # A video's page: read back as a Video, with its own fields.
    page.locator("#feed .content-card.kind-video h2 a").first.click()
    expect(page.locator("article.item")).to_contain_text("Read as a Video")
    expect(page.locator("article.item")).to_contain_text("Watch:")
    kit.axe()

    # The podcast form: errors beside the fields, then a podcast.
    kit.visit("/new/podcast")
    page.get_by_role("button", name="Publish podcast").click()
    expect(page.locator("#title-error")).to_have_text("This field is required.")
    expect(page.locator("#audio_url-error")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_attribute("aria-invalid", "true")
    kit.axe()
    kit.shot("podcast-errors")
    page.get_by_label("Title", exact=True).fill("Recorded in a browser")
    page.get_by_label("Author", exact=True).fill("Browser Bot")
    page.get_by_label("Audio address").fill("https://audio.example.com/browser.mp3")
    page.get_by_label("Episode number").fill("7")
    page.get_by_label("Length (minutes)").fill("45")
    page.get_by_role("button", name="Publish podcast").click()
    expect(page.locator("article.item h1")).to_have_text("Recorded in a browser")
    expect(page.locator("article.item")).to_contain_text("Episode 7 · 45 min")
    expect(page.locator("article.item")).to_contain_text("Read as a Podcast")

    # An article whose title and body are a <script>: shown as text, never run.
    script = "<script>alert('xss')</script>"
    kit.visit("/new/article")
    page.get_by_label("Title", exact=True).fill(script)
    page.get_by_label("Author", exact=True).fill("Browser Bot")
    page.get_by_label("Body", exact=True).fill(script)
    page.get_by_role("button", name="Publish article").click()
    expect(page.locator("article.item h1")).to_have_text(script)
    expect(page.locator("article.item .body p")).to_have_text(script)
    assert not dialogs, dialogs
    kit.axe()

    # The newest item is first in the mixed feed, and in the articles' feed.
    kit.visit("/?kind=article")
    expect(page.locator("#feed .content-card h2 a").first).to_have_text(script)

    kit.visit("/schema")
    expect(page.locator(".schema")).to_contain_text("contents_kind_idx")
