"""Eight people move the same card at the same moment: one move wins, one event is written.

Runs in a subprocess against a SQLite file (the test database in memory would not show how
SQLite's file lock queues writers), with the test keyspace.
"""

import json
from uuid import UUID

from helpers import events_of, tallies
from test_commands import manage

from taskboard.tasks.models import Board

RACE = """
import json, threading, time
from taskboard.tasks import writes
from taskboard.tasks.models import Board

board = Board.objects.create(name="Race", slug="race-" + str(time.time_ns()))
task = writes.create_task(board, "Contested card", actor="setup")
start, outcomes, lock = threading.Barrier(8), [], threading.Lock()

def mover(n):
    start.wait(timeout=30)
    began = time.perf_counter()
    try:
        writes.move_task(board, task.id, "todo", ["doing", "review"][n % 2], actor=f"user{n}")
        outcome = "moved"
    except writes.Conflict:
        outcome = "conflict"
    with lock:
        outcomes.append((outcome, round((time.perf_counter() - began) * 1000, 1)))

threads = [threading.Thread(target=mover, args=(n,)) for n in range(8)]
for t in threads: t.start()
for t in threads: t.join(timeout=60)
print(json.dumps({"board": str(board.id), "outcomes": outcomes}))
"""


def test_concurrent_moves_of_one_card_write_exactly_one_event():
    assert manage("migrate", "-v", "0").returncode == 0
    result = manage("shell", "-v", "0", "-c", RACE, env={"CASSANDRA_CONNECT_ON_READY": "1"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    outcomes = [outcome for outcome, _ in report["outcomes"]]
    assert len(outcomes) == 8  # every thread finished within its deadline
    assert outcomes.count("moved") == 1 and outcomes.count("conflict") == 7
    slowest = max(ms for _, ms in report["outcomes"])
    print(f"8 concurrent moves: 1 moved, 7 conflicts, slowest {slowest} ms")

    board = Board(id=UUID(report["board"]))
    events = events_of(board)
    assert [e.kind for e in events] == ["moved", "created"]
    winner = events[0].to_status
    assert tallies(board) == {"todo": (0, 1), winner: (1, 1)}
