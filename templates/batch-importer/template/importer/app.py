"""The FastAPI app: the shared glue (web.create_app: lifespan, /schema, CQL panel, errors) and
the importer's results page: import runs, an upload form, the orders of a customer and of a day."""

from __future__ import annotations

from .kit.web import create_app
from .models import MODELS
from .routes import pages

app = create_app(
    summary="A streaming bulk order importer on coodie: logged and unlogged batches, compared",
    models=MODELS,
    routers=[pages.router],
    templates=pages.templates,
)
