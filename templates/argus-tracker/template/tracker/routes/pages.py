"""Releases and their tests, a test's runs newest first, and one run's page."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, render_template, request, url_for

from .. import queries
from ..forms import CommentForm
from ..plugins import PLUGINS, plugin

bp = Blueprint("pages", __name__)


@bp.get("/")
def releases():
    found = queries.releases()
    tests = {release.name: queries.tests_of(release.name) for release in found}
    return render_template("releases.html", releases=found, tests=tests, plugins=PLUGINS)


@bp.get("/releases/<release>/tests/<name>")
def test_runs(release: str, name: str):
    test = queries.get_test(release, name)
    cursor = request.args.get("cursor", "").strip() or None
    page = queries.runs_of(test, cursor)
    here = {"release": release, "name": name}
    next_url = url_for("pages.test_runs", cursor=page.cursor, **here) if page.cursor else None
    return render_template(
        "test.html",
        test=test,
        plugin=plugin(test.kind),
        runs=page.items,
        next_url=next_url,
        first_url=url_for("pages.test_runs", **here),
        older=bool(cursor),
    )


@bp.get("/runs/<timeuuid:run_id>")
def run(run_id: UUID, form: CommentForm | None = None):
    found, lookup = queries.get_run(run_id)
    if form is None:
        form = CommentForm()
    comments = queries.comments_of(run_id)
    context = {
        "run": found,
        "lookup": lookup,
        "plugin": plugin(lookup.kind),
        "events": queries.latest_events(run_id),
        "per_severity": queries.EVENTS_PER_SEVERITY,
        "comments": comments,
        "reactions": queries.reactions_of(run_id),
        "emojis": queries.REACTIONS,
        "authors": {aid: queries.get_user(aid).name for aid in {c.author_id for c in comments}},
        "form": form,
    }
    return render_template("run.html", **context), 422 if form.errors else 200
