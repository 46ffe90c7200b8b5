"""The FastAPI app: pages and a JSON API over the same queries (see web.create_app)."""

from .models import MODELS
from .routes import api, pages
from .web import create_app

app = create_app(
    summary="Products and reviews on coodie's async API",
    models=MODELS,
    routers=[pages.router, api.router],
    templates=pages.templates,
)
