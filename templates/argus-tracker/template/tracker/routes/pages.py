"""The feed (every type, or one), and one item's page."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, render_template, request, url_for

from .. import queries
from ..models import TYPE_BY_KIND

bp = Blueprint("pages", __name__)


def arg(name: str) -> str | None:
    """A query-string value, stripped; None when it is absent or blank."""
    return request.args.get(name, "").strip() or None


@bp.get("/")
def feed():
    kind = arg("kind")
    if kind is not None:
        queries.content_class(kind)  # 404 for a kind this version does not have
    page = queries.feed(kind, arg("cursor"))
    next_url = url_for("pages.feed", kind=kind, cursor=page.cursor) if page.cursor else None
    context = {
        "items": page.items,
        "kind": kind,
        "kinds": list(TYPE_BY_KIND),
        "next_url": next_url,
        "first_url": url_for("pages.feed", kind=kind),
        "older": bool(arg("cursor")),
    }
    return render_template("feed.html", **context)


@bp.get("/content/<timeuuid:content_id>")
def show(content_id: UUID):
    return render_template("item.html", item=queries.get_content(content_id))
