"""The claims one at a time: release, orphans, takeover. Each step read back from the database."""

from uuid import UUID, uuid4

from conftest import run

from registry import queries
from registry.models import EmailClaim, User, UsernameClaim, utcnow


def test_a_failed_second_claim_leaves_no_orphaned_username(client, register, unique, count_rows):
    first = register()
    before = count_rows("usernames")
    name = unique("second")
    body = {"username": name, "email": first["email"], "display_name": "B"}
    response = client.post("/api/users", json=body)
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"the e-mail address {first['email']} is already registered",
        "field": "email",
        "current": None,
    }
    assert run(queries.holder_of(UsernameClaim, name)) is None  # claimed, then released
    assert count_rows("usernames") == before
    # The name is free again: with an e-mail of its own, it registers.
    assert client.post("/api/users", json={**body, "email": f"{name}@example.com"}).status_code == 201


def test_release_never_removes_a_claim_held_by_another_account(register):
    user = register()
    run(queries.release(UsernameClaim(username=user["username"], user_id=uuid4())))
    assert str(run(queries.holder_of(UsernameClaim, user["username"]))) == user["user_id"]


def test_a_fresh_orphan_blocks_the_name_until_it_is_stale(client, unique):
    """A registration in progress looks exactly like a dead one: the grace period tells them apart."""
    name = unique("fresh")
    assert run(UsernameClaim(username=name, user_id=uuid4()).insert()).applied
    body = {"username": name, "email": f"{name}@example.com", "display_name": "Late"}
    assert client.post("/api/users", json=body).status_code == 409


def test_a_stale_orphan_is_taken_over(client, unique):
    name, dead_owner = unique("stale"), uuid4()
    old = utcnow() - 2 * queries.CLAIM_GRACE
    assert run(UsernameClaim(username=name, user_id=dead_owner, claimed_at=old).insert()).applied
    assert run(EmailClaim(email=f"{name}@example.com", user_id=dead_owner, claimed_at=old).insert()).applied

    response = client.post(
        "/api/users", json={"username": name, "email": f"{name}@example.com", "display_name": "Heir"}
    )
    assert response.status_code == 201, response.text
    new_owner = response.json()["user_id"]
    assert str(run(queries.holder_of(UsernameClaim, name))) == new_owner
    assert str(run(queries.holder_of(EmailClaim, f"{name}@example.com"))) == new_owner
    # Before taking over, it voided the dead owner's id: that account insert can never land now.
    assert run(queries.serial_get(User, user_id=dead_owner)).voided


def test_a_stale_claim_of_a_live_account_is_not_taken(client, register):
    user = register()
    old = utcnow() - 2 * queries.CLAIM_GRACE
    # Backdate the claim: age alone never frees a name whose account exists.
    claim = UsernameClaim(username=user["username"], user_id=user["user_id"])
    assert run(claim.update(if_conditions={"user_id": claim.user_id}, claimed_at=old)).applied
    body = {"username": user["username"], "email": "someone.else@example.com", "display_name": "X"}
    assert client.post("/api/users", json=body).status_code == 409
    assert run(User.get(user_id=claim.user_id)).username == user["username"]


def test_void_decides_once_and_never_voids_an_account(register):
    ghost = uuid4()
    assert run(queries.void(ghost)) and run(queries.void(ghost))  # void now, and still void
    account = UUID(register()["user_id"])
    assert not run(queries.void(account))  # an account is never voided
    assert run(User.get(user_id=account)).voided is False


def test_a_claim_naming_a_void_id_is_no_account(client, unique, inventory):
    """What a registration stopped after its claims and settled as "not written" may leave."""
    name, ghost = unique("ghost"), uuid4()
    assert run(UsernameClaim(username=name, user_id=ghost).insert()).applied
    assert run(queries.void(ghost))
    assert client.get(f"/api/users/{name}").status_code == 404

    # Pages skip void rows; with one row a page, a void row alone is a page read past.
    for _ in range(3):
        assert run(queries.void(uuid4()))
    listed, cursor = [], None
    while True:
        page = run(queries.list_users(cursor, size=1))
        assert page.items or not page.cursor  # never an empty page that says "next"
        listed += [u.user_id for u in page.items]
        cursor = page.cursor
        if not cursor:
            break
    assert sorted(listed) == sorted(inventory().accounts)
