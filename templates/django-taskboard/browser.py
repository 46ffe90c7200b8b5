"""The django-taskboard demo in a real browser: log in, move a card on the board, read the activity.

The harness serves the seeded demo (`seed.py --count 50`, not in production), so the demo login exists:
user `demo`, password `demo`.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page

    # Every page needs a login: the board sends us to the login form first.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    kit.axe()
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Boards", exact=True)).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_contain_text("demo")

    # A seeded board: the page shown in the root README.
    board = page.locator("a.board-link").first.get_attribute("href")
    kit.visit(board)
    todo, doing = page.locator("#column-todo"), page.locator("#column-doing")
    expect(page.locator("#column-done")).to_be_visible()
    kit.open_cql_panel()  # the counters' partition and the newest month of the event log

    # Add a task: it lands on top of "To do", with its "created" event.
    title = "Try coodie in a browser"
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Add to To do").click()
    expect(page.get_by_role("status").filter(has_text="Added")).to_contain_text(f"Added “{title}” to To do")
    card = todo.locator("li.task").first
    expect(card.locator("h3")).to_have_text(title)

    # Move it to "Doing": one event, one counter batch.
    todo_badge = int(todo.locator("h2 .badge").inner_text())
    doing_badge = int(doing.locator("h2 .badge").inner_text())
    card.get_by_role("button", name=re.compile(r"^Doing")).click()
    expect(page.get_by_role("status").filter(has_text="Moved")).to_contain_text(
        f"Moved “{title}” from To do to Doing"
    )
    expect(doing.locator("li.task h3").first).to_have_text(title)
    expect(todo.locator("h2 .badge")).to_have_text(str(todo_badge - 1))
    expect(doing.locator("h2 .badge")).to_have_text(str(doing_badge + 1))
    last_write = page.locator("details.last-write")
    expect(last_write).to_contain_text("BEGIN COUNTER BATCH")
    expect(last_write).to_contain_text("INSERT INTO")
    expect(page.locator(".events li.event").first).to_contain_text(f"moved “{title}” from To do to Doing")
    kit.axe()
    kit.shot("board-after-move")

    # The activity feed: newest first, the move on top; older events load in place (HTMX).
    kit.visit(f"{board}activity/")
    feed = page.locator("ol.feed li.event")
    expect(feed.first).to_contain_text(f"moved “{title}” from To do to Doing")
    before = feed.count()
    kit.open_cql_panel()
    page.locator("#older-link").click()  # a seeded board holds about 50 events: more than a page
    expect(feed).not_to_have_count(before)
    expect(page.locator("#cql-panel")).to_contain_text("task_events")  # swapped in out of band
    kit.shot("activity-older")

    # Statistics from the counters, beside the SQL truth.
    kit.visit(f"{board}stats/")
    expect(page.locator("#stat-doing")).to_be_visible()
    expect(page.get_by_text("The counters differ")).to_have_count(0)

    # The schema page: the CQL coodie generates for the three tables.
    kit.visit("/schema")
    expect(page.locator(".schema pre").filter(has_text="CREATE TABLE IF NOT EXISTS")).to_have_count(3)
