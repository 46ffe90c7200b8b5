"""The JSON API: the same queries as the pages.

Exempt from CSRF (a cross-site form cannot send JSON): every write must be
`Content-Type: application/json`, which a browser only sends cross-site after a CORS
preflight that this app never answers.
"""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, jsonify, request, url_for
from pydantic import BaseModel, ValidationError

from .. import queries
from ..schemas import AuthorIn, AuthorOut, CommentIn, CommentOut, PostIn, PostOut, PostSummary
from .posts import arg

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_LIMIT = 100


class BadBody(Exception):
    def __init__(self, status: int, payload: dict):
        self.status, self.payload = status, payload


@bp.errorhandler(BadBody)
def bad_body(exc: BadBody):
    return jsonify(exc.payload), exc.status


def body(model: type[BaseModel]) -> BaseModel:
    """The request's JSON, validated; 415 for another content type, 422 with one message per field."""
    if not request.is_json:
        raise BadBody(415, {"detail": "send Content-Type: application/json"})
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadBody(400, {"detail": "the body is not a JSON object"})
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = {}
        for err in exc.errors():
            errors.setdefault(".".join(str(p) for p in err["loc"]) or "body", err["msg"])
        raise BadBody(422, {"detail": "invalid fields", "errors": errors}) from None


def limit(default: int) -> int:
    value = request.args.get("limit", str(default))
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise BadBody(400, {"detail": f"limit must be 1 to {MAX_LIMIT}"})
    return int(value)


def page_of(items: list[BaseModel], more: object, endpoint: str, **params):
    """A page as JSON; `next` is the URL of the following page (built from `params`) when there is `more`."""
    next_url = url_for(endpoint, **params) if more else None
    return jsonify(items=[item.model_dump(mode="json") for item in items], next=next_url)


# ---------------------------------------------------------------- posts
@bp.get("/posts")
def latest_posts():
    size = limit(queries.PAGE_SIZE)
    page = queries.latest_posts(arg("cursor"), size)
    items = [PostSummary.of(row) for row in page.items]
    return page_of(items, page.cursor, ".latest_posts", cursor=page.cursor, limit=size)


@bp.post("/posts")
def create_post():
    data = body(PostIn)
    try:
        post = queries.create_post(data)
    except queries.UnknownAuthor as exc:
        raise BadBody(422, {"detail": "invalid fields", "errors": {"author": str(exc)}}) from None
    return jsonify(PostOut.of(post).model_dump(mode="json")), 201


@bp.get("/posts/<timeuuid:post_id>")
def get_post(post_id: UUID):
    return jsonify(PostOut.of(queries.get_post(post_id)).model_dump(mode="json"))


@bp.delete("/posts/<timeuuid:post_id>")
def delete_post(post_id: UUID):
    queries.delete_post(post_id)
    return "", 204


@bp.get("/tags/<tag>/posts")
def tagged(tag: str):
    size = limit(queries.PAGE_SIZE)
    page = queries.posts_with_tag(tag, arg("cursor"), size)
    items = [PostSummary.of(row) for row in page.items]
    return page_of(items, page.cursor, ".tagged", tag=tag, cursor=page.cursor, limit=size)


# ---------------------------------------------------------------- comments
@bp.get("/posts/<timeuuid:post_id>/comments")
def comments(post_id: UUID):
    size = limit(queries.COMMENTS_PAGE_SIZE)
    page = queries.comments_for(post_id, arg("cursor"), size)
    items = [CommentOut.of(c) for c in page.items]
    return page_of(items, page.cursor, ".comments", post_id=post_id, cursor=page.cursor, limit=size)


@bp.post("/posts/<timeuuid:post_id>/comments")
def add_comment(post_id: UUID):
    comment = queries.add_comment(post_id, body(CommentIn))
    return jsonify(CommentOut.of(comment).model_dump(mode="json")), 201


# ---------------------------------------------------------------- authors
@bp.post("/authors")
def create_author():
    try:
        author = queries.create_author(body(AuthorIn))
    except queries.AuthorTaken as exc:
        return jsonify(detail=str(exc)), 409
    return jsonify(AuthorOut.of(author).model_dump(mode="json")), 201


@bp.get("/authors/<handle>")
def get_author(handle: str):
    return jsonify(AuthorOut.of(queries.get_author(handle)).model_dump(mode="json"))


@bp.get("/authors/<handle>/posts")
def author_posts(handle: str):
    author = queries.get_author(handle)
    size, tag = limit(queries.PAGE_SIZE), arg("tag")
    page = queries.posts_by_author(handle, tag, arg("cursor"), size)
    items = [PostSummary.of(row, author_name=author.name) for row in page.items]
    return page_of(
        items, page.cursor, ".author_posts", handle=handle, tag=tag, cursor=page.cursor, limit=size
    )
