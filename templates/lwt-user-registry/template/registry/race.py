"""The race page's experiment: N registrations at the same instant, for one username or one e-mail.

They run concurrently in this process (asyncio.gather), so N INSERT ... IF NOT EXISTS are in
flight together and Cassandra's Paxos picks the winner. The tests race real HTTP requests.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from uuid import uuid4

from . import queries
from .schemas import RaceIn, RegistrationIn


@dataclass
class Attempt:
    number: int
    username: str
    email: str
    outcome: str  # "created", "username taken", "email taken", or an error's name
    ms: float

    @property
    def won(self) -> bool:
        return self.outcome == "created"


@dataclass
class Race:
    mode: str
    key: str
    attempts: list[Attempt]
    seconds: float

    @property
    def accounts(self) -> int:
        return sum(a.won for a in self.attempts)

    @property
    def conflicts(self) -> int:
        return sum(a.outcome.endswith("taken") for a in self.attempts)


def contenders(spec: RaceIn) -> list[RegistrationIn]:
    """Everyone shares the raced value; the other value is unique to each contender."""
    tag = uuid4().hex[:6]
    people = []
    for n in range(1, spec.count + 1):
        if spec.mode == "username":
            username, email = spec.key, f"racer{n}.{tag}@example.com"
        else:
            username, email = f"racer{n}_{tag}", spec.key
        people.append(RegistrationIn(username=username, email=email, display_name=f"Racer {n}"))
    return people


async def _attempt(number: int, data: RegistrationIn) -> Attempt:
    started = time.perf_counter()
    try:
        await queries.register(data)
        outcome = "created"
    except queries.Conflict as exc:
        outcome = f"{exc.field} taken"
    except Exception as exc:  # a timeout is shown as such, never hidden
        outcome = type(exc).__name__
    return Attempt(number, data.username, data.email, outcome, (time.perf_counter() - started) * 1000)


async def run(spec: RaceIn) -> Race:
    people = contenders(spec)
    started = time.perf_counter()
    attempts = await asyncio.gather(*(_attempt(n, p) for n, p in enumerate(people, start=1)))
    return Race(spec.mode, spec.key, list(attempts), time.perf_counter() - started)
