"""The admin: SQL models editable, the Cassandra event log read-only."""

import pytest
from helpers import events_of, tallies

from taskboard.tasks import writes


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x" * 12))
    return client


def test_admin_lists_boards_and_tasks(admin, board):
    writes.create_task(board, "Visible in admin", actor="ada")
    boards = admin.get("/admin/tasks/board/")
    assert boards.status_code == 200 and board.name in boards.text
    assert f"/admin/tasks/board/{board.pk}/events/" in boards.text
    tasks = admin.get("/admin/tasks/task/")
    assert "Visible in admin" in tasks.text


def test_event_log_is_visible_and_read_only(admin, board):
    task = writes.create_task(board, "Logged", actor="ada")
    writes.move_task(board, task.id, "todo", "doing", actor="ada")
    page = admin.get(f"/admin/tasks/board/{board.pk}/events/")
    assert page.status_code == 200
    assert page.text.count("<td>Logged</td>") == 2  # created, moved
    assert "moved todo → doing" in page.text
    assert "SELECT * FROM test_" in page.text  # the CQL the page sent
    assert "<form" not in page.text.split('id="content-main"')[1]  # nothing to edit or delete
    assert admin.post(f"/admin/tasks/board/{board.pk}/delete/").status_code == 403


def test_status_is_read_only_and_tasks_added_in_the_admin_are_logged(admin, board, user):
    added = admin.post(
        "/admin/tasks/task/add/",
        {"board": board.pk, "title": "From the admin", "status": "review", "description": "", "assignee": ""},
    )
    assert added.status_code == 302, added.text
    assert events_of(board)[0].task_title == "From the admin"
    assert tallies(board) == {"review": (1, 1)}

    task = board.tasks.get()
    change = admin.get(f"/admin/tasks/task/{task.pk}/change/")
    assert 'name="status"' not in change.text and "Review" in change.text


def test_non_staff_users_are_sent_to_the_admin_login(logged_in):
    response = logged_in.get("/admin/tasks/board/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
