"""Comments on a run (with @mentions that notify) and reactions to them."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, redirect, request, url_for

from .. import queries
from ..forms import CommentForm
from .pages import run

bp = Blueprint("comments", __name__)


@bp.post("/runs/<timeuuid:run_id>/comments")
def add(run_id: UUID):
    form = CommentForm()
    if not form.validate_on_submit():
        return run(run_id, form)
    try:
        author = queries.user_named(form.author.data)
    except queries.UnknownUser as exc:
        form.author.errors = [f"{exc}: the users are in the seed (ann, bob, chen, dana, eli, fay)"]
        return run(run_id, form)
    found, _lookup = queries.get_run(run_id)
    queries.add_comment(found, author, form.message.data)
    return redirect(url_for("pages.run", run_id=run_id, _anchor="comments"), 303)


@bp.post("/runs/<timeuuid:run_id>/comments/<timeuuid:comment_id>/reactions")
def react(run_id: UUID, comment_id: UUID):
    queries.react(run_id, comment_id, request.form.get("emoji", ""))
    return redirect(url_for("pages.run", run_id=run_id, _anchor=f"comment-{comment_id}"), 303)
