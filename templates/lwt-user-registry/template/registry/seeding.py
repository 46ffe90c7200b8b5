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
from .kit.seedkit import SeedSpec
from .models import MODELS, EmailClaim, User, UsernameClaim
from .schemas import RegistrationIn

# The registrations the LWT guards refused, by reason ("username taken", "email taken",
# "abandoned": voided by another registration after CLAIM_GRACE).
CONFLICTS: Counter = Counter()


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


async def write_row(row: FeedRow) -> Counter:
    try:
        await queries.register(row)
    except queries.Conflict as exc:
        CONFLICTS[f"{exc.field} taken"] += 1
        return Counter()  # nothing was kept: a lost claim is released
    except queries.Abandoned:
        CONFLICTS["abandoned"] += 1
        return Counter()
    return Counter({User.table_name(): 1, UsernameClaim.table_name(): 1, EmailClaim.table_name(): 1})


def conflicts_refused() -> list[str]:
    """The summary's last line: registrations the LWT guards refused (they wrote no rows)."""
    refused = sum(CONFLICTS.values())
    what = f"{refused} registration{'' if refused == 1 else 's'} refused"
    if not refused:
        return [f"[green]{what}: every username and e-mail was free"]
    why = ", ".join(f"{n} {reason}" for reason, n in sorted(CONFLICTS.items()))
    return [f"[yellow]{what} by the LWT guards ({why}): no rows for them"]


SPEC = SeedSpec("accounts", FeedRow, fake_rows, write_row, models=MODELS, notes=conflicts_refused)
