"""Browser flows of the vector-search demo (run by the harness; not part of a generated project).

The app is served seeded. The main flow: a search by meaning beside the keyword search (the
root README's screenshot), with each hit's similarity, newest CQL in the panel; a second
search swapped in by HTMX, whose nearest items are of the query's topic; an item and "more
like this"; a query of words the model never saw; a missing item; and the schema with its
storage-attached index.
"""

from __future__ import annotations

import re
from uuid import uuid4

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page

    # Search by meaning beside search by keyword (the README's screenshot).
    kit.visit("/?q=stargazing")
    expect(page.get_by_role("heading", name="Search by meaning")).to_be_visible()
    semantic = page.locator("table#semantic tbody tr")
    expect(semantic).to_have_count(10)
    scores = _scores(page)
    assert scores == sorted(scores, reverse=True), f"similarities not nearest first: {scores}"
    assert all(-1.0 <= s <= 1.0 for s in scores), scores
    assert _topics(page)[0] == "Astronomy", _topics(page)
    # found by meaning: an astronomy item whose text never says "stargazing"
    texts = page.locator("table#semantic tbody tr td:first-child .muted").all_inner_texts()
    astronomy = [text for text, topic in zip(texts, _topics(page), strict=True) if topic == "Astronomy"]
    assert any("stargazing" not in text.lower() for text in astronomy), astronomy
    expect(page.locator("#known")).to_contain_text("stargazing")
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("ANN OF")
    expect(page.locator("#cql-panel")).to_contain_text("CONTAINS")

    # Another search, swapped in by HTMX; the URL follows, and the nearest item is a coffee
    # thing ("home" alone would also find music and gardening items).
    page.get_by_label("Search", exact=True).fill("latte at home")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=latte"))
    expect(page.locator("#known")).to_contain_text("latte")
    expect(semantic).to_have_count(10)
    assert _topics(page)[0] == "Coffee", f"the nearest to 'latte at home' is no coffee item: {_topics(page)}"
    kit.axe()
    kit.shot("latte")

    # An item, and the items nearest its own vector (itself left out).
    first = semantic.first.get_by_role("link")
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    similar = page.locator("table#similar tbody tr")
    expect(similar).to_have_count(10)
    expect(similar.get_by_role("link", name=title, exact=True)).to_have_count(0)
    kit.axe()
    kit.shot("more-like-this")

    # Words the model never saw: no vector, said plainly; the keyword side finds nothing either.
    kit.visit("/?q=xylophone%20zeppelin")
    expect(page.locator("#known")).to_contain_text("The model knows none of these words")
    expect(page.locator("#semantic-none")).to_be_visible()
    expect(page.locator("#keyword-none")).to_be_visible()

    # A missing item is a 404 page, not a 500.
    response = page.goto(f"/items/{uuid4()}")
    assert response is not None and response.status == 404, response and response.status
    kit.axe()

    # The schema: the vector column and the ANN index as this server takes it.
    kit.visit("/schema")
    expect(page.get_by_text("vector<float, 64>").first).to_be_visible()
    expect(page.get_by_text("StorageAttachedIndex").first).to_be_visible()


def _scores(page) -> list[float]:
    return [float(s) for s in page.locator("table#semantic tbody td.score").all_inner_texts()]


def _topics(page) -> list[str]:
    return [t.strip() for t in page.locator("table#semantic tbody td.topic").all_inner_texts()]
