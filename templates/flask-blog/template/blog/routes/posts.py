"""Pages for posts: the latest across everyone, one post, posts with a tag, new and delete."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for

from .. import queries
from ..forms import CommentForm, PostForm, fields
from ..schemas import CommentOut, PostIn, PostOut, PostSummary

bp = Blueprint("posts", __name__)


def arg(name: str) -> str | None:
    """A query-string value, stripped; None when it is absent or blank."""
    return request.args.get(name, "").strip() or None


@bp.get("/")
def latest():
    page = queries.latest_posts(arg("cursor"))
    next_url = url_for("posts.latest", cursor=page.cursor) if page.cursor else None
    posts = [PostSummary.of(row) for row in page.items]
    context = {"posts": posts, "next_url": next_url, "first_url": url_for("posts.latest")}
    return render_template("index.html", **context, older=bool(arg("cursor")))


@bp.route("/posts/new", methods=["GET", "POST"])
def new():
    form = PostForm(author=arg("author"))  # "Write a post" on an author's page fills the handle in
    if form.validate_on_submit():
        try:
            post = queries.create_post(PostIn(**fields(form)))
        except queries.UnknownAuthor as exc:
            form.author.errors.append(str(exc))
        else:
            return redirect(url_for("posts.show", post_id=post.post_id), 303)
    return render_template("post_form.html", form=form), 422 if form.errors else 200


@bp.get("/posts/<timeuuid:post_id>")
def show(post_id: UUID):
    return render_post(post_id, CommentForm())


def render_post(post_id: UUID, form: CommentForm, status: int = 200):
    """The post with one page of its comments (also re-shown with a comment form's errors)."""
    post = PostOut.of(queries.get_post(post_id))
    page = queries.comments_for(post_id, arg("cursor"))
    next_url = url_for("posts.show", post_id=post_id, cursor=page.cursor) if page.cursor else None
    context = {
        "post": post,
        "comments": [CommentOut.of(c) for c in page.items],
        "next_url": next_url,
        "older": arg("cursor") is not None,
        "form": form,
    }
    return render_template("post.html", **context), status


@bp.post("/posts/<timeuuid:post_id>/delete")
def delete(post_id: UUID):
    queries.delete_post(post_id)
    flash("Post deleted, with its comments and its rows in the timeline, the author's and the tags' lists.")
    return redirect(url_for("posts.latest"), 303)


@bp.get("/tags/<tag>")
def tagged(tag: str):
    page = queries.posts_with_tag(tag, arg("cursor"))
    next_url = url_for("posts.tagged", tag=tag, cursor=page.cursor) if page.cursor else None
    posts = [PostSummary.of(row) for row in page.items]
    context = {
        "tag": tag,
        "posts": posts,
        "next_url": next_url,
        "first_url": url_for("posts.tagged", tag=tag),
    }
    return render_template("tag.html", **context, older=bool(arg("cursor")))
