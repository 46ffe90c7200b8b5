"""Registrations stopped anywhere: cancelled, timed out, killed, interrupted with Ctrl-C.

Afterwards no username or e-mail belongs to two accounts and every account holds both its
claims; and once the claims left behind are older than CLAIM_GRACE ("a minute later": the
tests backdate them instead of waiting), registrations racing for those names take each one
exactly once. Every check reads the whole tables (inventory.py); `pytest -rP` prints the
counts each test saw.
"""

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager

import httpx
import pytest
from coodie.drivers import get_driver, register_driver
from coodie.sync import init_coodie
from faults import Plan
from inventory import backdate

from registry import queries
from registry.kit import db
from registry.kit.testing import PROJECT, seeded_counts
from registry.models import EmailClaim, User, UsernameClaim, utcnow
from registry.schemas import RegistrationIn

# Where a registration is cancelled: at the n-th statement it sends, while that one is in flight.
STOPS = {
    (1,): "username claim",
    (2,): "e-mail claim",
    (3,): "account insert",
    (1, 2): "username claim, then again during its release",
    (2, 3): "e-mail claim, then again during the first release",
    (2, 4): "e-mail claim, then again during the second release",
}
EACH_STOP = 5
FEED_ACCOUNTS, STOP_AFTER = 600, 150  # a feed stopped a quarter of the way in
RANDOM_DIRECT, RANDOM_HTTP = 30, 20  # cancelled after a random delay instead
RACERS = 3  # per username and per e-mail, once the dust has settled
TABLES = ("users", "usernames", "emails")


def person(unique, prefix: str) -> RegistrationIn:
    name = unique(prefix)
    return RegistrationIn(username=name, email=f"{name}@example.com", display_name=prefix)


def values(people: list[RegistrationIn]) -> set[str]:
    return {p.username for p in people} | {p.email for p in people}


def check(inv, what: str) -> None:
    """The two invariants, whatever happened before."""
    assert inv.duplicates() == {}, f"{what}: a username or e-mail with two accounts"
    assert inv.unclaimed() == [], f"{what}: accounts without their claims"


def age_orphans(session, settings, inv) -> int:
    """Backdate the claims nobody holds an account for, past CLAIM_GRACE: a minute has passed."""
    orphans = inv.orphans()
    backdate(session, settings.keyspace, orphans, utcnow() - 2 * queries.CLAIM_GRACE)
    return len(orphans)


async def _stopped(data: RegistrationIn, plan: Plan, http: httpx.AsyncClient | None = None) -> str:
    plan.start()  # this task's context only
    try:
        if http is not None:
            response = await http.post("/api/users", json=data.model_dump())
            return f"HTTP {response.status_code}"
        await queries.register(data)
        return "created"
    except asyncio.CancelledError:
        return "cancelled"
    except queries.Conflict as exc:
        return f"{exc.field} taken"


async def _cancel_later(start: float, delay: float, work) -> str:
    """Start `work` after `start` seconds as a task of its own; cancel it `delay` seconds later."""
    await asyncio.sleep(start)
    task = asyncio.create_task(work)
    asyncio.get_running_loop().call_later(delay, task.cancel)
    try:
        return await task
    except asyncio.CancelledError:  # cancelled before it began
        return "cancelled"


async def _race(victims: list[RegistrationIn]) -> list[str]:
    """RACERS registrations for each victim's username, and RACERS for its e-mail, all at once."""
    racers = []
    for v in victims:
        for n in range(RACERS):
            same_name = {"username": v.username, "email": f"{v.username}.r{n}@example.com"}
            same_email = {"username": f"{v.username}_r{n}", "email": v.email}
            racers += [RegistrationIn(**same, display_name="R") for same in (same_name, same_email)]
    return [_outcome(r) for r in await asyncio.gather(*map(queries.register, racers), return_exceptions=True)]


def _outcome(result) -> str:
    if isinstance(result, User):
        return "created"
    return f"{result.field} taken" if isinstance(result, queries.Conflict) else repr(result)


def race_and_check(session, settings, inventory, victims) -> dict[str, int]:
    """Age what the victims left, race for every one of their names, check each has one account."""
    names = values(victims)
    aged = age_orphans(session, settings, inventory().only(names))
    outcomes = asyncio.run(_race(victims))
    assert {o for o in outcomes if o not in ("created", "username taken", "email taken")} == set()

    after = inventory().only(names)
    check(after, "after the race")
    assert after.orphans() == []
    for v in victims:  # nothing blocked for good: every name has exactly one account
        assert len(after.holders("username", v.username)) == 1, v.username
        assert len(after.holders("email", v.email)) == 1, v.email
    created = outcomes.count("created")
    return {"aged": aged, "created": created, "refused": len(outcomes) - created}


