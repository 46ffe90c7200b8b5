"""The pages. SQL answers "what is on the board now"; Cassandra answers "what happened" and "how many".

Every page needs a login (LoginRequiredMiddleware) except the login page and /schema. Forms
post with a CSRF token and redirect after success (messages say what happened); they work
without JavaScript, and HTMX only loads older activity in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import queries
from ..kit import cql_log
from ..kit.paging import BadCursor
from ..models import BoardStatusCounter
from . import writes
from .forms import TaskForm
from .models import Board, Status, Task

COLUMN_LIMIT = 25  # cards per column; the column header still counts them all
RECENT_EVENTS = 6


class LoginView(auth_views.LoginView):
    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422
        return response


def board_list(request):
    boards = (
        Board.objects.visible_to(request.user)
        .annotate(
            total=Count("tasks", distinct=True),
            open=Count("tasks", distinct=True, filter=~Q(tasks__status=Status.DONE)),
            people=Count("members", distinct=True),
        )
        .order_by("name")
    )
    return render(request, "tasks/boards.html", {"boards": boards})


def _board_or_404(request, slug: str) -> Board:
    return get_object_or_404(Board.objects.visible_to(request.user), slug=slug)


@dataclass
class Column:
    status: str
    label: str
    tasks: list[Task]
    in_sql: int  # rows in SQLite
    counter: BoardStatusCounter  # the same number, from Cassandra's counter
    previous: Status | None
    next: Status | None


def _columns(board: Board) -> list[Column]:
    in_sql = dict(board.tasks.values_list("status").annotate(n=Count("id")).order_by())
    tallies = queries.board_counts(board.id)  # Q3: one partition read
    statuses = list(Status)
    columns = []
    for i, status in enumerate(statuses):
        cards = board.tasks.filter(status=status).select_related("assignee").order_by("-updated_at")
        columns.append(
            Column(
                status=status.value,
                label=status.label,
                tasks=list(cards[:COLUMN_LIMIT]),
                in_sql=in_sql.get(status.value, 0),
                counter=tallies[status.value],
                previous=statuses[i - 1] if i > 0 else None,
                next=statuses[i + 1] if i + 1 < len(statuses) else None,
            )
        )
    return columns


def _render_board(request, board: Board, form: TaskForm | None = None, status: int = 200):
    context = {
        "board": board,
        "columns": _columns(board),
        "form": form or TaskForm(board=board),
        "recent": queries.activity(board.id, size=RECENT_EVENTS).items,  # Q1, Q2
        "last_write": request.session.pop("last_write", None),
    }
    return render(request, "tasks/board.html", context, status=status)


def board(request, slug: str):
    return _render_board(request, _board_or_404(request, slug))


def _remember_write(request, what: str) -> None:
    """Keep the CQL this POST sent, to show it on the page the browser is redirected to."""
    statements = [{"cql": s.cql, "ms": s.ms} for s in cql_log.current()]
    request.session["last_write"] = {"what": what, "statements": statements}


@require_POST
def create_task(request, slug: str):
    board = _board_or_404(request, slug)
    form = TaskForm(request.POST, board=board)
    if not form.is_valid():
        return _render_board(request, board, form=form, status=422)
    task = writes.create_task(board, actor=request.user.get_username(), **form.cleaned_data)
    _remember_write(request, f"Creating “{task.title}”")
    messages.success(request, f"Added “{task.title}” to {Status(task.status).label}.")
    return redirect("board", slug=board.slug)


@require_POST
def move_task(request, slug: str, task_id: UUID):
    board = _board_or_404(request, slug)
    expected, to = request.POST.get("from", ""), request.POST.get("to", "")
    try:
        task = writes.move_task(board, task_id, expected, to, actor=request.user.get_username())
    except Task.DoesNotExist:
        raise Http404("no such task on this board") from None
    except writes.NotAMove as exc:
        messages.error(request, str(exc))
        return _render_board(request, board, status=400)
    except writes.Conflict as exc:
        messages.error(request, str(exc))
        return _render_board(request, board, status=409)
    _remember_write(request, f"Moving “{task.title}”")
    messages.success(request, f"Moved “{task.title}” from {Status(expected).label} to {Status(to).label}.")
    return redirect("board", slug=board.slug)


def activity(request, slug: str):
    board = _board_or_404(request, slug)
    cursor = request.GET.get("cursor") or None
    context = {"board": board, "events": [], "next_cursor": None, "months": 0, "error": None}
    try:
        feed = queries.activity(board.id, cursor)  # Q1, Q2
        context.update(events=feed.items, next_cursor=feed.cursor, months=feed.buckets_read)
    except BadCursor as exc:
        context["error"] = str(exc)
    htmx_more = request.headers.get("HX-Request") == "true" and cursor
    name = "tasks/_feed.html" if htmx_more else "tasks/activity.html"
    return render(request, name, context, status=400 if context["error"] else 200)


@dataclass
class StatRow:
    status: str
    label: str
    tasks: int  # counter
    in_sql: int
    entered: int  # counter


def stats(request, slug: str):
    board = _board_or_404(request, slug)
    tallies = queries.board_counts(board.id)  # Q3: one partition read
    in_sql = dict(board.tasks.values_list("status").annotate(n=Count("id")).order_by())
    rows = [
        StatRow(s.value, s.label, tallies[s.value].tasks, in_sql.get(s.value, 0), tallies[s.value].entered)
        for s in Status
    ]
    context = {
        "board": board,
        "rows": rows,
        "total": sum(r.tasks for r in rows),
        "widest": max([r.entered for r in rows] + [1]),
        "drift": [r for r in rows if r.tasks != r.in_sql],
    }
    return render(request, "tasks/stats.html", context)
