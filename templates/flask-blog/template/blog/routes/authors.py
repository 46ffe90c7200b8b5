"""Authors: a profile with the author's posts (optionally one tag of them), and a new author."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from .. import queries
from ..forms import AuthorForm, fields
from ..schemas import AuthorIn, AuthorOut, PostSummary
from .posts import arg

bp = Blueprint("authors", __name__, url_prefix="/authors")


@bp.get("/<handle>")
def show(handle: str):
    author = AuthorOut.of(queries.get_author(handle))
    tag = arg("tag")
    page = queries.posts_by_author(handle, tag, arg("cursor"))
    next_url = url_for("authors.show", handle=handle, tag=tag, cursor=page.cursor) if page.cursor else None
    context = {
        "author": author,
        "tag": tag,
        "posts": [PostSummary.of(row, author_name=author.name) for row in page.items],
        "next_url": next_url,
        "first_url": url_for("authors.show", handle=handle, tag=tag),
        "older": bool(arg("cursor")),
    }
    return render_template("author.html", **context)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = AuthorForm()
    if form.validate_on_submit():
        try:
            author = queries.create_author(AuthorIn(**fields(form)))
        except queries.AuthorTaken as exc:
            form.handle.errors.append(str(exc))
            return render_template("author_form.html", form=form), 409
        return redirect(url_for("authors.show", handle=author.handle), 303)
    return render_template("author_form.html", form=form), 422 if form.errors else 200
