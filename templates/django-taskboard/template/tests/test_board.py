"""The Kanban board: creating and moving tasks, on both databases at once."""

from uuid import uuid4

from helpers import events_of, tallies

from taskboard.tasks import writes
from taskboard.tasks.models import Task


def move(client, board, task, frm, to):
    return client.post(f"/boards/{board.slug}/tasks/{task.id}/move/", {"from": frm, "to": to})


def test_board_shows_columns_cards_and_counter_badges(logged_in, board):
    writes.create_task(board, "Paint the shed", actor="ada")
    html = logged_in.get(f"/boards/{board.slug}/").text
    for column in ["To do", "Doing", "Review", "Done"]:
        assert f">{column}" in html
    assert "Paint the shed" in html
    assert 'id="cql-panel"' in html
    # The page reads the counters' partition and the newest month of the event log.
    assert "FROM test_" in html and "board_status_counters" in html and "task_events" in html


def test_moving_a_task_writes_exactly_one_event_and_moves_the_counters(logged_in, board):
    task = writes.create_task(board, "Write docs", actor="ada")
    assert tallies(board) == {"todo": (1, 1)}
    before = events_of(board)

    response = move(logged_in, board, task, "todo", "doing")
    assert response.status_code == 302

    after = events_of(board)
    assert len(after) == len(before) + 1
    event = after[0]  # newest first
    assert (event.kind, event.from_status, event.to_status) == ("moved", "todo", "doing")
    assert (event.task_id, event.task_title, event.actor) == (task.id, "Write docs", "ada")
    assert tallies(board) == {"todo": (0, 1), "doing": (1, 1)}
    assert Task.objects.get(pk=task.id).status == "doing"

    page = logged_in.get(f"/boards/{board.slug}/").text
    assert "Moved “Write docs” from To do to Doing." in page  # Django messages
    assert "BEGIN COUNTER BATCH" in page and "INSERT INTO" in page  # what the move sent


def test_a_stale_move_is_a_conflict_and_writes_nothing(logged_in, board):
    task = writes.create_task(board, "Contested", actor="ada")
    assert move(logged_in, board, task, "todo", "doing").status_code == 302
    before_events, before_counts = len(events_of(board)), tallies(board)

    # A second browser still shows the card in To do and moves it to Review.
    stale = move(logged_in, board, task, "todo", "review")
    assert stale.status_code == 409
    assert "someone moved it first" in stale.text
    assert len(events_of(board)) == before_events
    assert tallies(board) == before_counts
    assert Task.objects.get(pk=task.id).status == "doing"


def test_not_a_move_is_400_and_a_foreign_task_404(logged_in, board):
    task = writes.create_task(board, "Stay", actor="ada")
    assert move(logged_in, board, task, "todo", "todo").status_code == 400
    assert move(logged_in, board, task, "todo", "lost").status_code == 400
    ghost = Task(id=uuid4())
    assert move(logged_in, board, ghost, "todo", "doing").status_code == 404
    assert len(events_of(board)) == 1  # only the creation


def test_moves_must_be_posted(logged_in, board):
    task = writes.create_task(board, "Read only", actor="ada")
    assert logged_in.get(f"/boards/{board.slug}/tasks/{task.id}/move/").status_code == 405


def test_new_task_form(logged_in, board, user):
    created = logged_in.post(f"/boards/{board.slug}/tasks/", {"title": "Ship it", "assignee": user.pk})
    assert created.status_code == 302
    task = Task.objects.get(board=board, title="Ship it")
    assert task.assignee == user and task.status == "todo"
    assert events_of(board)[0].kind == "created"
    assert tallies(board) == {"todo": (1, 1)}


def test_new_task_errors_beside_the_field_and_nothing_written(logged_in, board, django_user_model):
    outsider = django_user_model.objects.create_user("mallory")
    response = logged_in.post(f"/boards/{board.slug}/tasks/", {"title": "  ", "assignee": outsider.pk})
    assert response.status_code == 422
    assert 'id="title-error"' in response.text and 'id="assignee-error"' in response.text
    assert not Task.objects.filter(board=board).exists()
    assert events_of(board) == [] and tallies(board) == {}


def test_titles_are_escaped(logged_in, board):
    logged_in.post(f"/boards/{board.slug}/tasks/", {"title": "<script>alert(1)</script>"})
    html = logged_in.get(f"/boards/{board.slug}/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_statistics_agree_with_sqlite(logged_in, board):
    tasks = [writes.create_task(board, f"T{i}", actor="ada") for i in range(5)]
    for task in tasks[:3]:
        move(logged_in, board, task, "todo", "doing")
    move(logged_in, board, tasks[0], "doing", "review")
    move(logged_in, board, tasks[0], "review", "done")

    assert tallies(board) == {"todo": (2, 5), "doing": (2, 3), "review": (0, 1), "done": (1, 1)}
    html = logged_in.get(f"/boards/{board.slug}/stats/").text
    assert "The counters differ" not in html
    assert 'id="stat-doing"><th scope="row">Doing</th><td class="num">2</td><td class="num">2</td>' in html