def test_cancelled_registrations_never_duplicate_and_never_block_a_name(
    wire, client, session, settings, inventory, unique
):
    from registry.app import app

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    planned = [(person(unique, "cx"), Plan.cancel(*s), s) for s in STOPS for _ in range(EACH_STOP)]
    direct = [(person(unique, "cd"), Plan()) for _ in range(RANDOM_DIRECT)]
    over_http = [(person(unique, "ch"), Plan()) for _ in range(RANDOM_HTTP)]

    async def stop_them_all():
        # How long one registration takes here and now: the random cancellations fall within it.
        started = time.perf_counter()
        await queries.register(person(unique, "cw"))
        took = time.perf_counter() - started
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as http:
            stopping = [_stopped(p, plan) for p, plan, _ in planned]
            # Spread over a second, each cancelled somewhere within the time a registration takes.
            for p, plan in direct:
                stopping.append(_cancel_later(rng.uniform(0, 1), rng.uniform(0, took), _stopped(p, plan)))
            for p, plan in over_http:  # a client that gives up: the request's task is cancelled
                later = _cancel_later(rng.uniform(0, 1), rng.uniform(0, took), _stopped(p, plan, http))
                stopping.append(later)
            return await asyncio.gather(*stopping, return_exceptions=True)

    outcomes = asyncio.run(stop_them_all())
    wire.settle()  # every statement the stopped registrations sent has been decided
    victims = [p for p, *_ in planned + direct + over_http]

    before = inventory().only(values(victims))
    check(before, "after the cancellations")
    for p, plan, stops in planned:
        # The stop happened where planned: the n-th statement was sent, then the task cancelled.
        assert len(plan.sent) >= stops[0], f"never reached the {STOPS[stops]}: {plan.sent}"
        if stops == (3,):  # the insert it had sent was applied: the account is kept, with its claims
            assert len(before.holders("username", p.username)) == 1, p.username
    raced = race_and_check(session, settings, inventory, victims)

    cancelled = sum(o == "cancelled" for o in outcomes)
    sent = Counter(len(plan.sent) for _, plan in direct + over_http)
    print(
        f"\n{len(victims)} registrations, {cancelled} of them cancelled (random delays seeded {seed}; "
        f"statements the randomly cancelled had sent: {dict(sorted(sent.items()))}).\n"
        f"Then {before.summary()}.\nAfter {raced['aged']} orphan claims aged, racing for their names: "
        f"{raced['created']} accounts created, {raced['refused']} refused; 0 duplicates, 0 orphans"
    )


@contextmanager
def impatient(settings, monkeypatch, model):
    """`model`'s statements go through a driver session that times out after 0.5 ms, on the
    client only: the database still applies them. Yields the names of the errors it saw."""
    monkeypatch.setattr(db, "REQUEST_TIMEOUT_S", 0.0005)
    session = db.build_cluster(settings).connect()
    timed_out = []
    session.add_request_init_listener(
        lambda rf: rf.add_callbacks(lambda _: None, lambda exc: timed_out.append(type(exc).__name__))
    )
    ours = get_driver()
    init_coodie(session=session, keyspace=settings.keyspace, name="impatient")
    register_driver("default", ours, default=True)  # only `model` goes through the impatient one
    monkeypatch.setattr(model.Settings, "connection", "impatient", raising=False)
    try:
        yield timed_out
    finally:
        monkeypatch.undo()
        db.close(session)


def test_account_inserts_that_time_out_are_settled_never_guessed(
    wire, session, settings, inventory, unique, monkeypatch
):
    """The account insert times out on the client (0.5 ms) while the database still applies
    it: the registration must find out (void the id) instead of guessing either way."""
    people = [person(unique, "to") for _ in range(20)]
    with impatient(settings, monkeypatch, User) as timed_out:
        results = asyncio.run(_all(people))

    wire.settle()
    inv = inventory().only(values(people))
    check(inv, "after the timeouts")
    assert inv.orphans() == []  # settled: every claim was kept by its account or released
    kept = [r for r in results if isinstance(r, User)]
    for user in kept:
        assert inv.holders("username", user.username) == [user.user_id]
    lost = [r for r in results if not isinstance(r, User)]
    assert all(type(r).__name__ == "OperationTimedOut" for r in lost), lost
    assert len(inv.accounts) == len(kept)
    assert timed_out, "no account insert timed out: the test tested nothing"
    print(
        f"\n{len(people)} registrations, {len(timed_out)} account inserts timed out: {len(kept)} were "
        f"applied (kept), {len(lost)} were voided (claims released, 503)"
    )


