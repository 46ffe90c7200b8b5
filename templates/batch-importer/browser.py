"""The batch-importer demo in a real browser (the harness imports this; it is not rendered).

The app is served seeded (`seed.py --count 50`). The flow: upload a bad file (every problem on
the page, nothing written), upload a good one (a new run in the table), then the orders of a
customer and of a day, a page at a time.
"""

from __future__ import annotations

import re
from uuid import uuid4

from playwright.sync_api import expect

HEADER = "order_id,customer_id,ordered_at,amount,currency,items,status\n"


def _file(tmp, name: str, rows: list[str]) -> str:
    path = tmp / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows))
    return str(path)


def flows(kit) -> None:
    import tempfile
    from pathlib import Path

    page = kit.page
    tag = uuid4().hex[:6]
    customer = f"CB{tag}"
    tmp = Path(tempfile.mkdtemp(prefix="browser-"))
    good = [
        f"B{tag}-{n:02d},{customer},2026-11-20T{n % 24:02d}:{n % 60:02d}:00Z,{n + 1}.50,EUR,{n % 5 + 1},paid"
        for n in range(25)
    ]
    bad = [
        good[0],
        f"B{tag}-X1,{customer},not-a-date,1.00,EUR,1,paid",
        f"B{tag}-X2,{customer},2026-11-20T01:00:00Z,-3,EUR,1,paid",
    ]

    # The landing page: the upload form and the runs.
    kit.visit("/")
    expect(page.get_by_role("heading", name="Batch importer")).to_be_visible()

    # A bad file: every problem shown, nothing written.
    page.locator("#file").set_input_files(_file(tmp, f"bad-{tag}.csv", bad))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("#rejected")).to_contain_text("2 bad rows of 3")
    expect(page.locator("#problems")).to_contain_text(f"bad-{tag}.csv:3: column 'ordered_at'")
    expect(page.locator("#problems")).to_contain_text(f"bad-{tag}.csv:4: column 'amount'")
    kit.axe()
    kit.shot("rejected-upload")

    # A good file in partition mode: a new run at the top of the table.
    page.locator("#file").set_input_files(_file(tmp, f"good-{tag}.csv", good))
    page.locator("#mode").select_option("partition")
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("status")).to_contain_text(f"Imported good-{tag}.csv")
    first = page.locator("#runs tbody tr").first
    expect(first).to_contain_text(f"good-{tag}.csv")
    expect(first).to_contain_text("partition")
    expect(first).to_contain_text("done")
    kit.axe()
    kit.shot("runs")

    # The customer's 25 orders: 20, then 5 on the next page (HTMX swaps the table in place).
    kit.visit(f"/orders?customer={customer}")
    expect(page.locator("#orders tbody tr")).to_have_count(20)
    page.get_by_role("link", name="Next page →").click()
    expect(page).to_have_url(re.compile(r"cursor="))
    expect(page.locator("#orders tbody tr")).to_have_count(5)
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("orders_by_customer")

    # The day: newest first across its hour partitions.
    kit.visit("/orders?day=2026-11-20")
    expect(page.get_by_role("heading", name="Orders of 2026-11-20").first).to_be_visible()
    expect(page.locator("#orders tbody tr").first).to_be_visible()
    kit.axe()
    kit.shot("orders-of-a-day")
