"""The guide's pages: `/` the model pairs, the API mapping and the pitfalls; `/runs` a test's
newest runs read through cqlengine and through coodie, side by side."""

from __future__ import annotations

import re

from flask import Blueprint, render_template, request
from markupsafe import Markup, escape

from .. import mapping, pitfalls, queries, sources

bp = Blueprint("pages", __name__)
RUNS_SHOWN = 10
CODE_SPAN = re.compile(r"`([^`]+)`")


@bp.app_template_filter("code_spans")
def code_spans(text: str) -> Markup:
    """The pitfalls' `backticked` names as <code>, the rest escaped (they are written for the
    README too, where Markdown does the same)."""
    return Markup(CODE_SPAN.sub(r"<code>\1</code>", str(escape(text))))


@bp.get("/")
def guide():
    return render_template(
        "guide.html", pairs=sources.model_pairs(), mapping=mapping.rows(), pitfalls=pitfalls.lines()
    )


@bp.get("/runs")
def runs():
    counts = queries.test_counts()
    test_id = request.args.get("test", "").strip() or (counts[0].test_id if counts else None)
    sides = queries.newest_through_both(test_id, RUNS_SHOWN) if test_id else None
    return render_template("runs.html", counts=counts, test_id=test_id, sides=sides)
