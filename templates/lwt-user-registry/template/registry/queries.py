"""Every read and write the registry makes, one small function each.

Each write here is a lightweight transaction (LWT), and none of them raises on a lost race:
coodie returns an LWTResult(applied, existing) and the functions below turn a lost race into
a Conflict, which the API answers with 409 and the pages show beside the field.

Uniqueness must survive crashes and cancellation, not only races. The rules that make it so:

1. A claim names the account it was made for (user_id), and every write to a claim is
   conditional on that name: a request only ever removes or changes a claim it can name.
2. The account row is written last, and only while both claims are held.
3. A claim is released only when the account write was never sent. Once the INSERT INTO users
   may have reached the database (sent, then cancelled, timed out or crashed), the claims stay:
   either the account appears and holds them, or they become orphans (rule 4).
4. An orphan (a claim older than CLAIM_GRACE whose account a SERIAL read does not find) may be
   taken over with UPDATE ... IF user_id = <that owner>: of several contenders exactly one wins.
   A registration sends its account write only before ACCOUNT_DEADLINE, well inside the grace,
   so an account can no longer appear once its claims are old enough to be taken over.
5. A write whose answer is lost (timeout) is sent again: it is idempotent, because the row
   carries our user_id, so "applied" or "refused with our own row" both mean it is ours.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from cassandra import OperationTimedOut, WriteTimeout
from coodie.exceptions import DocumentNotFound
from coodie.results import LWTResult

from .kit import paging
from .models import EmailClaim, User, UsernameClaim, utcnow
from .schemas import ProfileIn, RegistrationIn

PAGE_SIZE = 20
# A registration sends its account write only within this time of claiming (it gives up
# otherwise, releasing its claims): far longer than a registration takes.
ACCOUNT_DEADLINE = timedelta(seconds=20)
# A claim without an account is taken over once it is older than this. The margin over the
# deadline (40 s) must exceed the longest a sent LWT may still be applied by the coordinator
# (cas_contention_timeout + write_request_timeout: 15 s with tools/cassandra/cassandra.yaml)
# plus the clock difference between the app's processes.
CLAIM_GRACE = timedelta(seconds=60)
# The write reached the database but no answer came back: it may or may not have been applied.
UNKNOWN_OUTCOME = (WriteTimeout, OperationTimedOut)
SENDS = 3  # a write whose outcome is unknown is sent at most this many times

log = logging.getLogger(__name__)
Claim = UsernameClaim | EmailClaim


class Conflict(Exception):
    """A race lost to another request; `field` says which guard refused it (409)."""

    field = ""

    def __init__(self, message: str, current: User | None = None):
        super().__init__(message)
        self.current = current


class UsernameTaken(Conflict):
    field = "username"


class EmailTaken(Conflict):
    field = "email"


class VersionConflict(Conflict):
    """Another edit was saved first; `current` is the row as it is now (the values that won)."""

    field = "version"


class TooSlow(Exception):
    """A registration that reached its account write after ACCOUNT_DEADLINE: nothing was kept (503)."""


# ---------------------------------------------------------------- reads
async def serial_get(model, **key):
    """Read one row at SERIAL consistency: it finishes any Paxos round still in flight for the
    partition, so it sees every LWT that has been decided (at the price of a Paxos round)."""
    return await model.find(**key).consistency("SERIAL").first()


async def get_user(username: str) -> User:
    """Q1 then Q3: the username's claim names the account. Raises DocumentNotFound."""
    claim = await UsernameClaim.get(username=username)
    return await User.get(user_id=claim.user_id)


async def list_users(cursor: str | None = None, size: int = PAGE_SIZE) -> paging.Page:
    """Q4: accounts in token order (the partitioner's order, not alphabetical), a page at a time."""
    return await paging.fetch_page(User.find(), size, cursor)


# ---------------------------------------------------------------- sending an LWT
async def decided(send: Callable[[], Awaitable[LWTResult]], deadline: datetime | None = None) -> LWTResult:
    """Send an idempotent LWT until the database answers (at most SENDS times), each send
    before `deadline` if one is given. Raises the last timeout, or TooSlow."""
    for attempt in range(1, SENDS + 1):
        if deadline is not None and utcnow() >= deadline:
            raise TooSlow("the registration took too long: nothing was kept, try again")
        try:
            return await send()
        except UNKNOWN_OUTCOME as exc:
            if attempt == SENDS:
                raise
            log.warning("no answer to an LWT (%s), sending it again", type(exc).__name__)
    raise AssertionError("unreachable")


def _holder(result: LWTResult) -> UUID | None:
    """Who holds the row after a refused LWT (None: no row)."""
    return (result.existing or {}).get("user_id")


# ---------------------------------------------------------------- claims
async def claim(doc: Claim) -> bool:
    """INSERT ... IF NOT EXISTS: True when the key is now doc.user_id's, False when another holds it.

    A stale orphan is taken over (rule 4). Raises a timeout when three sends got no answer."""
    result = await decided(doc.insert)
    holder = _holder(result)
    if result.applied or holder == doc.user_id:  # the second: an earlier send of ours was applied
        return True
    # The same round trip returned the row that won: who holds the key, and since when.
    if await is_orphan(result.existing):
        mine = {"user_id": doc.user_id, "claimed_at": doc.claimed_at}
        taken_over = await decided(lambda: doc.update(if_conditions={"user_id": holder}, **mine))
        # Of several takeovers racing, exactly one is applied; a resend finds its own value.
        return taken_over.applied or _holder(taken_over) == doc.user_id
    return False


