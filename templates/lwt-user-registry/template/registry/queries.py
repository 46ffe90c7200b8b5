"""Every read and write the registry makes, one small function each.

Each write here is a lightweight transaction (LWT), and none of them raises on a lost race:
coodie returns an LWTResult(applied, existing) and the functions below turn a lost race into
a Conflict, which the API answers with 409 and the pages show beside the field.

A registration is three LWTs on three partitions (username claim, e-mail claim, account), and
it can stop between any two: the process dies, the request is cancelled, a write times out and
its outcome is unknown (it may still be applied, seconds later). One rule keeps every name with
at most one account whatever stops where: a claim leaves a user_id (released, or taken over)
only when that id can never be an account. Either the account insert was never sent, or the id
is void: a VoidedId row, written IF NOT EXISTS in the account's own partition, so that Paxos
decides once between it and the account insert (see `void`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from datetime import UTC, timedelta
from typing import Any, TypeVar
from uuid import UUID

from cassandra import OperationTimedOut, WriteFailure, WriteTimeout
from coodie.exceptions import DocumentNotFound

from .kit import paging
from .models import EmailClaim, User, UsernameClaim, VoidedId, utcnow
from .schemas import ProfileIn, RegistrationIn

PAGE_SIZE = 20
SCAN_PAGE = 1000
# A claim whose account never appeared (its registration died, or was cancelled, between the
# claim and the account) may be taken over once it is older than this. Voiding makes a takeover
# safe at any age; the grace only spares registrations still in progress: far longer than any
# request may last.
CLAIM_GRACE = timedelta(seconds=60)
# The write reached the database but no answer came back: it may or may not have been applied,
# and may even be applied after we hear of the failure (the coordinator is still trying).
UNKNOWN_OUTCOME = (WriteTimeout, WriteFailure, OperationTimedOut)
# Cleanup after a failure (releases, voiding) is best effort and bounded: a request that was
# cancelled, or a seed stopped with Ctrl-C, must not hang on it. What it leaves, a later
# registration takes over.
CLEANUP_S = 5.0
# A takeover refused because another contender got there first is retried from the start, a
# few times: then the claim is fresh (that contender's), and the answer is "taken".
TAKEOVER_ATTEMPTS = 3

log = logging.getLogger(__name__)
T = TypeVar("T")
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


class Abandoned(Exception):
    """The registration took longer than CLAIM_GRACE and another one voided it (503): nothing
    of it was kept, and it may be sent again."""


# ---------------------------------------------------------------- reads
async def serial_get(model, **key):
    """Read one row at SERIAL consistency: it finishes any Paxos round still in flight for the
    partition, so it sees every LWT that has been decided (at the price of a Paxos round)."""
    return await model.find(**key).consistency("SERIAL").first()


async def get_user(username: str) -> User:
    """Q1 then Q3: the username's claim names the account. Raises DocumentNotFound (also while
    the claim's registration is still in progress, or when it names a void id)."""
    claim = await UsernameClaim.get(username=username)
    user = await User.get(user_id=claim.user_id)
    if user.voided:
        raise DocumentNotFound(f"no account holds the username '{username}'")
    return user


async def list_users(cursor: str | None = None, size: int = PAGE_SIZE) -> paging.Page:
    """Q4: accounts in token order (the partitioner's order, not alphabetical), a page at a time.
    Void ids are rows of `users` too: a page skips them, so it may hold fewer than `size`, and a
    page of nothing else is read past, as the kit reads past empty pages."""
    page = await paging.fetch_page(User.find(), size, cursor)
    accounts = [u for u in page.items if not u.voided]
    for _ in range(paging.EMPTY_READS - 1):
        if accounts or not page.cursor:
            break
        page = await paging.fetch_page(User.find(), size, page.cursor)
        accounts = [u for u in page.items if not u.voided]
    return paging.Page(items=accounts, cursor=page.cursor)


async def every_row(model) -> list:
    """A whole table, a page at a time: a full scan, for maintenance (registry.repair), never for
    a request. (coodie.aio's find().all() stops after the driver's first page, 5,000 rows.)"""
    rows, cursor = [], None
    while True:
        page = await paging.fetch_page(model.find(), SCAN_PAGE, cursor)
        rows += page.items
        cursor = page.cursor
        if not cursor:
            return rows


