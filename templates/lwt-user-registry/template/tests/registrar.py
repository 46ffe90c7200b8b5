"""Registrations without end, for a test to kill: `python tests/registrar.py POOL_FILE [TABLE]`.

POOL_FILE holds usernames on its first line and e-mails on its second (space-separated).
WORKERS registrations run at once, forever, each taking a pooled username or e-mail (or both,
or neither), so most clash. Each LWT INSERT is announced on stdout before it is sent and once
it is answered, one flushed line each: `<user_id> <table> sent`, `<user_id> <table> answered`.

Without TABLE the test kills the process with SIGKILL when it likes. With TABLE (usernames,
emails or users) the process kills itself with SIGKILL 0 to 2 ms after one of its INSERTs
into that table was sent (the 1st to the 8th, at random): a crash at a chosen point.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
from pathlib import Path
from uuid import uuid4

from registry import queries
from registry.kit import db
from registry.models import EmailClaim, User, UsernameClaim
from registry.schemas import RegistrationIn

WORKERS = 16


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def announce_inserts(rng: random.Random, die_after: str | None) -> None:
    """Print which LWT a registration sends, before it is sent and when it is answered."""
    countdown = {die_after: rng.randint(1, 8)}
    for model in (UsernameClaim, EmailClaim, User):
        model.insert = _announced(model.insert, model.table_name(), countdown, rng)


def _announced(real, table: str, countdown: dict, rng: random.Random):
    async def insert(doc, **kwargs):
        say(f"{doc.user_id} {table} sent")
        sending = asyncio.ensure_future(real(doc, **kwargs))
        if table in countdown:
            countdown[table] -= 1
            if countdown[table] == 0:
                await asyncio.sleep(0)  # the INSERT leaves (coodie sends it in its first step)
                asyncio.get_running_loop().call_later(
                    rng.uniform(0, 0.002), os.kill, os.getpid(), signal.SIGKILL
                )
        result = await sending
        say(f"{doc.user_id} {table} answered")
        return result

    return insert


def contender(rng: random.Random, names: list[str], mails: list[str]) -> RegistrationIn:
    own = f"k_{uuid4().hex[:10]}"
    pooled = rng.choice(["username", "email", "both", "neither"])
    username = rng.choice(names) if pooled in ("username", "both") else own
    email = rng.choice(mails) if pooled in ("email", "both") else f"{own}@example.com"
    return RegistrationIn(username=username, email=email, display_name="Killed Midway")


async def worker(rng: random.Random, names: list[str], mails: list[str]) -> None:
    while True:
        try:
            await queries.register(contender(rng, names, mails))
        except queries.Conflict:
            pass
        except Exception as exc:  # a timeout or TooSlow: shown, and the next one is tried
            say(f"- failed {type(exc).__name__}")


async def main(rng: random.Random, names: list[str], mails: list[str]) -> None:
    say("ready")
    await asyncio.gather(*(worker(rng, names, mails) for _ in range(WORKERS)))


if __name__ == "__main__":
    lines = Path(sys.argv[1]).read_text().splitlines()
    rng = random.Random()
    session = db.connect()
    announce_inserts(rng, sys.argv[2] if len(sys.argv) > 2 else None)
    asyncio.run(main(rng, lines[0].split(), lines[1].split()))