async def release(doc: Claim) -> None:
    """DELETE ... IF user_id = ?: a release never removes a claim that another account holds.

    Only for a claim whose account write was never sent (rule 3)."""
    try:
        await doc.delete(if_conditions={"user_id": doc.user_id})
    except Exception:  # the claim stays an orphan; registration takes it over once stale
        log.warning("could not release %s; it becomes an orphan claim", claim_key(doc), exc_info=True)


async def is_orphan(holder: dict) -> bool:
    """A claim's row (user_id, claimed_at) is an orphan: stale, and its account does not exist."""
    claimed_at = holder["claimed_at"].replace(tzinfo=UTC)  # the driver returns naive UTC
    if utcnow() - claimed_at < CLAIM_GRACE:
        return False  # maybe a registration still in progress: never steal it
    # SERIAL: completes (or forever fences off) any account write of the owner still in a Paxos round.
    return await serial_get(User, user_id=holder["user_id"]) is None


def claim_key(doc: Claim) -> dict[str, str]:
    return {"username": doc.username} if isinstance(doc, UsernameClaim) else {"email": doc.email}


# ---------------------------------------------------------------- writes
async def register(data: RegistrationIn) -> User:
    """Claim the username, then the e-mail, then write the account: three Paxos rounds.

    A lost claim releases what was claimed, so a lost race leaves nothing behind; so does a
    failure or a cancellation before the account write. From the account write on, nothing is
    released (rule 3). Raises UsernameTaken, EmailTaken, TooSlow, or a timeout (503)."""
    user = User(**data.model_dump())
    started = user.created_at  # the claims' claimed_at: the grace and the deadline count from it
    deadline = started + ACCOUNT_DEADLINE
    name = UsernameClaim(username=user.username, user_id=user.user_id, claimed_at=started)
    mail = EmailClaim(email=user.email, user_id=user.user_id, claimed_at=started)
    held: list[Claim] = []  # claims that may be ours: released if the account write is never sent
    account_sent = False
    try:
        for doc in (name, mail):
            held.append(doc)
            if not await claim(doc):
                held.remove(doc)
                raise _taken(doc)
        if utcnow() >= deadline:
            raise TooSlow("the registration took too long: nothing was kept, try again")
        account_sent = True  # from here on the account may exist: its claims stay
        await _insert_account(user, deadline)
    except BaseException:  # CancelledError and KeyboardInterrupt too: they stop a request midway
        if not account_sent:
            for doc in held:
                await release(doc)
        raise
    return user


def _taken(doc: Claim) -> Conflict:
    if isinstance(doc, UsernameClaim):
        return UsernameTaken(f"the username '{doc.username}' is already taken")
    return EmailTaken(f"the e-mail address {doc.email} is already registered")


async def _insert_account(user: User, deadline: datetime) -> None:
    # IF NOT EXISTS on a fresh uuid4 always applies; it is an LWT so that every write to
    # `users` goes through Paxos (see models.py). A resend refused with our own row is ours.
    result = await decided(user.insert, deadline)
    if not result.applied and _holder(result) != user.user_id:
        raise RuntimeError(f"user_id {user.user_id} already belongs to another account")


async def edit_profile(username: str, data: ProfileIn) -> User:
    """UPDATE ... IF version = ?: applied only if nobody saved since `data.version` was read.

    Raises VersionConflict (with the row as it is now) or DocumentNotFound."""
    user = await get_user(username)
    result = await user.update(
        if_conditions={"version": data.version},
        display_name=data.display_name,
        bio=data.bio,
        location=data.location,
        version=data.version + 1,
        updated_at=utcnow(),
    )
    if result.applied:
        return user
    # A failed conditional UPDATE returns only the condition's column ({"version": n}), or
    # None when the row is gone; and coodie has already copied our losing values onto `user`.
    # So read the row again to show the values that won.
    current = await serial_get(User, user_id=user.user_id)
    if current is None:
        raise DocumentNotFound(f"the account '{username}' was deleted")
    raise VersionConflict(
        f"Version {current.version} was saved while you edited version {data.version}: "
        "your edit was not applied",
        current=current,
    )


async def delete_account(username: str) -> None:
    """DELETE ... IF EXISTS, then release both claims. Raises DocumentNotFound when another
    request deleted the account first."""
    user = await get_user(username)
    result = await user.delete(if_exists=True)
    if not result.applied:
        raise DocumentNotFound(f"the account '{username}' was already deleted")
    # If the process dies here, the claims are orphans: registration takes them over (stale).
    await release(UsernameClaim(username=user.username, user_id=user.user_id))
    await release(EmailClaim(email=user.email, user_id=user.user_id))


async def holder_of(model: type[Claim], key: str) -> UUID | None:
    """Who holds a username or e-mail now (a SERIAL read), or None."""
    field = "username" if model is UsernameClaim else "email"
    row = await serial_get(model, **{field: key})
    return row.user_id if row else None


__all__ = ["Conflict", "DocumentNotFound", "EmailTaken", "UsernameTaken", "VersionConflict"]
