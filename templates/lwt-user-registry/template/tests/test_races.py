"""The registry under contention: real concurrent HTTP requests, decided by Cassandra's Paxos.

Every race sends all its requests at once (see the `race` fixture) and must finish within the
kit's AT_ONCE_TIMEOUT_S. Row counts are read back with SELECT COUNT(*) before and after: a lost
race must leave no row behind, in any of the three tables.
"""

from uuid import uuid4

from conftest import run

from registry import queries
from registry.models import EmailClaim, User, UsernameClaim, utcnow

TABLES = ("users", "usernames", "emails")
RACERS = 20


def rows(count_rows) -> dict[str, int]:
    return {table: count_rows(table) for table in TABLES}


def report(what: str, race, outcome: str) -> None:
    # Shown with `pytest -rP` or `-s`: the figures each race saw.
    print(f"\n{what}: {outcome} in {race.seconds * 1000:.0f} ms ({race.peak} requests in flight at once)")


def test_twenty_registrations_for_one_username_make_one_account(race, count_rows, unique):
    name, before = unique("race"), rows(count_rows)
    bodies = [
        {"username": name, "email": f"{name}.{n}@example.com", "display_name": f"R{n}"} for n in range(RACERS)
    ]
    result = race([("POST", "/api/users", body) for body in bodies])

    assert result.peak == RACERS  # all of them were inside the app at the same time
    assert result.statuses() == [201] + [409] * (RACERS - 1)
    conflicts = [r.json() for r in result.responses if r.status_code == 409]
    assert {c["field"] for c in conflicts} == {"username"}
    assert all("already taken" in c["detail"] for c in conflicts)

    winner = next(r.json() for r in result.responses if r.status_code == 201)
    assert rows(count_rows) == {table: before[table] + 1 for table in TABLES}  # one account, no orphans
    assert run(queries.holder_of(UsernameClaim, name)) == run(queries.holder_of(EmailClaim, winner["email"]))
    report("20 registrations, one username", result, f"1 account + {len(conflicts)} conflicts")


def test_twenty_registrations_for_one_email_make_one_account_and_release_the_losers_usernames(
    race, count_rows, unique
):
    email, before = f"{unique('mail')}@example.com", rows(count_rows)
    names = [unique(f"r{n}") for n in range(RACERS)]
    # Letter case differs between racers: the guard compares normalised addresses.
    address = [email if n % 2 else email.upper() for n in range(RACERS)]
    result = race(
        [
            ("POST", "/api/users", {"username": u, "email": a, "display_name": u})
            for u, a in zip(names, address, strict=True)
        ]
    )

    assert result.peak == RACERS
    assert result.statuses() == [201] + [409] * (RACERS - 1)
    assert {r.json()["field"] for r in result.responses if r.status_code == 409} == {"email"}

    winner = next(r.json() for r in result.responses if r.status_code == 201)
    # Every loser had claimed its username before losing the e-mail: each released it again.
    assert rows(count_rows) == {table: before[table] + 1 for table in TABLES}
    held = {name: run(queries.holder_of(UsernameClaim, name)) for name in names}
    assert [name for name, holder in held.items() if holder is not None] == [winner["username"]]
    report(
        "20 registrations, one e-mail", result, f"1 account + {RACERS - 1} conflicts, 0 orphaned usernames"
    )


def test_two_edits_of_the_same_version_one_wins_the_other_sees_the_winner(race, client, register):
    user = register()
    url = f"/api/users/{user['username']}"
    mine = {"display_name": "Mine", "bio": "written by A", "location": "Lisbon", "version": 1}
    theirs = {"display_name": "Theirs", "bio": "written by B", "location": "Oslo", "version": 1}
    result = race([("PUT", url, mine), ("PUT", url, theirs)])

    assert result.peak == 2
    assert result.statuses() == [200, 409]
    won = next(r.json() for r in result.responses if r.status_code == 200)
    lost = next(r.json() for r in result.responses if r.status_code == 409)
    assert won["version"] == 2
    assert lost["field"] == "version" and "not applied" in lost["detail"]
    # The loser is told the values that won, read back from the database, not its own values.
    assert lost["current"] == won
    assert client.get(url).json() == won

    # Retry: the loser's values on top of the version that won.
    loser = mine if won["display_name"] == "Theirs" else theirs
    retried = client.put(url, json={**loser, "version": won["version"]})
    assert retried.status_code == 200
    assert retried.json()["version"] == 3 and retried.json()["display_name"] == loser["display_name"]
    report("2 edits of version 1", result, f"1 applied ({won['display_name']}) + 1 conflict")


def test_ten_edits_of_the_same_version_exactly_one_applies(race, client, register):
    user = register()
    url = f"/api/users/{user['username']}"
    edits = [{"display_name": f"Editor {n}", "version": 1} for n in range(10)]
    result = race([("PUT", url, edit) for edit in edits])

    assert result.statuses() == [200] + [409] * 9
    won = next(r.json() for r in result.responses if r.status_code == 200)
    assert all(r.json()["current"] == won for r in result.responses if r.status_code == 409)
    assert client.get(url).json()["version"] == 2
    report("10 edits of version 1", result, "1 applied + 9 conflicts")


def test_two_deletes_at_once_one_deletes_the_other_is_404_and_both_claims_are_free(
    race, client, register, count_rows
):
    user = register()
    before = rows(count_rows)
    url = f"/api/users/{user['username']}"
    result = race([("DELETE", url, None), ("DELETE", url, None)])

    assert result.statuses() == [204, 404]
    assert rows(count_rows) == {table: before[table] - 1 for table in TABLES}
    again = client.post(
        "/api/users", json={**{k: user[k] for k in ("username", "email")}, "display_name": "Back"}
    )
    assert again.status_code == 201  # the username and the e-mail were released


def test_twenty_registrations_over_an_orphaned_claim_make_one_account(race, count_rows, unique):
    """A process died after claiming the username (no account row): once the claim is stale,
    racing registrations void the dead owner's id, then take the claim over with
    UPDATE ... IF user_id = <dead owner>: one wins."""
    name = unique("orphan")
    dead = UsernameClaim(username=name, user_id=uuid4(), claimed_at=utcnow() - 2 * queries.CLAIM_GRACE)
    assert run(dead.insert()).applied  # what a process that died after its first claim leaves
    before = rows(count_rows)
    bodies = [
        {"username": name, "email": f"{name}.{n}@example.com", "display_name": f"R{n}"} for n in range(RACERS)
    ]
    result = race([("POST", "/api/users", body) for body in bodies])

    assert result.statuses() == [201] + [409] * (RACERS - 1)
    after = rows(count_rows)
    # In `users`: one account, and one VoidedId row, the dead owner's id (never an account now).
    assert after["users"] == before["users"] + 2 and after["emails"] == before["emails"] + 1
    assert after["usernames"] == before["usernames"]  # taken over, not added
    assert run(queries.serial_get(User, user_id=dead.user_id)).voided
    report("20 registrations over an orphaned claim", result, f"1 takeover + {RACERS - 1} conflicts")
