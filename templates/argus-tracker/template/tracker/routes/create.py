"""The create forms, one per type: /new/article, /new/video, /new/podcast."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from .. import queries
from ..forms import FORMS, fields

bp = Blueprint("create", __name__)


@bp.route("/new/<kind>", methods=["GET", "POST"])
def new(kind: str):
    queries.content_class(kind)  # 404 for a kind this version does not have
    form = FORMS[kind]()
    if form.validate_on_submit():
        content = queries.create(kind, fields(kind, form))
        return redirect(url_for("pages.show", content_id=content.content_id), 303)
    return render_template("new.html", form=form, kind=kind), 422 if form.errors else 200