@pytest.mark.parametrize("model", [UsernameClaim, EmailClaim], ids=["username", "e-mail"])
def test_claims_that_time_out_never_make_two_accounts(
    model, wire, session, settings, inventory, unique, monkeypatch
):
    """A claim's INSERT times out on the client while the database still applies it (or applies
    it later): the registration goes on only if a SERIAL read finds the claim is its own."""
    people = [person(unique, "tc") for _ in range(20)]
    with impatient(settings, monkeypatch, model) as timed_out:
        results = asyncio.run(_all(people))

    wire.settle()
    inv = quiet(inventory, values(people))
    check(inv, "after the timeouts")
    assert timed_out, "no claim timed out: the test tested nothing"
    outcomes = Counter("created" if isinstance(r, User) else type(r).__name__ for r in results)
    assert set(outcomes) <= {"created", "OperationTimedOut"}, results  # 503 when it cannot tell
    assert len(inv.accounts) == outcomes["created"]
    raced = race_and_check(session, settings, inventory, people)
    print(
        f"\n{len(people)} registrations, {len(timed_out)} statements on {model.table_name()} timed out: "
        f"{dict(outcomes)}; then {inv.summary()}.\nAfter {raced['aged']} orphan claims aged, racing for "
        f"their names: {raced['created']} accounts created, {raced['refused']} refused"
    )


async def _all(people):
    return await asyncio.gather(*(queries.register(p) for p in people), return_exceptions=True)


def test_a_registration_voided_by_a_contender_is_abandoned_and_keeps_nothing(
    wire, client, session, settings, inventory, unique
):
    """A registration slower than CLAIM_GRACE: between its claims and its account, a contender
    voids its id. The account insert is refused, its claims go, and the API says 503."""
    from registry.app import app

    victim = person(unique, "slow")

    def contender_voids_it(_plan, _response_future):
        holder = session.execute(
            f"SELECT user_id FROM {settings.keyspace}.usernames WHERE username = %s", [victim.username]
        ).one()
        session.execute(
            f"INSERT INTO {settings.keyspace}.users (user_id, voided) VALUES (%s, true) IF NOT EXISTS",
            [holder.user_id],
        )

    async def register_slowly():
        Plan(at={3: contender_voids_it}).start()  # just before the account insert is sent
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            return await http.post("/api/users", json=victim.model_dump())

    response = asyncio.run(register_slowly())
    assert response.status_code == 503
    assert "abandoned" in response.json()["detail"]
    inv = inventory().only(values([victim]))
    assert inv.accounts == {} and inv.claims == []  # nothing kept: the name is free again
    assert client.post("/api/users", json=victim.model_dump()).status_code == 201


@pytest.mark.parametrize("statement", [1, 2, 3], ids=["username claim", "e-mail claim", "account insert"])
def test_a_process_killed_while_a_statement_is_in_flight(
    statement, session, settings, inventory, unique, tmp_path
):
    """kill -9 of a process registering ten people, just after the first of them sent its
    statement number `statement`, before any answer was read: no cleanup runs at all."""
    people = [person(unique, "kx") for _ in range(10)]
    path = tmp_path / "people.json"
    path.write_text(json.dumps([p.model_dump() for p in people]))
    crashed = subprocess.run(
        [sys.executable, "tests/crash.py", str(statement), str(path)],
        cwd=PROJECT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    before = quiet(inventory, values(people))
    check(before, "after kill -9")
    raced = race_and_check(session, settings, inventory, people)
    print(
        f"\nkill -9 once the {STOPS[(statement,)]} was sent: {before.summary()}.\nAfter {raced['aged']} "
        f"orphan claims aged, racing for their names: {raced['created']} accounts created, "
        f"{raced['refused']} refused; 0 duplicates, 0 orphans"
    )


# ---------------------------------------------------------------- the seed, stopped
def feed_of(tmp_path, unique, count: int) -> tuple[str, list[RegistrationIn]]:
    people = [person(unique, "sd") for _ in range(count)]
    path = tmp_path / "people.csv"
    lines = ["username,email,display_name"] + [f"{p.username},{p.email},{p.display_name}" for p in people]
    path.write_text("\n".join(lines) + "\n")
    return str(path), people


class Seed:
    """seed.py running in a subprocess, its output in files (a full pipe would stall it)."""

    def __init__(self, tmp_path, name: str, *args: str):
        self.out, self.err = tmp_path / f"{name}.out", tmp_path / f"{name}.err"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "seed.py", *args],
                cwd=PROJECT,
                env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
                stdout=out,
                stderr=err,
            )

    def wait(self) -> int:
        return self.process.wait(timeout=300)

    def registered(self) -> int:
        """The accounts its summary says it wrote."""
        return seeded_counts(self.out.read_text(), TABLES)["users"]


