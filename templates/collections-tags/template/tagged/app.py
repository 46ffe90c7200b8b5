"""The FastAPI app: pages and a JSON API over the same queries (see web.create_app)."""

from .kit.web import create_app
from .models import MODELS
from .routes import api, pages

app = create_app(
    summary="Bookmarks with set, list, map and UDT columns on coodie's async API",
    models=MODELS,
    routers=[pages.router, api.router],
    templates=pages.templates,
)
