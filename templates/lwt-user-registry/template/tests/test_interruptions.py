"""Uniqueness when registrations are interrupted, not only raced.

Each test interrupts registrations where it hurts: asyncio cancellation at random moments
(a client that goes away), writes whose answer is lost (a real client-side timeout: the write
still reaches Cassandra), a process killed with SIGKILL, the seed stopped with Ctrl-C. Then it
reads the three tables in full (the `audit` fixture): no username or e-mail belongs to two
accounts, and every account holds both its claims. What may be left is orphan claims, which
block a name only until they are stale: the same names are then raced again, and each ends
held by exactly one account.

The grace is shortened here (GRACE, DEADLINE) so that a test waits seconds, not a minute.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from contextvars import ContextVar
from datetime import timedelta

import httpx
import pytest
from cassandra import OperationTimedOut
from faker import Faker

from registry import queries
from registry.kit.testing import PROJECT
from registry.models import EmailClaim, User, UsernameClaim
from registry.seeding import fake_rows

GRACE = timedelta(seconds=8)  # CLAIM_GRACE here; the production value is 60 s
DEADLINE = timedelta(seconds=4)  # ACCOUNT_DEADLINE here; the production value is 20 s
POOL = 6  # usernames and e-mails that every contender fights over
RACERS = 8  # contenders per pooled value in the race that follows an interruption
LOST_ANSWER_S = 0.0005  # a first send given this timeout loses its answer, not its write
# Per request: {"task", "awaiting": the table of the INSERT it awaits, or None, "target": when
# to cancel it: "timer" (a random delay) or a table (just after that INSERT is sent)}.
STEP = ContextVar("step")


@pytest.fixture
def short_grace(monkeypatch):
    monkeypatch.setattr(queries, "CLAIM_GRACE", GRACE)
    monkeypatch.setattr(queries, "ACCOUNT_DEADLINE", DEADLINE)


@pytest.fixture
def empty_tables(session, settings):
    """Start from empty tables: other tests write bare rows on purpose (test_models, test_repair)."""
    for table in ("users", "usernames", "emails"):
        session.execute(f"TRUNCATE {settings.keyspace}.{table}", timeout=60)


@pytest.fixture
def pool(unique):
    return [unique("pool") for _ in range(POOL)], [f"{unique('pool')}@example.com" for _ in range(POOL)]


class Inserts:
    """Wraps the three models' insert(): notes which INSERT each registration is awaiting, and
    makes one first send in three lose its answer (sent with a timeout of LOST_ANSWER_S)."""

    def __init__(self, monkeypatch, rng: random.Random):
        self.rng = rng
        self.sent: set[tuple] = set()  # (table, user_id) sent at least once
        self.unanswered: set[tuple] = set()  # ...whose send timed out
        self.applied_unheard = 0  # a resend found our own row: the lost send had been applied
        for model in (UsernameClaim, EmailClaim, User):
            monkeypatch.setattr(model, "insert", self._wrap(model.insert, model.table_name()))

    def _wrap(self, real, table):
        async def insert(doc, **kwargs):
            key, step = (table, doc.user_id), STEP.get(None)
            if key not in self.sent and self.rng.random() < 1 / 3:
                kwargs["timeout"] = LOST_ANSWER_S
            self.sent.add(key)
            if step is not None:
                step["awaiting"] = table
                if step["target"] == table:  # cancel it while the INSERT is on its way
                    asyncio.get_running_loop().call_later(self.rng.uniform(0, 0.003), stop, step)
            try:
                result = await real(doc, **kwargs)
            except OperationTimedOut:
                self.unanswered.add(key)
                raise
            finally:
                if step is not None:
                    step["awaiting"] = None
            if key in self.unanswered and not result.applied:
                self.applied_unheard += (result.existing or {}).get("user_id") == doc.user_id
            return result

        return insert


def contender(rng: random.Random, names: list[str], mails: list[str], n: int) -> dict:
    """Pooled values clash (slow: Paxos contention); a contender with none reaches its account."""
    pooled = rng.choice(["username", "email", "both", "neither"])
    own = f"c{n}_{rng.getrandbits(40):x}"
    username = rng.choice(names) if pooled in ("username", "both") else own
    email = rng.choice(mails) if pooled in ("email", "both") else f"{own}@example.com"
    return {"username": username, "email": email, "display_name": f"Contender {n}"}


async def cancelled_midway(bodies: list[dict], rng: random.Random) -> Counter:
    """Send the registrations at once through the app's ASGI interface, cancel each after a
    random delay or just after a chosen INSERT is sent, and say where each one was: which
    INSERT it awaited, or how it ended."""
    from registry.app import app

    where: Counter = Counter()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as http:

        async def one(body: dict, step: dict):
            STEP.set(step)
            return await http.post("/api/users", json=body)

        targets = ["timer", "usernames", "emails", "users"]
        steps = [{"awaiting": None, "target": rng.choice(targets)} for _ in bodies]
        tasks = [asyncio.create_task(one(body, step)) for body, step in zip(bodies, steps, strict=True)]
        loop = asyncio.get_running_loop()
        for task, step in zip(tasks, steps, strict=True):
            step["task"] = task
            if step["target"] == "timer":
                loop.call_later(10 ** rng.uniform(-3, 0), stop, step)  # 1 ms to 1 s
        for task, step in zip(tasks, steps, strict=True):
            try:
                response = await task
            except asyncio.CancelledError:
                where[f"cancelled awaiting {step.get('cancelled_at') or 'no INSERT'}"] += 1
            else:
                where[f"answered {response.status_code}"] += 1
    return where


def stop(step: dict) -> None:
    if not step["task"].done():
        step["cancelled_at"] = step["awaiting"]
        step["task"].cancel()


def kill_midway(pool_file, rng: random.Random, target: str) -> Counter:
    """Run tests/registrar.py and have it killed with SIGKILL: by this test after a random
    delay (target "timer"), or by itself just after sending an INSERT into the target table.
    Counts the INSERTs it had sent and not seen answered, by table."""
    command = [sys.executable, "tests/registrar.py", str(pool_file)]
    proc = subprocess.Popen(
        command + ([] if target == "timer" else [target]),
        cwd=PROJECT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "ready"
    if target == "timer":
        time.sleep(rng.uniform(0.1, 0.8))
        proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    last: dict[str, str] = {}  # user_id -> its last line
    for line in out.splitlines():
        user_id, _, what = line.partition(" ")
        last[user_id] = what
    return Counter(what.split()[0] for what in last.values() if what.endswith(" sent"))


def race_the_pool(race, names: list[str], mails: list[str]) -> dict[str, list[int]]:
    """RACERS registrations for each pooled username (each with an e-mail of its own) and for
    each pooled e-mail (each with a username of its own), all at once; statuses by value."""
    requests, values = [], []
    for name in names:
        for n in range(RACERS):
            body = {"username": name, "email": f"{name}.{n}@x.example", "display_name": "R"}
            requests.append(("POST", "/api/users", body))
            values.append(name)
    for mail in mails:
        for n in range(RACERS):
            own = f"{mail.split('@')[0]}_{n}"[-24:]
            requests.append(("POST", "/api/users", {"username": own, "email": mail, "display_name": "R"}))
            values.append(mail)
    result = race(requests)
    statuses: dict[str, list[int]] = {}
    for value, response in zip(values, result.responses, strict=True):
        statuses.setdefault(value, []).append(response.status_code)
    return statuses


def race_again_once_stale(race, audit, names: list[str], mails: list[str]) -> None:
    """Wait until every orphan is stale, race the pooled values again, and read the outcome:
    still no duplicate, and each pooled value held by one account (its orphan taken over)."""
    time.sleep(GRACE.total_seconds())
    statuses = race_the_pool(race, names, mails)
    after = audit()
    pooled = set(names) | set(mails)
    orphans = [o for o in after.orphan_claims() if o.split(" ", 1)[1] in pooled]
    print(f"after the race: {after.summary()}; orphan claims on the pooled values: {len(orphans)}")
    after.assert_unique()
    for kind, values in ((0, names), (1, mails)):
        for value in values:
            holders = after.holders(kind, value)
            # Exactly one, unless every contender that could have won gave up (503: nothing kept).
            assert len(holders) == 1 or (not holders and 503 in statuses[value]), (value, statuses[value])
    assert orphans == []


def test_cancelled_and_unanswered_registrations_never_make_two_accounts(
    empty_tables, short_grace, monkeypatch, pool, audit, race
):
    rng = random.Random(20240607)
    inserts = Inserts(monkeypatch, rng)
    names, mails = pool
    where: Counter = Counter()
    # Rounds until registrations were cancelled awaiting each of the three INSERTs, and a
    # send whose answer was lost had been applied all the same.
    for round_ in range(20):
        bodies = [contender(rng, names, mails, round_ * 100 + n) for n in range(24)]
        where += asyncio.run(cancelled_midway(bodies, rng))
        covered = all(where[f"cancelled awaiting {t}"] >= 5 for t in ("usernames", "emails", "users"))
        if covered and inserts.applied_unheard and round_ >= 3:
            break
    print(f"\nwhere registrations were stopped: {dict(sorted(where.items()))}")
    print(f"sends unanswered: {len(inserts.unanswered)}, applied all the same: {inserts.applied_unheard}")
    assert all(where[f"cancelled awaiting {t}"] >= 5 for t in ("usernames", "emails", "users"))
    assert inserts.unanswered and inserts.applied_unheard  # unknown outcomes happened, and were settled

    time.sleep(1)  # let requests whose callers were cancelled get their answers
    after_cancel = audit()
    print(f"after the cancellations: {after_cancel.summary()}")
    after_cancel.assert_unique()

    race_again_once_stale(race, audit, names, mails)


def test_a_process_killed_midway_leaves_no_duplicate_and_its_claims_are_taken_over(
    empty_tables, short_grace, pool, audit, race, tmp_path
):
    names, mails = pool
    pool_file = tmp_path / "pool.txt"
    pool_file.write_text(" ".join(names) + "\n" + " ".join(mails) + "\n")
    rng = random.Random(7)
    killed_awaiting: Counter = Counter()
    for target in ["timer", "usernames", "emails", "users"] * 2:
        killed_awaiting += kill_midway(pool_file, rng, target)
    print(f"\nINSERTs in flight when the process was killed: {dict(killed_awaiting)}")
    assert all(killed_awaiting[t] >= 2 for t in ("usernames", "emails", "users"))

    time.sleep(1)
    after_kill = audit()
    print(f"after the kills: {after_kill.summary()}")
    after_kill.assert_unique()

    race_again_once_stale(race, audit, names, mails)


@pytest.mark.parametrize("ctrl_c", [1, 2], ids=["one-ctrl-c", "two-ctrl-c"])
def test_a_seed_stopped_by_ctrl_c_then_rerun_registers_nobody_twice(ctrl_c, run_seed, audit, count_rows):
    """One Ctrl-C stops the seed cleanly; a second one ends it at once, with rows in flight."""
    args = ["--count", "3000", "--seed", "23"]
    assert run_seed("--count", "1", "--reset").returncode == 0  # empty tables to start from
    proc = subprocess.Popen(
        [sys.executable, "seed.py", *args],
        cwd=PROJECT,
        env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = time.monotonic()
    while count_rows("users") < 150:
        assert proc.poll() is None and time.monotonic() - started < 120, "the seed ended before Ctrl-C"
        time.sleep(0.05)
    for _ in range(ctrl_c):
        proc.send_signal(signal.SIGINT)
        time.sleep(0.01)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr

    stopped = audit()
    print(f"\nafter {ctrl_c} Ctrl-C: {stopped.summary()}")
    stopped.assert_unique()
    assert 150 <= len(stopped.accounts) < 3000

    rerun = run_seed(*args)
    assert rerun.returncode == 0, rerun.stderr
    finished = audit()
    print(f"after the rerun: {finished.summary()}")
    finished.assert_unique()
    assert set(stopped.accounts) <= set(finished.accounts)  # the first run's accounts stay
    # No row was left out: each is registered, or one of its values is held by something else
    # (an account, or an orphan of the stopped run until it is stale).
    faker, rng = Faker(), random.Random(23)
    faker.seed_instance(23)
    rows = list(fake_rows(faker, rng, 3000))
    assert [r for r in rows if r.username not in finished.usernames and r.email not in finished.emails] == []
