"""The HTML pages: conflicts shown on the page with 409, forms, the race, the CQL panel."""

import re


def test_index_has_the_form_the_accounts_and_the_cql(client, register):
    register()
    html = client.get("/").text
    assert 'action="/register"' in html and 'id="cql-panel"' in html
    assert '<table class="data">' in html and 'href="/users/' in html  # at least one account listed
    assert re.search(r"SELECT \* FROM \w+\.users", html)  # Q4, in the CQL panel
    assert client.get("/", params={"cursor": "AAAAAAAAAAAAAAAA"}).status_code == 400


def test_register_on_the_page_then_a_conflict_is_shown_beside_the_field(client, unique):
    name = unique("page")
    form = {"username": name, "email": f"{name}@example.com", "display_name": "Page"}
    created = client.post("/register", data=form)
    assert created.status_code == 200 and "Registered" in created.text  # followed the redirect
    assert "IF NOT EXISTS" in created.text

    again = client.post("/register", data={**form, "email": f"{name}.2@example.com"})
    assert again.status_code == 409
    assert 'id="conflict"' in again.text and "already taken" in again.text
    assert 'id="username-error"' in again.text
    assert f'value="{name}.2@example.com"' in again.text  # the form keeps what was typed


def test_register_form_errors_are_422_and_escaped(client):
    response = client.post("/register", data={"username": "<b>", "email": "x", "display_name": "<script>"})
    assert response.status_code == 422
    assert 'id="username-error"' in response.text and 'id="email-error"' in response.text
    assert "&lt;script&gt;" in response.text and "<script>" not in response.text.split("<main")[1]


def test_edit_conflict_page_shows_the_winner_and_lets_you_retry(client, register):
    user = register()
    url = f"/users/{user['username']}"
    saved = client.post(f"{url}/edit", data={"display_name": "Winner", "location": "Rome", "version": "1"})
    assert saved.status_code == 200 and "Saved as version 2" in saved.text

    lost = client.post(f"{url}/edit", data={"display_name": "Loser", "location": "Nice", "version": "1"})
    assert lost.status_code == 409
    assert "Your edit lost the race" in lost.text
    assert "<td>Winner</td>" in lost.text and "Loser" in lost.text
    assert '<input type="hidden" name="version" value="2">' in lost.text  # the retry is based on v2
    assert client.get(f"/api/users/{user['username']}").json()["display_name"] == "Winner"

    retry = client.post(f"{url}/edit", data={"display_name": "Loser", "location": "Nice", "version": "2"})
    assert retry.status_code == 200 and "Saved as version 3" in retry.text


def test_edit_form_errors_are_422(client, register):
    user = register()
    response = client.post(f"/users/{user['username']}/edit", data={"display_name": "", "version": "1"})
    assert response.status_code == 422 and 'id="display_name-error"' in response.text


def test_delete_on_the_page_then_404(client, register):
    user = register()
    deleted = client.post(f"/users/{user['username']}/delete")
    assert deleted.status_code == 200 and "deleted" in deleted.text
    assert client.get(f"/users/{user['username']}").status_code == 404
    assert client.post(f"/users/{user['username']}/delete").status_code == 404


def test_race_page_makes_one_account(client, unique):
    name = unique("pr")
    response = client.post("/race", data={"mode": "username", "key": name, "count": "12"})
    assert response.status_code == 200
    assert "1 account created" in response.text and "11 conflicts" in response.text
    assert response.text.count("username taken") == 11


def test_race_page_validates(client):
    response = client.post("/race", data={"mode": "email", "key": "not-an-email", "count": "99"})
    assert response.status_code == 422
    assert 'id="email-key-error"' in response.text and 'id="email-count-error"' in response.text


def test_schema_page_shows_the_three_tables(client):
    html = client.get("/schema").text
    for table in ("users", "usernames", "emails"):
        assert re.search(rf"CREATE TABLE IF NOT EXISTS \w+\.{table} ", html)
