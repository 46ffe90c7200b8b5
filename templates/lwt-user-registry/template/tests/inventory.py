"""Full-table reads of the registry's three tables, and what they say about its invariants.

Plain CQL through the driver, not the registry's code: the tests judge the registry by what is
stored, read by something it did not write. Whole-table reads are fine on a test keyspace.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

CLAIM_TABLES = {"username": "usernames", "email": "emails"}


@dataclass(frozen=True)
class Claim:
    kind: str  # "username" or "email"
    key: str
    user_id: UUID
    claimed_at: datetime


@dataclass
class Inventory:
    accounts: dict[UUID, dict[str, str]]  # user_id -> {"username": ..., "email": ...}
    voided: set[UUID]  # ids that will never be accounts (VoidedId rows)
    claims: list[Claim]

    def only(self, values: set[str]) -> Inventory:
        """The part of it about these usernames and e-mails, and about the accounts that hold
        one of them (other tests share the keyspace)."""
        accounts = {u: r for u, r in self.accounts.items() if {r["username"], r["email"]} & values}
        held = {v for r in accounts.values() for v in r.values()}
        return Inventory(accounts, self.voided, [c for c in self.claims if c.key in values | held])

    def holders(self, kind: str, value: str) -> list[UUID]:
        """The accounts whose row holds this username or e-mail."""
        return [uid for uid, row in self.accounts.items() if row[kind] == value]

    def duplicates(self) -> dict[str, list[UUID]]:
        """Usernames and e-mails that more than one account holds: must always be empty."""
        by_value: dict[tuple[str, str], list[UUID]] = defaultdict(list)
        for uid, row in self.accounts.items():
            for kind in CLAIM_TABLES:
                by_value[(kind, row[kind])].append(uid)
        return {f"{kind} {value}": ids for (kind, value), ids in by_value.items() if len(ids) > 1}

    def unclaimed(self) -> list[str]:
        """Accounts whose username or e-mail claim does not name them: must always be empty."""
        holder = {(c.kind, c.key): c.user_id for c in self.claims}
        return [
            f"{uid}: {kind} {row[kind]}"
            for uid, row in self.accounts.items()
            for kind in CLAIM_TABLES
            if holder.get((kind, row[kind])) != uid
        ]

    def orphans(self) -> list[Claim]:
        """Claims that name no account: what a registration that stopped half-way leaves.
        Harmless (they only block their name until a registration takes them over)."""
        return [c for c in self.claims if self.accounts.get(c.user_id, {}).get(c.kind) != c.key]

    def summary(self) -> str:
        return (
            f"{len(self.accounts)} accounts, {len(self.orphans())} orphan claims, "
            f"{len(self.duplicates())} values held by two accounts, "
            f"{len(self.unclaimed())} accounts missing a claim"
        )


def take(session, keyspace: str) -> Inventory:
    accounts, voided = {}, set()
    for row in session.execute(f"SELECT user_id, username, email, voided FROM {keyspace}.users", timeout=60):
        if row.voided:
            voided.add(row.user_id)
        else:
            accounts[row.user_id] = {"username": row.username, "email": row.email}
    claims = [
        Claim(kind, row[0], row.user_id, row.claimed_at)
        for kind, table in CLAIM_TABLES.items()
        for row in session.execute(f"SELECT {kind}, user_id, claimed_at FROM {keyspace}.{table}", timeout=60)
    ]
    return Inventory(accounts, voided, claims)


def backdate(session, keyspace: str, claims: list[Claim], when: datetime) -> None:
    """Make claims look older, as if `when` was their time ("a minute later", without the wait).
    Conditional on their holder, like every write to these tables."""
    for c in claims:
        table = CLAIM_TABLES[c.kind]
        session.execute(
            f"UPDATE {keyspace}.{table} SET claimed_at = %s WHERE {c.kind} = %s IF user_id = %s",
            [when, c.key, c.user_id],
            timeout=60,
        )
