"""The FastAPI kit: what every FastAPI demo gets, so that its own files hold only its data.

create_app()    the app: one database session per process, opened in the lifespan (the
                schema checked, never created: see schema.py) and closed at shutdown;
                the demo's routers, /static, /schema
CqlCapture      every request records the CQL it causes, for the CQL panel
errors          404 for a missing row, 400 for a bad page cursor, 503 naming what the
                database did (unreachable, timed out, too few replicas): a page for a
                person, JSON under /api/; never a 500 for the database being away
start-up        a database that is away or a schema not created is one line and a
                non-zero exit, not a traceback
page(), read_form(), answer()   rendering, forms and error answers for the routes
a test client   the `client` fixture in testing.py starts the app through its lifespan
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from cassandra.policies import RetryPolicy
from coodie.exceptions import DocumentNotFound
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError

from . import cql_log, db, schema
from .paging import BadCursor
from .settings import TITLE, Settings, SettingsError

# Start-up failures that are a setup step, not a bug: shown as their one line, no traceback.
SETUP_ERRORS = (db.DatabaseUnavailable, schema.SchemaMissing, SettingsError)

HERE = Path(__file__).resolve().parents[1]  # the demo package: its templates/ and static/


class CqlCapture:
    """ASGI middleware: every HTTP request records the CQL it causes (see cql_log).

    It also shortens a failed start-up: Starlette reports it with the whole traceback, which
    for a database that is away or a schema not yet created is one line of use."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return await self.app(scope, receive, _one_line_startup_failure(send))
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        with cql_log.capture():
            await self.app(scope, receive, send)


def _one_line_startup_failure(send):
    names = tuple(f".{cls.__name__}: " for cls in SETUP_ERRORS)

    async def forward(message):
        if message["type"] == "lifespan.startup.failed":
            last = (message.get("message") or "").strip().splitlines()[-1:]
            for name in names:
                if last and name in last[0]:
                    message = {**message, "message": last[0].split(name, 1)[1]}
        await send(message)

    return forward


def make_templates(nav: list[tuple[str, str]]) -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["site"] = {"title": TITLE, "keyspace": Settings.from_env().keyspace, "nav": nav}
    templates.env.globals["cql_statements"] = cql_log.current
    return templates


def page(templates: Jinja2Templates, request: Request, name: str, status_code: int = 200, **context):
    """Render a page (request first: Starlette >= 1.0 rejects the old signature)."""
    context.setdefault("request_path", request.url.path)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


async def read_form(request: Request, model: type[BaseModel]) -> tuple[dict, BaseModel | None, dict]:
    """The submitted form, the validated model (or None), and one error message per field."""
    values = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        # An empty field means "not given": the model's default applies (or "Field required").
        return values, model.model_validate({k: v for k, v in values.items() if v.strip()}), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "form"
            errors.setdefault(field, err["msg"].removeprefix("Value error, "))
        return values, None, errors


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def answer(templates: Jinja2Templates, request: Request, status: int, detail: str):
    """An error as JSON for the API, as a page for a person."""
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return page(templates, request, "error.html", status, status=status, detail=detail)


def create_app(
    *,
    summary: str,
    models: list,
    routers: list[APIRouter],
    templates: Jinja2Templates,
    retry_policy: RetryPolicy | None = None,
    running: Callable[[FastAPI], AbstractAsyncContextManager] | None = None,
) -> FastAPI:
    """The app: one database session per process (lifespan), the demo's routers, static files,
    /schema, the CQL panel, and the errors every demo answers the same way.

    `retry_policy` goes to db.connect; `running(app)` is an async context manager for what the
    demo keeps running beside the app (entered after the tables exist, left before the session
    closes). A demo can override any error handler by registering its own afterwards."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        settings = Settings.from_env()
        session = db.connect(settings, retry_policy=retry_policy)  # DatabaseUnavailable: one line
        try:
            schema.check(session, settings.keyspace, models)  # SchemaMissing: "run `make schema`"
            app.state.schema = await schema.planned_async(models)
        except BaseException:
            db.close(session)
            raise
        try:
            if running is None:
                yield
            else:
                async with running(app):
                    yield
        finally:
            db.close(session)

    app = FastAPI(title=TITLE, summary=summary, lifespan=lifespan)
    for router in routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/schema", response_class=HTMLResponse, include_in_schema=False)
    async def schema_page(request: Request):
        return page(templates, request, "schema.html", schema=request.app.state.schema)

    @app.exception_handler(DocumentNotFound)
    async def not_found(request: Request, exc: DocumentNotFound):
        return answer(templates, request, 404, "not found: it may have been deleted")

    @app.exception_handler(BadCursor)
    async def bad_cursor(request: Request, exc: BadCursor):
        return answer(templates, request, 400, str(exc))

    async def database_trouble(request: Request, exc: Exception):
        # A timed-out write has an unknown outcome: say what happened instead of guessing.
        return answer(templates, request, 503, db.unavailable_detail(exc))

    for error in db.DATABASE_ERRORS:
        app.add_exception_handler(error, database_trouble)

    app.add_middleware(CqlCapture)
    return app
