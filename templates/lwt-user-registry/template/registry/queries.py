"""Every read and write the registry makes, one small function each.

Each write here is a lightweight transaction (LWT), and none of them raises on a lost race:
coodie returns an LWTResult(applied, existing) and the functions below turn a lost race into
a Conflict, which the API answers with 409 and the pages show beside the field.
"""

from __future__ import annotations

import logging
from datetime import UTC, timedelta
from uuid import UUID

from cassandra import OperationTimedOut, WriteTimeout
from coodie.exceptions import DocumentNotFound

from .kit import paging
from .models import EmailClaim, User, UsernameClaim, utcnow
from .schemas import ProfileIn, RegistrationIn

PAGE_SIZE = 20
# A claim whose account row never appeared (the process died between the claim and the
# account) is taken over once it is older than this: far longer than any request may last.
CLAIM_GRACE = timedelta(seconds=60)
# The write reached the database but no answer came back: it may or may not have been applied.
UNKNOWN_OUTCOME = (WriteTimeout, OperationTimedOut)

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


# ---------------------------------------------------------------- claims
async def claim(doc: Claim) -> bool:
    """INSERT ... IF NOT EXISTS: True when the key is now doc.user_id's, False when another holds it."""
    try:
        result = await doc.insert()
    except UNKNOWN_OUTCOME:
        holder = await serial_get(type(doc), **_key(doc))
        if holder is None:
            raise  # not applied, but we cannot tell the user "taken": 503, try again
        return holder.user_id == doc.user_id
    if result.applied:
        return True
    # The same round trip returned the row that won: who holds the key, and since when.
    if await _is_orphan(result.existing):
        taken_over = await doc.update(
            if_conditions={"user_id": result.existing["user_id"]},
            user_id=doc.user_id,
            claimed_at=doc.claimed_at,
        )
        return taken_over.applied  # of several takeovers racing, exactly one is applied
    return False


async def release(doc: Claim) -> None:
    """DELETE ... IF user_id = ?: a release never removes a claim that another account holds."""
    try:
        await doc.delete(if_conditions={"user_id": doc.user_id})
    except Exception:  # the claim stays an orphan; registration takes it over once stale
        log.warning("could not release %s; it becomes an orphan claim", _key(doc), exc_info=True)


async def _is_orphan(holder: dict) -> bool:
    claimed_at = holder["claimed_at"].replace(tzinfo=UTC)  # the driver returns naive UTC
    if utcnow() - claimed_at < CLAIM_GRACE:
        return False  # maybe a registration still in progress: never steal it
    return await serial_get(User, user_id=holder["user_id"]) is None


def _key(doc: Claim) -> dict[str, str]:
    return {"username": doc.username} if isinstance(doc, UsernameClaim) else {"email": doc.email}


# ---------------------------------------------------------------- writes
async def register(data: RegistrationIn) -> User:
    """Claim the username, then the e-mail, then write the account: three Paxos rounds.

    If the e-mail claim fails (or anything else does), the username claim is released, so a
    lost race leaves nothing behind. Raises UsernameTaken or EmailTaken."""
    user = User(**data.model_dump())
    name = UsernameClaim(username=user.username, user_id=user.user_id)
    if not await claim(name):
        raise UsernameTaken(f"the username '{user.username}' is already taken")
    held = [name]
    try:
        mail = EmailClaim(email=user.email, user_id=user.user_id)
        if not await claim(mail):
            raise EmailTaken(f"the e-mail address {user.email} is already registered")
        held.append(mail)
        await _insert_account(user)
    except BaseException:
        for doc in held:
            await release(doc)
        raise
    return user


async def _insert_account(user: User) -> None:
    # IF NOT EXISTS on a fresh uuid4 always applies; it is an LWT so that every write to
    # `users` goes through Paxos (see models.py).
    try:
        await user.insert()
    except UNKNOWN_OUTCOME:
        if await serial_get(User, user_id=user.user_id) is None:
            raise


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
