"""A user's notifications, newest first, with the unread count; marking them read."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, redirect, render_template, url_for

from .. import queries

bp = Blueprint("notifications", __name__)


@bp.get("/users/<name>/notifications")
def inbox(name: str):
    user = queries.user_named(name)
    return render_template(
        "notifications.html",
        user=user,
        notes=queries.notifications_of(user.user_id),
        unread=queries.unread_count(user.user_id),
    )


@bp.post("/users/<name>/notifications/<timeuuid:notification_id>/read")
def mark_read(name: str, notification_id: UUID):
    queries.mark_read(queries.user_named(name).user_id, notification_id)
    return redirect(url_for("notifications.inbox", name=name), 303)


@bp.post("/users/<name>/notifications/read")
def mark_all_read(name: str):
    queries.mark_all_read(queries.user_named(name).user_id)
    return redirect(url_for("notifications.inbox", name=name), 303)
