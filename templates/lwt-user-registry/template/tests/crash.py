"""A process that dies mid-registration: `python tests/crash.py N PEOPLE.json` (run by the tests).

It registers everyone in PEOPLE.json at once (a JSON list of RegistrationIn objects), and as
soon as the first of them has sent its N-th statement (1: the username claim, 2: the e-mail
claim, 3: the account insert), it kills itself with SIGKILL: after that statement left, before
any answer is read. Nothing of the registry's cleanup can run, unlike a cancellation.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from faults import Plan, Wire

from registry import queries
from registry.kit import db
from registry.schemas import RegistrationIn


def die_once_sent(_plan: Plan, _response_future) -> None:
    # The listener runs just before the statement is sent, in the task sending it: the loop's
    # next turn comes after the send, and before any answer can be handled (answers, too, come
    # through the loop).
    asyncio.get_running_loop().call_soon(os.kill, os.getpid(), signal.SIGKILL)


async def register(data: RegistrationIn, statement: int) -> None:
    Plan(at={statement: die_once_sent}).start()
    await queries.register(data)


async def main(statement: int, people: list[RegistrationIn]) -> None:
    await asyncio.gather(*(register(p, statement) for p in people), return_exceptions=True)


if __name__ == "__main__":
    statement, path = int(sys.argv[1]), Path(sys.argv[2])
    people = [RegistrationIn(**p) for p in json.loads(path.read_text())]
    Wire(db.connect())
    asyncio.run(main(statement, people))
    sys.exit("every registration finished: the statement to die at was never sent")
