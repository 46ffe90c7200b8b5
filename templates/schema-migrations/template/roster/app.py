"""The FastAPI app: the shared glue (web.create_app: lifespan, /schema, CQL panel, 404/400/503)
and the roster's pages and JSON API. It reads; it never sends DDL (the migrations do)."""

from __future__ import annotations

from .kit.web import create_app
from .models import MemberAnyVersion
from .routes import api, pages

app = create_app(
    summary="A table that changes under coodie's migrations: applied and pending, live schema, schema-diff",
    # The columns every migration keeps: the app starts before, between and after migrations.
    models=[MemberAnyVersion],
    routers=[pages.router, api.router],
    templates=pages.templates,
)