# ---------------------------------------------------------------- settling: void ids
async def void(user_id: UUID) -> bool:
    """Make sure `user_id` never becomes an account: INSERT INTO users (user_id, voided) VALUES
    (?, true) IF NOT EXISTS. True when the id is void (now, or already); False when it is an
    account: then its insert won the Paxos round, and the id keeps its claims."""
    try:
        result = await VoidedId(user_id=user_id).insert()
    except UNKNOWN_OUTCOME:
        row = await serial_get(User, user_id=user_id)
        if row is None:
            raise  # neither is there yet: we cannot tell, and must not guess
        return bool(row.voided)
    return result.applied or bool(result.existing.get("voided"))


# ---------------------------------------------------------------- claims
async def claim(doc: Claim, grace: timedelta = CLAIM_GRACE) -> bool:
    """INSERT ... IF NOT EXISTS: True when the key now names doc.user_id, False when an account
    holds it, or a registration younger than `grace` that may still become one.

    A holder older than `grace` whose id can be voided was a registration that will never
    finish: its claim is taken over with UPDATE ... IF user_id = <that id>, so of several
    contenders exactly one gets it."""
    for _ in range(TAKEOVER_ATTEMPTS):
        holder = await _claim_or_holder(doc)
        if holder is None:
            return True
        claimed_at = holder["claimed_at"]  # None only in a row written by hand: as old as can be
        if claimed_at and utcnow() - claimed_at.replace(tzinfo=UTC) < grace:  # naive UTC from the driver
            return False  # maybe a registration still in progress: leave it be
        if not await void(holder["user_id"]):
            return False  # an account holds it, however old the claim
        if await _take_over(doc, holder["user_id"]):
            return True
        # Another contender took it over, or its owner released it: look again.
    return False


async def _claim_or_holder(doc: Claim) -> dict[str, Any] | None:
    """None when the key names doc.user_id now, else the claim that holds it (its row)."""
    try:
        result = await doc.insert()
    except UNKNOWN_OUTCOME:
        row = await serial_get(type(doc), **_key(doc))
        if row is None:
            raise  # not applied yet, maybe later: "taken" would be a guess (503, try again)
        holder = {"user_id": row.user_id, "claimed_at": row.claimed_at}
    else:
        if result.applied:
            return None
        holder = result.existing  # the same round trip returned the row that won
    return None if holder["user_id"] == doc.user_id else holder


async def _take_over(doc: Claim, owner: UUID) -> bool:
    try:
        result = await doc.update(
            if_conditions={"user_id": owner}, user_id=doc.user_id, claimed_at=doc.claimed_at
        )
    except UNKNOWN_OUTCOME:
        row = await serial_get(type(doc), **_key(doc))
        if row is None or row.user_id != doc.user_id:
            raise
        return True
    return result.applied


async def release(doc: Claim) -> None:
    """DELETE ... IF user_id = ?: a release never removes a claim that another id holds. Only
    call it when doc.user_id can never be an account (see the module's docstring)."""
    await doc.delete(if_conditions={"user_id": doc.user_id})


def _key(doc: Claim) -> dict[str, str]:
    return {"username": doc.username} if isinstance(doc, UsernameClaim) else {"email": doc.email}


async def _release_all(claims: list[Claim]) -> None:
    for doc in claims:
        await release(doc)


