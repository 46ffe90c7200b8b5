"""The FastAPI app: pages and a JSON API over the same queries (see web.create_app)."""

from .kit.web import create_app
from .models import MODELS
from .routes import api, pages

app = create_app(
    summary="Sessions and one-time codes that expire on their own (TTL)",
    models=MODELS,
    routers=[pages.router, api.router],
    templates=pages.templates,
)
