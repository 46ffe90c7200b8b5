"""The JSON API, through FastAPI's test client, against the real database."""

import pytest

from ephemera.kit.testing import refused_field
from ephemera.models import MAX_TTL


def test_login_read_logout(client, login, cql):
    made = login("ada", ttl=600)
    token = made["token"]
    assert made["user"] == "ada" and made["granted"] == 600 and 595 <= made["remaining"] <= 600
    read = client.get(f"/api/sessions/{token}").json()
    assert read["user"] == "ada" and read["remaining"] <= 600
    assert read["created_at"].endswith("Z") or read["created_at"].endswith("+00:00")

    assert client.delete(f"/api/sessions/{token}").status_code == 204
    assert client.get(f"/api/sessions/{token}").status_code == 404
    assert cql('SELECT "user" FROM {ks}.sessions WHERE "token" = %s', token) == []
    assert client.delete(f"/api/sessions/{token}").status_code == 404  # not twice


def test_the_board_lists_live_sessions_soonest_first(client, login):
    late, soon = login("late-owl", ttl=3000), login("early-bird", ttl=90)
    body = client.get("/api/sessions").json()
    assert body["windows"] == 7  # one hour of 10-minute windows, and the current one
    users = [row["user"] for row in body["items"]]
    assert users.index("early-bird") < users.index("late-owl")
    remaining = [row["remaining"] for row in body["items"]]
    assert remaining == sorted(remaining)
    assert {late["token"][:6], soon["token"][:6]} <= {row["token_hint"] for row in body["items"]}
    assert all(len(row["token_hint"]) == 6 for row in body["items"])  # never the whole secret


@pytest.mark.parametrize(
    "body, field",
    [
        ({"user": ""}, "user"),
        ({"user": "x" * 41}, "user"),
        ({"user": "a", "ttl": 0}, "ttl"),  # USING TTL 0 would mean "never expire"
        ({"user": "a", "ttl": MAX_TTL + 1}, "ttl"),
        ({"user": "a", "ttl": "soon"}, "ttl"),
        ({"user": "a", "role": "admin"}, "role"),
    ],
)
def test_invalid_login_is_422_beside_the_field(client, body, field):
    assert refused_field(client.post("/api/sessions", json=body)) == field


def test_extend_a_missing_session_is_404(client):
    assert client.post("/api/sessions/no-such-token/extend").status_code == 404


def test_extend_with_a_new_length(client, login):
    token = login("bob", ttl=60)["token"]
    extended = client.post(f"/api/sessions/{token}/extend", json={"ttl": 1200}).json()
    assert extended["granted"] == 1200 and 1195 <= extended["remaining"] <= 1200
    assert client.post(f"/api/sessions/{token}/extend", json={"ttl": 0}).status_code == 422


def test_codes_are_distinct_and_a_bad_code_is_422_or_409(client):
    codes = {client.post("/api/codes", json={"user": "many"}).json()["code"] for _ in range(5)}
    assert len(codes) == 5
    assert client.post("/api/codes/short/use").status_code == 422
    assert client.post("/api/codes/ZZZZZZZZ/use").status_code == 409  # well formed, never issued
    assert client.post("/api/codes", json={"user": ""}).status_code == 422


def test_a_code_is_accepted_in_lower_case_with_a_dash(client):
    code = client.post("/api/codes", json={"user": "typist"}).json()["code"]
    used = client.post(f"/api/codes/{code[:4].lower()}-{code[4:].lower()}/use")
    assert used.status_code == 200 and used.json()["user"] == "typist"


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/sessions", "/api/sessions/{token}/extend", "/api/codes/{code}/use"} <= set(paths)
