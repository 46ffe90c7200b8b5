"""python -m registry.repair: the damage an older registry left (accounts without their claims,
a name registered twice, claims without an account) is found, and --fix mends it."""

import os
import subprocess
import sys
from datetime import timedelta

from conftest import run

from registry import queries
from registry.kit.testing import PROJECT
from registry.models import EmailClaim, User, UsernameClaim, utcnow


def repair(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "registry.repair", *args],
        cwd=PROJECT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def account(username: str, email: str, age: timedelta = timedelta(0)) -> User:
    """An account row alone, as the old registry left it when it released the claims."""
    user = User(username=username, email=email, display_name="Legacy", created_at=utcnow() - age)
    assert run(user.insert()).applied
    return user


def count(output: str, what: str) -> int:
    line = next(line for line in output.splitlines() if what in line)
    return int(line.split()[0])


def test_repair_claims_for_accounts_deletes_duplicates_and_frees_stale_orphans(client, unique, audit):
    old = 2 * queries.CLAIM_GRACE
    alone = account(unique("alone"), f"{unique('alone')}@example.com")
    # The bug that was found: an account without claims, then the same name registered again.
    twice = unique("twice")
    first = account(twice, f"{twice}.1@example.com", age=old)
    again = client.post(
        "/api/users", json={"username": twice, "email": f"{twice}.2@example.com", "display_name": "B"}
    )
    assert again.status_code == 201
    # Two accounts with one name and no claims at all: the older keeps it.
    both = unique("both")
    older, newer = account(both, f"{both}.1@example.com", age=old), account(both, f"{both}.2@example.com")
    stale_mail = f"{unique('stale')}@example.com"
    stale = EmailClaim(email=stale_mail, user_id=first.user_id, claimed_at=utcnow() - old)
    fresh = UsernameClaim(username=unique("fresh"), user_id=alone.user_id)
    assert run(stale.insert()).applied and run(fresh.insert()).applied

    before = audit()
    assert len(before.accounts_without_claims()) >= 4 and before.duplicates()
    report = repair()
    assert report.returncode == 0, report.stderr
    print(f"\nrepair, before --fix:\n{report.stdout}")
    assert count(report.stdout, "missing claims") >= 7  # alone 2, first 2, older 2, newer 2 (its e-mail)
    assert count(report.stdout, "orphan claims") >= 2
    assert audit().accounts == before.accounts  # a report changes nothing

    fixed = repair("--fix")
    assert fixed.returncode == 0, fixed.stderr
    print(fixed.stdout)
    after = audit()
    after.assert_unique()
    assert set(after.accounts) == set(before.accounts) - {first.user_id, newer.user_id}
    assert after.usernames[alone.username] == after.emails[alone.email] == alone.user_id
    assert str(after.usernames[twice]) == again.json()["user_id"] and first.email not in after.emails
    assert after.usernames[both] == older.user_id and newer.email not in after.emails
    assert stale.email not in after.emails  # stale and its account absent: released
    assert after.usernames[fresh.username] == alone.user_id  # fresh: maybe a registration in progress
    assert "missing claims" in fixed.stdout.split("after --fix:")[1]
    assert count(fixed.stdout.split("after --fix:")[1], "missing claims") == 0


def test_repair_without_a_database_is_one_line_and_exit_1():
    result = subprocess.run(
        [sys.executable, "-m", "registry.repair"],
        cwd=PROJECT,
        env={**os.environ, "SCYLLA_HOSTS": "127.0.0.1", "SCYLLA_PORT": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "cannot reach the database at 127.0.0.1:1" in result.stderr and "Traceback" not in result.stderr