def stop_when_written(seed: Seed, count_rows, accounts: int, how: signal.Signals) -> None:
    """Send `how` once the seed has written `accounts` more accounts (it is mid-way then)."""
    start = count_rows("users")
    deadline = time.monotonic() + 120
    while count_rows("users") - start < accounts:
        assert seed.process.poll() is None, seed.err.read_text()
        assert time.monotonic() < deadline, "the seed wrote too slowly"
        time.sleep(0.02)
    seed.process.send_signal(how)


def quiet(inventory, names: set[str]):
    """Read until two reads 0.5 s apart agree: what the stopped process sent has landed."""
    last, deadline = None, time.monotonic() + 60
    while time.monotonic() < deadline:
        now = inventory().only(names)
        if last is not None and (now.accounts, now.claims) == (last.accounts, last.claims):
            return now
        last = now
        time.sleep(0.5)
    raise AssertionError("the tables kept changing for a minute after the seed stopped")


def test_a_killed_seed_then_two_reruns_at_once(session, settings, inventory, count_rows, unique, tmp_path):
    """kill -9 in the middle of a feed, then the same feed imported twice at the same time."""
    feed, people = feed_of(tmp_path, unique, FEED_ACCOUNTS)
    seed = Seed(tmp_path, "killed", "--feed", feed)
    stop_when_written(seed, count_rows, STOP_AFTER, signal.SIGKILL)
    seed.wait()
    before = quiet(inventory, values(people))
    check(before, "after kill -9")
    aged = age_orphans(session, settings, before)

    reruns = [Seed(tmp_path, f"rerun{n}", "--feed", feed) for n in range(2)]
    assert [r.wait() for r in reruns] == [0, 0], [r.err.read_text() for r in reruns]
    after = inventory().only(values(people))
    check(after, "after the reruns")
    assert after.orphans() == [] and len(after.accounts) == len(people)  # each row: one account
    registered = [r.registered() for r in reruns]
    assert sum(registered) == len(people) - len(before.accounts)
    print(
        f"\nkill -9 after {len(before.accounts)} of {len(people)} accounts: {before.summary()}; "
        f"{aged} orphan claims aged.\nTwo reruns at once registered {registered[0]} + {registered[1]}: "
        f"{after.summary()}"
    )


def test_ctrl_c_during_the_seed_then_a_rerun_completes_it(
    session, settings, inventory, count_rows, unique, tmp_path
):
    feed, people = feed_of(tmp_path, unique, FEED_ACCOUNTS)
    seed = Seed(tmp_path, "interrupted", "--feed", feed)
    stop_when_written(seed, count_rows, STOP_AFTER, signal.SIGINT)
    interrupted = seed.wait()
    assert interrupted != 0, "the seed finished before Ctrl-C reached it"
    before = quiet(inventory, values(people))
    check(before, "after Ctrl-C")
    aged = age_orphans(session, settings, before)

    rerun = Seed(tmp_path, "rerun", "--feed", feed)
    assert rerun.wait() == 0, rerun.err.read_text()
    after = inventory().only(values(people))
    check(after, "after the rerun")
    assert after.orphans() == [] and len(after.accounts) == len(people)  # each row: one account
    assert rerun.registered() == len(people) - len(before.accounts)
    print(
        f"\nCtrl-C after {len(before.accounts)} of {len(people)} accounts (exit {interrupted}): "
        f"{before.summary()}; {aged} orphan claims aged.\nThe rerun: {after.summary()}"
    )
