"""What is really in Cassandra for one board, read straight from the tables.

These reads filter a whole (small, test-only) table with ALLOW FILTERING, so that they do not
depend on the month index the app itself reads through.
"""

from taskboard.models import BoardStatusCounter, TaskEvent


def events_of(board) -> list:
    """Every event of the board, newest first."""
    events = TaskEvent.find(board_id=board.id).allow_filtering().all()
    return sorted(events, key=lambda e: e.event_id.time, reverse=True)


def tallies(board) -> dict[str, tuple[int, int]]:
    """{status: (tasks, entered)} from the counter table."""
    return {r.status: (r.tasks, r.entered) for r in BoardStatusCounter.find(board_id=board.id).all()}
