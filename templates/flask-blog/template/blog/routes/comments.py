"""Comments: the form under a post. The comments themselves are listed by posts.show."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, redirect, url_for

from .. import queries
from ..forms import CommentForm, fields
from ..schemas import CommentIn
from .posts import render_post

bp = Blueprint("comments", __name__)


@bp.post("/posts/<timeuuid:post_id>/comments")
def add(post_id: UUID):
    form = CommentForm()
    if not form.validate_on_submit():
        return render_post(post_id, form, status=422)  # the errors beside the fields
    queries.add_comment(post_id, CommentIn(**fields(form)))
    return redirect(url_for("posts.show", post_id=post_id, _anchor="comments"), 303)
