"""The admin: full editing of the SQL models, and each board's Cassandra event log, read-only.

A task's status changes only on the board, where each move is logged and counted; the admin
shows it read-only, and a task added here gets its "created" event and counters too. Tasks
and boards are not deleted from the admin: the event log is append-only history, and the
counters would keep counting rows that are gone.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .. import queries
from ..kit import cql_log
from ..kit.paging import BadCursor
from . import writes
from .models import Board, Task


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at", "event_log_link"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
    change_form_template = "admin/tasks/board/change_form.html"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Event log (Cassandra)")
    def event_log_link(self, board: Board) -> str:
        return format_html('<a href="{}">view</a>', reverse("admin:tasks_board_events", args=[board.pk]))

    def get_urls(self):
        events = self.admin_site.admin_view(self.event_log_view)
        return [path("<uuid:board_id>/events/", events, name="tasks_board_events"), *super().get_urls()]

    def event_log_view(self, request, board_id):
        """One page of the board's activity, newest first: the same query as the site's feed."""
        board = get_object_or_404(Board, pk=board_id)
        if not self.has_view_permission(request, board):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "board": board, "opts": self.opts}
        context.update(title=f"Event log of {board}", events=[], next_cursor=None, error=None)
        try:
            feed = queries.activity(board.id, request.GET.get("cursor"))
            context.update(events=feed.items, next_cursor=feed.cursor)
        except BadCursor as exc:
            context["error"] = str(exc)
        context["statements"] = cql_log.current()
        return TemplateResponse(
            request, "admin/tasks/board/event_log.html", context, status=400 if context["error"] else 200
        )


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "status", "assignee", "updated_at"]
    list_filter = ["board", "status"]
    search_fields = ["title"]
    list_select_related = ["board", "assignee"]

    def get_readonly_fields(self, request, obj=None):
        # A new task starts in any status; after that, moves happen on the board.
        return (
            ["created_at", "updated_at"] if obj is None else ["board", "status", "created_at", "updated_at"]
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: Task, form, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                writes.record_creation(obj, actor=request.user.get_username())
