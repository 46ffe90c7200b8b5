"""Registrations without end, for a test to kill: `python tests/registrar.py POOL_FILE`.

POOL_FILE holds usernames on its first line and e-mails on its second (space-separated).
WORKERS registrations run at once, forever, each taking a pooled username or e-mail (or
both), so they clash. Each LWT INSERT is announced on stdout before it is sent and once it
is answered, one flushed line each: `<user_id> <table> sent` and `<user_id> <table> answered`.
The test kills the process with SIGKILL and reads which INSERTs were in flight.
"""

from __future__ import annotations

import asyncio
import random
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


def announce_inserts() -> None:
    """Print which LWT a registration sends, before it is sent and when it is answered."""
    for model in (UsernameClaim, EmailClaim, User):
        model.insert = _announced(model.insert, model.table_name())


def _announced(real, table: str):
    async def insert(doc, **kwargs):
        say(f"{doc.user_id} {table} sent")
        result = await real(doc, **kwargs)
        say(f"{doc.user_id} {table} answered")
        return result

    return insert


def contender(rng: random.Random, names: list[str], mails: list[str]) -> RegistrationIn:
    tag = uuid4().hex[:10]
    pooled = rng.choice(["username", "email", "both"])
    username = rng.choice(names) if pooled in ("username", "both") else f"k_{tag}"
    email = rng.choice(mails) if pooled in ("email", "both") else f"k.{tag}@example.com"
    return RegistrationIn(username=username, email=email, display_name="Killed Midway")


async def worker(rng: random.Random, names: list[str], mails: list[str]) -> None:
    while True:
        data = contender(rng, names, mails)
        try:
            await queries.register(data)
        except queries.Conflict:
            pass
        except Exception as exc:  # a timeout or TooSlow: shown, and the next one is tried
            say(f"- failed {type(exc).__name__}")


async def main(names: list[str], mails: list[str]) -> None:
    rng = random.Random()
    say("ready")
    await asyncio.gather(*(worker(rng, names, mails) for _ in range(WORKERS)))


if __name__ == "__main__":
    lines = Path(sys.argv[1]).read_text().splitlines()
    session = db.connect()
    announce_inserts()
    asyncio.run(main(lines[0].split(), lines[1].split()))
