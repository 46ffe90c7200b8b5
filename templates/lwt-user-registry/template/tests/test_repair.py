"""python -m registry.repair: accounts without their claims get them back; duplicates are listed.

Registration cannot leave such an account any more; these tests make one the way an earlier
version of the registry did (the account row, its claims released) and check the repair.
"""

import subprocess
import sys
from uuid import uuid4

from conftest import run

from registry import queries
from registry.kit.testing import PROJECT
from registry.models import User, UsernameClaim
from registry.repair import repair


def account_without_claims(unique, **fields) -> User:
    name = unique("lost")
    user = User(**{"username": name, "email": f"{name}@example.com", "display_name": "Lost", **fields})
    assert run(user.insert()).applied
    return user


def test_an_account_without_its_claims_gets_them_back(client, unique, inventory):
    lost = account_without_claims(unique)
    both = {lost.username, lost.email}
    assert len(inventory().only(both).unclaimed()) == 2
    body = {"username": lost.username, "email": f"other.{lost.email}", "display_name": "Twin"}

    result = subprocess.run(
        [sys.executable, "-m", "registry.repair"], cwd=PROJECT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert f"claimed username {lost.username}\n" in result.stdout
    assert f"claimed email {lost.email}\n" in result.stdout
    assert inventory().only(both).unclaimed() == []
    assert client.post("/api/users", json=body).status_code == 409  # no second account of that name
    assert client.get(f"/api/users/{lost.username}").json()["user_id"] == str(lost.user_id)


def test_a_value_two_accounts_hold_is_listed_and_left_alone(register, unique):
    first = register()
    second = account_without_claims(unique, username=first["username"])  # same name, no claims

    report = run(repair())
    line = f"username {first['username']}: account {second.user_id}, and account {first['user_id']}"
    assert line in report.duplicates
    assert f"email {second.email}" in report.reclaimed  # its own e-mail was free: given back
    assert str(run(queries.holder_of(UsernameClaim, first["username"]))) == first["user_id"]


def test_a_registration_in_progress_for_the_name_is_voided_instead_of_duplicating(unique):
    lost = account_without_claims(unique)
    in_progress = uuid4()  # claimed the name a moment ago; its account would be a duplicate
    assert run(UsernameClaim(username=lost.username, user_id=in_progress).insert()).applied

    report = run(repair())
    assert f"username {lost.username}" in report.reclaimed
    assert run(queries.holder_of(UsernameClaim, lost.username)) == lost.user_id
    assert run(queries.serial_get(User, user_id=in_progress)).voided  # its insert will be refused
