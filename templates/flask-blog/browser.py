"""The flask-blog's flows in a real browser (run by the harness on a demo seeded with 50 posts).

Latest posts and three pages of "Older posts"; a post with its comments and the comment form's
errors; a new author; the new-post form's errors, then a post whose <script> body is shown as
text; its tag page and its author's tag filter; deleting it; the schema page.
"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page
    dialogs: list[str] = []  # an alert() would mean a <script> from a post ran
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # The home page (the README's screenshot): everyone's latest posts, from the timeline.
    kit.visit("/")
    cards = page.locator("#posts .post-card")
    expect(cards).to_have_count(12)
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("timeline WHERE")

    # Three pages of "Older posts" (HTMX swaps the list, the address follows): none seen twice.
    links = page.locator("#posts .post-card h2 a")
    seen = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    for _ in range(2):
        first = seen[-12]
        page.locator("#older-posts").click()
        expect(page).to_have_url(re.compile(r"\?cursor="))
        expect(links.first).not_to_have_attribute("href", first)
        expect(cards).to_have_count(12)
        seen += links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(seen) == len(set(seen)) == 36, seen
    kit.axe()
    kit.shot("third-page")
    page.get_by_role("link", name="Newest posts").click()
    expect(links.first).to_have_attribute("href", seen[0])

    # A post with its comments: add one (it comes first: newest first), then the form's errors.
    post_path = seen[0]
    kit.visit(post_path)
    page.get_by_label("Your name", exact=True).fill("Browser Bot")
    page.get_by_label("Comment", exact=True).fill("Read from a real browser.")
    page.get_by_role("button", name="Add comment").click()
    expect(page).to_have_url(re.compile(re.escape(post_path) + "#comments$"))
    expect(page.locator("#comment-page .comment").first).to_contain_text("Read from a real browser.")
    page.get_by_role("button", name="Add comment").click()  # empty: 422, errors beside the fields
    expect(page.locator("#author-error")).to_have_text("This field is required.")
    expect(page.locator("#body-error")).to_have_text("This field is required.")
    expect(page.get_by_label("Your name", exact=True)).to_have_attribute("aria-invalid", "true")
    kit.axe()
    kit.shot("comment-errors")

    # A new author, then the same handle again: taken (a lightweight transaction said no).
    handle = f"browser-{uuid.uuid4().hex[:6]}"
    kit.visit("/authors/new")
    page.get_by_label("Handle", exact=True).fill(handle)
    page.get_by_label("Display name").fill("Browser Bot")
    page.get_by_role("button", name="Create author").click()
    expect(page).to_have_url(re.compile(f"/authors/{handle}$"))
    page.goto("/authors/new")
    page.get_by_label("Handle", exact=True).fill(handle)
    page.get_by_label("Display name").fill("Someone Else")
    page.get_by_role("button", name="Create author").click()
    expect(page.locator("#handle-error")).to_contain_text("is taken")

    # The new-post form: errors beside the fields, then a body far too long.
    kit.visit(f"/posts/new?author={handle}")
    expect(page.get_by_label("Author handle")).to_have_value(handle)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#title-error")).to_have_text("This field is required.")
    expect(page.locator("#body-error")).to_have_text("This field is required.")
    kit.axe()
    kit.shot("post-errors")
    # The textarea carries maxlength (from the form's Length rule), so the browser stops at
    # 20,000 characters; without it (an old browser, a script) the server refuses the body.
    body = page.get_by_label("Body", exact=True)
    expect(body).to_have_attribute("maxlength", "20000")
    body.fill("x" * 100_000)
    assert body.evaluate("el => el.value.length") == 20_000
    body.evaluate("el => el.removeAttribute('maxlength')")
    page.get_by_label("Title", exact=True).fill("Too long")
    body.fill("x" * 100_000)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#body-error")).to_contain_text("cannot be longer than 20000")

    # A post whose body is a <script>: shown as text, never run (a dialog would fail the flow).
    script = "<script>alert('xss')</script>"
    page.get_by_label("Title", exact=True).fill("Hello from the browser")
    page.get_by_label("Tags (comma-separated)").fill("browser, demo")
    page.get_by_label("Body", exact=True).fill(script)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("article.post h1")).to_have_text("Hello from the browser")
    expect(page.locator("article.post .body p")).to_have_text(script)
    assert not dialogs, dialogs
    new_post = page.url

    # Its tag's page (posts_by_tag), and its author's page filtered by tag (the in-partition index).
    page.locator("article.post").get_by_role("link", name="#browser").click()
    expect(page.locator("#posts .post-card").first).to_contain_text("Hello from the browser")
    kit.axe()
    page.locator("#posts .post-card").first.get_by_role("link", name="Browser Bot").click()
    page.locator("#posts .post-card").first.get_by_role("link", name="#demo").click()
    expect(page).to_have_url(re.compile(r"\?tag=demo"))
    expect(page.locator("#posts .post-card")).to_have_count(1)
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text('"tags" CONTAINS ?')
    kit.axe()
    kit.shot("author-tag")

    # Delete it: back to the latest posts, with a note of what went with it.
    page.goto(new_post)
    page.get_by_role("button", name="Delete post").click()
    expect(page.locator(".flash.ok")).to_contain_text("Post deleted")
    expect(page.locator("#posts")).not_to_contain_text("Hello from the browser")

    kit.visit("/schema")
    expect(page.locator(".schema")).to_contain_text("posts_by_author_tags_idx")
