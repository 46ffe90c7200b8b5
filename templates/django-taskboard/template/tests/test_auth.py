"""Logging in and out, pages closed to strangers, and CSRF."""

import re

from helpers import events_of, tallies

from taskboard.kit.settings import TITLE
from taskboard.tasks import writes
from taskboard.tasks.models import Task


def test_pages_need_a_login(client, board):
    for path in [
        "/",
        f"/boards/{board.slug}/",
        f"/boards/{board.slug}/activity/",
        f"/boards/{board.slug}/stats/",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next=")


def test_login_flow(client, user, board):
    page = client.get("/accounts/login/?next=/")
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.text
    # The page layout's own `site` (Django's auth views pass one of theirs: the host name).
    assert re.search(rf'<a class="brand" href="/">.*?{re.escape(TITLE)}</a>', page.text)
    assert f"· {TITLE}</title>" in page.text

    wrong = client.post("/accounts/login/", {"username": "ada", "password": "nope", "next": "/"})
    assert wrong.status_code == 422
    assert "Please enter a correct username and password" in wrong.text

    right = client.post(
        "/accounts/login/", {"username": "ada", "password": "correct horse battery", "next": "/"}
    )
    assert right.status_code == 302 and right["Location"] == "/"
    boards = client.get("/")
    assert "Signed in as <strong>ada</strong>" in boards.text and board.name in boards.text

    out = client.post("/accounts/logout/")
    assert out.status_code == 302
    assert client.get("/").status_code == 302


def test_other_peoples_boards_are_404(client, board, django_user_model):
    stranger = django_user_model.objects.create_user("eve", password="x" * 12)
    client.force_login(stranger)
    assert client.get(f"/boards/{board.slug}/").status_code == 404
    assert board.name not in client.get("/").text


def test_post_without_csrf_token_is_refused_and_writes_nothing(board, user):
    from django.test import Client

    task = writes.create_task(board, "Guarded", actor="ada")
    before_events, before_counts = len(events_of(board)), tallies(board)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(f"/boards/{board.slug}/tasks/{task.id}/move/", {"from": "todo", "to": "doing"})
    assert response.status_code == 403
    assert Task.objects.get(pk=task.id).status == "todo"
    assert len(events_of(board)) == before_events
    assert tallies(board) == before_counts

    # The same move with the page's token goes through.
    token = strict.get(f"/boards/{board.slug}/").cookies["csrftoken"].value
    moved = strict.post(
        f"/boards/{board.slug}/tasks/{task.id}/move/",
        {"from": "todo", "to": "doing", "csrfmiddlewaretoken": token},
    )
    assert moved.status_code == 302
    assert Task.objects.get(pk=task.id).status == "doing"
