"""Every JSON route, through FastAPI's test client, against the real database."""


def test_register_get_edit_delete(client, unique):
    name = unique("ada")
    body = {
        "username": name.upper(),
        "email": f" {name}@Example.COM ",
        "display_name": "Ada",
        "location": "London",
    }
    created = client.post("/api/users", json=body)
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["username"] == name and user["email"] == f"{name}@example.com"  # normalised
    assert user["version"] == 1

    assert client.get(f"/api/users/{name.upper()}").json() == user
    edited = client.put(f"/api/users/{name}", json={"display_name": "Ada L.", "bio": "Notes", "version": 1})
    assert edited.status_code == 200
    assert (
        edited.json()["version"] == 2 and edited.json()["bio"] == "Notes" and edited.json()["location"] == ""
    )

    assert client.delete(f"/api/users/{name}").status_code == 204
    assert client.get(f"/api/users/{name}").status_code == 404
    assert client.delete(f"/api/users/{name}").status_code == 404


def test_same_username_is_409_in_any_letter_case(client, register):
    user = register()
    body = {"username": user["username"].upper(), "email": "other@example.com", "display_name": "Other"}
    response = client.post("/api/users", json=body)
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"the username '{user['username']}' is already taken",
        "field": "username",
        "current": None,
    }


def test_same_email_is_409(client, register, unique):
    user = register()
    body = {"username": unique("b"), "email": user["email"].upper(), "display_name": "B"}
    response = client.post("/api/users", json=body)
    assert response.status_code == 409 and response.json()["field"] == "email"


def test_stale_edit_is_409_with_the_current_row(client, register):
    user = register()
    url = f"/api/users/{user['username']}"
    assert client.put(url, json={"display_name": "First", "version": 1}).status_code == 200
    stale = client.put(url, json={"display_name": "Second", "version": 1})
    assert stale.status_code == 409
    body = stale.json()
    assert body["field"] == "version"
    assert body["current"]["display_name"] == "First" and body["current"]["version"] == 2
    assert client.get(url).json()["display_name"] == "First"


def test_edit_of_a_missing_account_is_404(client, unique):
    response = client.put(f"/api/users/{unique('nobody')}", json={"display_name": "X", "version": 1})
    assert response.status_code == 404


def test_invalid_bodies_are_422_per_field(client):
    bad = client.post("/api/users", json={"username": "a b", "email": "nope", "display_name": ""})
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["detail"]} == {"username", "email", "display_name"}
    assert client.put("/api/users/x", json={"display_name": "X", "version": 0}).status_code == 422


def test_list_pages_through_accounts(client, register):
    for _ in range(3):
        register()
    seen, cursor = [], None
    while True:
        page = client.get("/api/users", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [u["user_id"] for u in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) >= 3


def test_bad_cursor_is_400(client):
    assert client.get("/api/users", params={"cursor": "AAAAAAAAAAAAAAAA"}).status_code == 400


def test_openapi_documents_the_409(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "409" in paths["/api/users"]["post"]["responses"]
    assert "409" in paths["/api/users/{username}"]["put"]["responses"]
