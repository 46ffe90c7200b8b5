"""Check the uniqueness guards over whole tables, and mend what an older registry left:
`python -m registry.repair` reports, `python -m registry.repair --fix` mends.

The registry itself never makes an account without its claims (queries.py, rules 1-5), but
data written before those rules (or rows deleted by hand) can hold:

- accounts without their claims: the username or e-mail claim is missing, or names another
  account. Such an account cannot be found by name, and its name could be registered again.
  --fix claims the value for it (INSERT ... IF NOT EXISTS, or the takeover of a stale orphan),
  oldest account first; an account whose value is held by another live account is a
  duplicate: it is deleted (DELETE ... IF EXISTS) and its own claims released;
- orphan claims: a claim whose account does not exist or does not hold the value. They are
  taken over by the next registration once stale; --fix releases the stale ones now, each
  with DELETE ... IF user_id = <owner> after a SERIAL read found no account.

It reads the three tables in full: a tool for a repair window, not for every request.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field

import click

from . import queries
from .kit import db
from .kit.settings import SettingsError
from .models import EmailClaim, User, UsernameClaim, utcnow

KINDS = ((UsernameClaim, "username"), (EmailClaim, "email"))


@dataclass
class Findings:
    accounts: int = 0
    without_claims: list[tuple[User, type]] = field(default_factory=list)  # (account, claim model)
    orphans: list = field(default_factory=list)  # claims naming no account that holds the value

    def lines(self) -> list[str]:
        return [
            f"{self.accounts} accounts",
            f"{len(self.without_claims)} missing claims (an account whose username or e-mail claim "
            "is absent or names another account)",
            f"{len(self.orphans)} orphan claims (a claim whose account does not hold it)",
        ]


async def audit() -> Findings:
    users = {u.user_id: u for u in await User.find().all()}
    found = Findings(accounts=len(users))
    for model, column in KINDS:
        claims = {getattr(c, column): c for c in await model.find().all()}
        for user in users.values():
            claim = claims.get(getattr(user, column))
            if claim is None or claim.user_id != user.user_id:
                found.without_claims.append((user, model))
        for value, claim in claims.items():
            owner = users.get(claim.user_id)
            if owner is None or getattr(owner, column) != value:
                found.orphans.append(claim)
    return found


async def fix(found: Findings, say) -> None:
    removed = set()
    for user, model in sorted(found.without_claims, key=lambda pair: pair[0].created_at):
        if user.user_id in removed or await queries.serial_get(User, user_id=user.user_id) is None:
            continue  # removed just now, or deleted since the audit
        column = "username" if model is UsernameClaim else "email"
        claim = model(**{column: getattr(user, column)}, user_id=user.user_id, claimed_at=utcnow())
        if await queries.claim(claim):
            say(f"claimed {column} {getattr(user, column)} for account {user.user_id}")
            continue
        value = getattr(user, column)
        holder_id = await queries.holder_of(model, value)
        holder = holder_id and await queries.serial_get(User, user_id=holder_id)
        if not holder or getattr(holder, column) != value:
            say(f"left account {user.user_id}: its {column} is held by a fresh claim, run again later")
            continue
        # Another live account holds the value: this one is the duplicate.
        await user.delete(if_exists=True)
        await queries.release(UsernameClaim(username=user.username, user_id=user.user_id))
        await queries.release(EmailClaim(email=user.email, user_id=user.user_id))
        removed.add(user.user_id)
        say(
            f"deleted duplicate account {user.user_id} ({user.username}, {user.email}): its {column} is taken"
        )
    for claim in found.orphans:
        if await queries.is_orphan({"user_id": claim.user_id, "claimed_at": claim.claimed_at}):
            result = await claim.delete(if_conditions={"user_id": claim.user_id})
            if result.applied:
                say(f"released stale orphan claim {queries.claim_key(claim)}")


async def main(mend: bool, say) -> None:
    found = await audit()
    for line in found.lines():
        say(line)
    if mend and (found.without_claims or found.orphans):
        await fix(found, say)
        say("after --fix:")
        for line in (await audit()).lines():
            say(line)


@click.command(help="Check that every account holds its username and e-mail claims; --fix mends.")
@click.option(
    "--fix", "mend", is_flag=True, help="Claim what accounts lack, delete duplicates, free stale orphans."
)
def repair(mend: bool) -> None:
    try:
        session = db.connect()
    except (db.DatabaseUnavailable, SettingsError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    try:
        asyncio.run(main(mend, click.echo))
    except db.DATABASE_ERRORS as exc:
        click.echo(f"error: {db.describe_failure(exc)}", err=True)
        sys.exit(1)
    finally:
        db.close(session)


if __name__ == "__main__":
    repair()
