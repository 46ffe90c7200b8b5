"""Browser flows of the timeseries-iot demo (run by the harness; not part of a generated project).

The app is served seeded. The main flow: the dashboard (the root README's screenshot), a
simulator form refused beside its field, then a run whose readings reach the sensors' cards
through HTMX polling, without a reload; then a sensor given 25 readings through the API: its
hourly rollups and its readings, paged newest first across days; and the schema with its
time-window compaction.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from playwright.sync_api import expect

RATE, SECONDS = 20, 3
PROBE_READINGS = 25  # a page of 20, and an older page that starts in an earlier day


def flows(kit) -> None:
    page = kit.page

    kit.visit("/")
    expect(page.get_by_role("heading", name="Sensors, live")).to_be_visible()
    cards = page.locator("article.sensor")
    expect(cards.first).to_be_visible()
    assert _readings_in_24h(page) > 0, "the seeded dashboard shows no readings in the last 24 hours"
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("PER PARTITION LIMIT 1")
    kit.axe()

    # A bounded run only: 0 readings per second is refused beside the field (a 422).
    page.get_by_label("Readings per second").fill("0")
    page.get_by_role("button", name="Start simulator").click()
    expect(page.locator("#rate-error")).to_be_visible()
    expect(page.get_by_label("Readings per second")).to_have_attribute("aria-invalid", "true")
    kit.axe()

    # A run: the cards move by polling (a marker set now survives), and end at what it stored.
    kit.visit("/")
    before = _readings_in_24h(page)
    page.get_by_label("Readings per second").fill(str(RATE))
    page.get_by_label("For seconds").fill(str(SECONDS))
    page.get_by_role("button", name="Start simulator").click()
    expect(page.get_by_role("status")).to_contain_text("Simulator started")
    page.evaluate("window.__notReloaded = true")
    status = page.locator("#simulator-status")
    expect(status).to_have_attribute("data-state", "finished", timeout=30_000)
    expect(status).to_have_attribute("data-stored", str(RATE * SECONDS))
    _poll(page, lambda: _readings_in_24h(page) == before + RATE * SECONDS)
    assert page.evaluate("window.__notReloaded === true"), "the dashboard reloaded instead of polling"
    kit.shot("dashboard-after-simulation")

    # One sensor with more readings than a page (20), every 2 hours back over two days, sent
    # through the API: the seed leaves a sensor a few readings, too few for an "Older" page.
    sensor_id, now = f"browser-{uuid4().hex[:6]}", datetime.now(UTC)
    for n in range(PROBE_READINGS):
        reading = {"sensor_id": sensor_id, "kind": "temperature", "location": "Browser", "value": 20 + n / 10}
        answer = page.request.post(
            "/api/readings", data={**reading, "ts": (now - n * timedelta(hours=2)).isoformat()}
        )
        assert answer.ok, answer.text()
    kit.visit("/")
    page.locator(f"#sensor-{sensor_id}").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sensor_id)
    expect(page.locator("#rollups tbody tr").first).to_be_visible()
    times = page.locator("#readings tbody tr td:first-child").all_inner_texts()
    assert times == sorted(times, reverse=True), "readings are not newest first"
    kit.axe()
    kit.shot("sensor")
    page.get_by_role("link", name="Older").click()
    expect(page).to_have_url(re.compile(r"cursor="))
    older = page.locator("#readings tbody tr td:first-child").all_inner_texts()
    assert older and older[0] < times[-1], "the next page does not go on where the first ended"
    page.get_by_role("link", name="Newest").click()
    expect(page.locator("#readings tbody tr td:first-child").first).to_have_text(times[0])

    # A day with nothing in it says so; a day that is not a day is a 400, not a 500.
    kit.visit(f"/sensors/{sensor_id}?day=2001-01-01")
    expect(page.locator("#hourly ~ p.muted")).to_contain_text("No readings on 2001-01-01")
    response = page.goto(f"/sensors/{sensor_id}?day=yesterday")
    assert response is not None and response.status == 400, f"a bad day answered {response}"
    expect(page.locator("main")).to_contain_text("YYYY-MM-DD")
    kit.axe()

    kit.visit("/schema")
    expect(page.locator("main")).to_contain_text("TimeWindowCompactionStrategy")


def _readings_in_24h(page) -> int:
    counts = page.locator("article.sensor").evaluate_all("cards => cards.map(c => c.dataset.readingsLastDay)")
    return sum(int(c) for c in counts)


def _poll(page, condition, timeout_ms: int = 10_000) -> None:
    """Wait for HTMX's next swaps (every 2 s) until `condition` holds."""
    waited = 0
    while not condition():
        assert waited < timeout_ms, "the dashboard never showed the simulator's readings"
        page.wait_for_timeout(250)
        waited += 250
