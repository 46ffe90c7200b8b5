"""`python -m registry.repair`: give back their claims to accounts that lack them.

Registration never leaves an account without its claims: it writes the account only once both
claims are its own, and a claim leaves an id only when that id can never be an account. An
account without them comes from elsewhere: rows written by an earlier version of this registry
(which released claims on a cancellation while the account insert it had sent still applied),
an INSERT by hand, a restore of one table. Such an account is a hazard: its username looks
free, and registering it again would make a second account with that name.

The command reads the three tables in full (a maintenance task, not a request) and claims for
every account whose username or e-mail claim does not name it, through queries.claim with no
grace: a claim whose holder is no account is taken over at any age (its id voided, so a
registration still in progress for that name is abandoned instead of becoming a duplicate). A
claim held by another account is a real duplicate: it is listed for a person, never changed.
Exit codes: 0 done (duplicates, if any, are listed), 1 database, 130 interrupted.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from datetime import timedelta

from . import queries
from .kit import db
from .kit.settings import Settings, SettingsError
from .models import EmailClaim, User, UsernameClaim


@dataclass
class Repair:
    accounts: int = 0
    reclaimed: list[str] = field(default_factory=list)  # "username ada", "email ada@example.com"
    duplicates: list[str] = field(default_factory=list)  # values another account holds


async def repair() -> Repair:
    accounts = [u for u in await queries.every_row(User) if not u.voided]
    holders = {("username", c.username): c.user_id for c in await queries.every_row(UsernameClaim)}
    holders |= {("email", c.email): c.user_id for c in await queries.every_row(EmailClaim)}
    report = Repair(accounts=len(accounts))
    for user in accounts:
        wanted = [
            UsernameClaim(username=user.username, user_id=user.user_id),
            EmailClaim(email=user.email, user_id=user.user_id),
        ]
        for doc in wanted:
            kind = "username" if isinstance(doc, UsernameClaim) else "email"
            value = getattr(doc, kind)
            if holders.get((kind, value)) == user.user_id:
                continue
            if await queries.claim(doc, grace=timedelta(0)):
                report.reclaimed.append(f"{kind} {value}")
            else:
                holder = await queries.holder_of(type(doc), value)
                report.duplicates.append(f"{kind} {value}: account {user.user_id}, and account {holder}")
    return report


def main() -> int:
    try:
        settings = Settings.from_env()
        session = db.connect(settings)
    except (db.DatabaseUnavailable, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        report = asyncio.run(repair())
    except KeyboardInterrupt:
        print("interrupted: run it again, it only does what is still missing", file=sys.stderr)
        return 130
    except db.DATABASE_ERRORS as exc:
        print(f"error: {db.describe_failure(exc, settings)}", file=sys.stderr)
        return 1
    finally:
        db.close(session)
    print(f"{report.accounts} accounts read: {len(report.reclaimed)} claims given back")
    for line in report.reclaimed:
        print(f"  claimed {line}")
    if report.duplicates:
        print(f"{len(report.duplicates)} values held by two accounts (resolve by hand, e.g. delete one):")
        for line in report.duplicates:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
