"""Browser flows for the ttl-sessions demo (run by the harness, not rendered into projects).

The demo is served seeded (`seed.py --count 50`): fifty sessions with TTLs of 2 to 60 minutes.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect


def _seconds(locator) -> int:
    return int(locator.inner_text().strip())


def _counts_down(page, locator, *, below: int | None = None, timeout_ms: int = 5_000) -> tuple[int, int]:
    """Read a countdown, then wait (bounded) until it shows a smaller number: the TTL the
    server read from Cassandra, decreasing in the browser. Returns (first, later) values."""
    first = _seconds(locator)
    target = first if below is None else min(first, below)
    handle = locator.element_handle()
    page.wait_for_function(
        "([el, target]) => Number(el.textContent.trim()) < target", arg=[handle, target], timeout=timeout_ms
    )
    later = _seconds(locator)
    assert later < target, f"the countdown did not go down: {first} then {later}"
    return first, later


def flows(kit) -> None:
    page = kit.page

    # 1. The board: seeded sessions, soonest to expire first, each TTL counting down.
    kit.visit("/")
    rows = page.locator("#board tbody tr[data-expires]")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 10, f"expected the seeded sessions on the board, saw {rows.count()}"
    expect(page.locator("#board-title")).to_contain_text("Live sessions")
    first_ttl = rows.first.locator(".countdown .left")
    before, after = _counts_down(page, first_ttl)
    assert 0 < after < before <= 3600
    # The board is sorted by the remaining TTL the database reported.
    values = [int(v) for v in rows.locator(".countdown .left").all_inner_texts()]
    assert values == sorted(values), values

    # 2. Log in for one minute: the session card counts down from TTL() of the new row.
    page.fill("#user", "Playwright")
    page.select_option("#ttl", "60")
    page.click("#login")
    expect(page.locator(".flash.ok")).to_contain_text("You are logged in")
    mine = page.locator("#you .countdown .left")
    expect(mine).to_be_visible()
    assert 55 <= _seconds(mine) <= 60
    expect(page.locator("#board tr.mine")).to_contain_text("Playwright")
    _, lowered = _counts_down(page, mine, below=58)
    kit.shot("logged-in-countdown")

    # 3. Extend: the row is rewritten USING TTL 60, so the countdown jumps back up.
    page.click("#extend")
    expect(page.locator(".flash.ok")).to_contain_text("Session extended")
    assert _seconds(page.locator("#you .countdown .left")) > lowered
    kit.axe()
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text('TTL("user")')

    # 4. Log out: the rows are deleted, the board no longer shows the session.
    page.click("#logout")
    expect(page.locator(".flash.ok")).to_contain_text("Logged out")
    expect(page.locator("#board tr.mine")).to_have_count(0)
    expect(page.locator("#login")).to_be_visible()

    # 5. A one-time code: shown with its own countdown (the table's default TTL)...
    page.fill("#code-user", "Playwright")
    page.click("#get-code")
    expect(page).to_have_url(re.compile(r"/codes/[A-Z2-9]{8}$"))
    code = page.locator("#the-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{8}", code), code
    assert 110 <= _seconds(page.locator(".countdown .left")) <= 120
    kit.axe()
    kit.shot("one-time-code")

    # ...that logs in once,
    page.click("#use-code")
    expect(page.locator(".flash.ok")).to_contain_text("one-time code")
    expect(page.locator("#you")).to_contain_text("Playwright")
    page.click("#logout")
    expect(page.locator(".flash.ok")).to_contain_text("Logged out")

    # ...and is refused the second time, with the reason beside the field.
    page.fill("#code", code)
    page.click("#use-code")
    expect(page.locator("#code-error")).to_contain_text("already used, or it expired")
    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
    kit.axe()

    # 6. The schema: each table's default TTL and gc_grace_seconds, as coodie created them.
    kit.visit("/schema")
    expect(page.locator("main")).to_contain_text("default_time_to_live = 900")
    expect(page.locator("main")).to_contain_text("gc_grace_seconds = 3600")
