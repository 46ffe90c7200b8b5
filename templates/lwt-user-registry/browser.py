"""The lwt-user-registry demo in a real browser (the harness imports this; it is not rendered).

The app is served seeded (`seed.py --count 50`). The main flow: a registration, then the same
username again, whose conflict must be shown on the page; then a lost edit and its retry, a
race of 20 registrations, and a deletion.
"""

from __future__ import annotations

import re
from uuid import uuid4

from playwright.sync_api import expect


def flows(kit) -> None:
    page = kit.page
    name = f"browser_{uuid4().hex[:8]}"

    # The landing page: accounts (seeded) and the registration form.
    kit.visit("/")
    expect(page.get_by_role("heading", name="User registry")).to_be_visible()
    expect(page.locator("table.data tbody tr")).to_have_count(20)  # one page of the 50 seeded
    page.get_by_role("link", name="Next page →").click()  # HTMX swaps the table in place
    expect(page).to_have_url(re.compile(r"/\?cursor="))
    expect(page.locator("table.data tbody tr").first).to_be_visible()

    # Register, then try the same username again: the conflict is shown beside the field.
    kit.visit("/")
    _register(page, name, f"{name}@example.com", "Browser One")
    expect(page.get_by_role("status")).to_contain_text("Registered")
    expect(page.locator("#version")).to_have_text("version 1")
    kit.axe()

    kit.visit("/")
    _register(page, name.upper(), f"{name}.two@example.com", "Browser Two")
    conflict = page.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(f"the username '{name}' is already taken")
    expect(page.locator("#username")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#username-error")).to_contain_text("already taken")
    expect(page.locator("#email")).to_have_value(f"{name}.two@example.com")  # what was typed stays
    kit.axe()
    kit.shot("registration-conflict")
    kit.open_cql_panel()
    expect(page.locator("#cql-panel")).to_contain_text("IF NOT EXISTS")

    # A lost edit: someone saves version 2 (through the API) while this page still holds version 1.
    kit.visit(f"/users/{name}")
    api = page.request.put(
        f"/api/users/{name}", data={"display_name": "Saved Elsewhere", "location": "Oslo", "version": 1}
    )
    assert api.status == 200, api.text()
    page.get_by_label("Display name").fill("Saved Here")
    page.get_by_role("button", name="Save", exact=True).click()
    lost = page.locator("#conflict")
    expect(lost).to_contain_text("Your edit lost the race")
    expect(lost).to_contain_text("Saved Elsewhere")  # the values that won
    expect(page.locator("#version")).to_have_text("version 2")
    expect(page.get_by_label("Display name")).to_have_value("Saved Here")  # yours, ready to retry
    kit.axe()
    kit.shot("edit-conflict")
    page.get_by_role("button", name="Save mine again").click()
    expect(page.get_by_role("status")).to_contain_text("Saved as version 3")
    expect(page.get_by_role("heading", name="Saved Here")).to_be_visible()

    # The race: 20 registrations for one username at once, one account.
    kit.visit("/race")
    username_race = page.locator("form", has=page.locator("#username-key"))
    username_race.get_by_role("button", name="Race").click()
    expect(page.locator("#accounts-created")).to_have_text("1 account created")
    expect(page.locator("#conflicts")).to_have_text("19 conflicts")
    expect(page.locator("#race-result tbody tr")).to_have_count(20)
    kit.axe()
    kit.shot("race")

    # Delete the account, then it is gone.
    kit.visit(f"/users/{name}")
    page.get_by_role("button", name="Delete account").click()
    expect(page.get_by_role("status")).to_contain_text(f"Account {name} deleted")
    response = page.goto(f"/users/{name}")
    assert response is not None and response.status == 404


def _register(page, username: str, email: str, display_name: str) -> None:
    form = page.locator("form[action='/register']")
    form.get_by_label("Username").fill(username)
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Display name").fill(display_name)
    form.get_by_role("button", name="Register").click()