# ---------------------------------------------------------------- in flight
# A statement on the wire goes on whether or not anybody waits for its answer: cancelling the
# task that sent it only loses the answer. So each LWT of a registration runs as a task of its
# own, and a cancelled registration still waits (up to CLEANUP_S) for the answer in flight
# before undoing anything: it undoes what was done, and only that.
def _start(work: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    task = asyncio.ensure_future(work)
    task.add_done_callback(_retrieved)
    return task


def _retrieved(task: asyncio.Task) -> None:
    if not task.cancelled():
        task.exception()  # looked at: nobody may wait for it any more (no "never retrieved")


async def _through(task: asyncio.Task[T]) -> T:
    """Await `task`; if we are cancelled meanwhile, let it finish first (for up to CLEANUP_S),
    then re-raise the cancellation: the caller then reads what it did with `_answer`."""
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait({task}, timeout=CLEANUP_S)
        raise


def _answer(task: asyncio.Task[T], unknown: Any) -> T | Any:
    """What `task` returned, or `unknown` when it has no answer (still running, or it failed)."""
    if task.done() and not task.cancelled() and task.exception() is None:
        return task.result()
    return unknown


async def _best_effort(what: str, work: Coroutine[Any, Any, T]) -> T | None:
    """Cleanup after a failure, bounded by CLEANUP_S; None when it did not finish. A cancellation
    does not stop it (it goes on in the background). Whatever it leaves undone are claims of an
    id that is no account, which a later registration takes over."""
    task = _start(work)
    await asyncio.wait({task}, timeout=CLEANUP_S)
    if not task.done() or task.cancelled() or task.exception() is not None:
        log.warning("%s did not finish: what it leaves is taken over later", what)
        return None
    return task.result()


# ---------------------------------------------------------------- writes
async def register(data: RegistrationIn) -> User:
    """Claim the username, then the e-mail, then write the account: three Paxos rounds.

    A lost race releases what was claimed, so it leaves nothing behind; so does a cancellation,
    once the statement in flight has answered. Raises UsernameTaken, EmailTaken, Abandoned, or
    the database's error when an outcome could not be settled (the API answers 503)."""
    user = User(**data.model_dump())
    guards = [
        (UsernameClaim(username=user.username, user_id=user.user_id), UsernameTaken),
        (EmailClaim(email=user.email, user_id=user.user_id), EmailTaken),
    ]
    attempts: list[tuple[Claim, asyncio.Task[bool]]] = []
    try:
        for doc, taken in guards:
            attempts.append((doc, _start(claim(doc))))
            if not await _through(attempts[-1][1]):
                raise taken(_taken(doc))
    except BaseException:  # a lost race, an error, a cancellation: the account was never sent
        maybe_ours = [doc for doc, attempt in attempts if _answer(attempt, unknown=True)]
        await _best_effort(f"releasing the claims of {user.user_id}", _release_all(maybe_ours))
        raise
    claims = [doc for doc, _ in attempts]

    insert = _start(user.insert())  # IF NOT EXISTS: only a VoidedId row can refuse it
    try:
        result = await _through(insert)
    except BaseException as exc:
        result = _answer(insert, unknown=None)
        if result is not None:  # cancelled, but the answer came: act on it, then stop
            await _best_effort(f"finishing the account {user.user_id}", _keep(user, claims, result))
            raise
        # No answer (a timeout, a lost connection): the insert may be applied, even later.
        written = await _best_effort(f"settling the account {user.user_id}", _settle(user, claims))
        if written and isinstance(exc, Exception):
            return user  # it was applied: the registration succeeded after all
        raise
    if await _keep(user, claims, result):
        return user
    raise Abandoned(
        f"the registration of '{user.username}' took longer than {CLAIM_GRACE.seconds} s and was "
        "abandoned: nothing was kept, try again"
    )


async def _keep(user: User, claims: list[Claim], result) -> bool:
    """After the account insert answered: True when the account is there. Refused by a void
    row (a contender voided the id: we outlived CLAIM_GRACE), the claims go."""
    if result.applied or not result.existing.get("voided"):
        return True  # applied, or refused by our own row (the driver resent an applied insert)
    await _release_all(claims)
    return False


async def _settle(user: User, claims: list[Claim]) -> bool:
    """The account insert's outcome is unknown: decide it. Void the id; if that applies, the
    account never will, so the claims can go. True when the account was written."""
    if not await void(user.user_id):
        return True
    await _release_all(claims)
    return False


def _taken(doc: Claim) -> str:
    if isinstance(doc, UsernameClaim):
        return f"the username '{doc.username}' is already taken"
    return f"the e-mail address {doc.email} is already registered"


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
    # The id was an account and is none now: its claims may go. If this stops half-way, the
    # claims name an id that is no account, and a registration takes them over once stale.
    claims = [
        UsernameClaim(username=user.username, user_id=user.user_id),
        EmailClaim(email=user.email, user_id=user.user_id),
    ]
    await _best_effort(f"releasing the claims of {user.user_id}", _release_all(claims))


async def holder_of(model: type[Claim], key: str) -> UUID | None:
    """Who holds a username or e-mail now (a SERIAL read), or None."""
    field = "username" if model is UsernameClaim else "email"
    row = await serial_get(model, **{field: key})
    return row.user_id if row else None


__all__ = ["Abandoned", "Conflict", "DocumentNotFound", "EmailTaken", "UsernameTaken", "VersionConflict"]
