"""What `seed.py` writes: fake accounts, or rows of a feed file, registered like any other.

Each row goes through queries.register, the same three LWTs as the page: a username or an
e-mail that clashes (in fake data, or twice in a feed) is a conflict, counted and reported,
never a row. Importing the same feed twice therefore registers nobody twice.

A seed stopped half-way (Ctrl-C, kill -9) can simply be run again: the rows it registered are
conflicts, and the rows it left half-done hold claims of ids that are no account, which the
rerun takes over once they are older than queries.CLAIM_GRACE (one minute).
"""

from __future__ import annotations

import random
import string
from collections import Counter
from collections.abc import Iterator

from faker import Faker

from . import queries
from .kit.seedkit import SeedSpec, Skip, key, keys
from .models import MODELS, EmailClaim, UsernameClaim
from .schemas import RegistrationIn


class FeedRow(RegistrationIn):
    """One account of a feed: username, email, display_name, and optionally bio and location."""


def _plain(text: str) -> str:
    """'O'Connor' -> 'oconnor': only what a username may hold."""
    return "".join(c for c in text.lower() if c in string.ascii_lowercase + string.digits)


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    """Plausible people. Names repeat, so at large counts some usernames and e-mails clash:
    those rows become conflicts, exactly as they would for real sign-ups."""
    for _ in range(count):
        first, last = faker.first_name(), faker.last_name()
        username = f"{_plain(first)}{rng.choice(['', '_'])}{_plain(last)}"[:21] + str(rng.randint(1, 99))
        yield FeedRow(
            username=username,
            email=f"{_plain(first)}.{_plain(last)}@{faker.free_email_domain()}",
            display_name=f"{first} {last}",
            bio=faker.sentence(nb_words=rng.randint(6, 14)),
            location=faker.city(),
        )


async def write_row(row: FeedRow) -> list:
    """A registration, or Skip(the guard that refused it): a conflict writes no rows."""
    try:
        user = await queries.register(row)
    except queries.Conflict as exc:
        raise Skip(f"{exc.field} taken") from None  # nothing was kept: a lost claim is released
    except queries.Abandoned:
        raise Skip("abandoned") from None  # voided by another registration after CLAIM_GRACE
    return [
        *keys(user),
        key(UsernameClaim.table_name(), user.username),
        key(EmailClaim.table_name(), user.email),
    ]


def conflicts_refused(refused_by: Counter) -> list[str]:
    """The summary's last line: registrations the LWT guards refused (they wrote no rows),
    from the kit's count of skipped rows by reason ("username taken", "email taken", or
    "abandoned": voided by another registration after CLAIM_GRACE)."""
    refused = sum(refused_by.values())
    what = f"{refused} registration{'' if refused == 1 else 's'} refused"
    if not refused:
        return [f"[green]{what}: every username and e-mail was free"]
    why = ", ".join(f"{n} {reason}" for reason, n in sorted(refused_by.items()))
    return [f"[yellow]{what} by the LWT guards ({why}): no rows for them"]


# An account is a users row and its two claims: the three tables always have as many rows.
# 32 registrations in flight: three Paxos rounds each, so more in flight barely adds throughput
# (113 against 124 accounts/s at 128 on a 2-core laptop) but makes Ctrl-C wait for them longer.
SPEC = SeedSpec(
    "accounts",
    FeedRow,
    fake_rows,
    write_row,
    models=MODELS,
    concurrency=32,
    interrupt_count=800,  # an account is three LWTs: a few hundred a second
    notes=conflicts_refused,
    rerun="skips",
    rerun_note="accounts already registered come back as conflicts, never twice",
    same_rows=[("users", "usernames", "emails")],
)
