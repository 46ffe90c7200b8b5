"""FastAPI glue every FastAPI demo shares: pages, the CQL panel, the /schema page.

Nothing here is about a demo's data; its models and routes live beside this file.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from . import cql_log
from .settings import TITLE, Settings

HERE = Path(__file__).parent


class CqlCapture:
    """ASGI middleware: every HTTP request records the CQL it causes (see cql_log)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        with cql_log.capture():
            await self.app(scope, receive, send)


def make_templates(nav: list[tuple[str, str]]) -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["site"] = {"title": TITLE, "keyspace": Settings.from_env().keyspace, "nav": nav}
    templates.env.globals["cql_statements"] = cql_log.current
    return templates


def page(templates: Jinja2Templates, request: Request, name: str, status_code: int = 200, **context):
    """Render a page (request first: Starlette >= 1.0 rejects the old signature)."""
    context.setdefault("request_path", request.url.path)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def mount(app: FastAPI, templates: Jinja2Templates) -> None:
    """Static files and the /schema page (app.state.schema is set by the lifespan)."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    router = APIRouter()

    @router.get("/schema", response_class=HTMLResponse, include_in_schema=False)
    async def schema_page(request: Request):
        return page(templates, request, "schema.html", schema=request.app.state.schema)

    app.include_router(router)
    app.add_middleware(CqlCapture)
