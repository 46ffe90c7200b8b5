"""Create the demo's tables at start-up, and keep the CQL coodie sent for the /schema page."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

from coodie.aio import MaterializedView as AsyncView
from coodie.sync import MaterializedView as SyncView

from . import cql_log

DDL = ("CREATE", "ALTER")


@dataclass
class ModelSchema:
    name: str
    table: str
    doc: str
    statements: list[str] = field(default_factory=list)


def _describe(model, log: cql_log.QueryLog) -> ModelSchema:
    doc = inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")
    ddl = [s.cql for s in log if s.cql.upper().startswith(DDL)]
    return ModelSchema(name=model.__name__, table=model.table_name(), doc=doc, statements=ddl)


def is_view(model) -> bool:
    return issubclass(model, (SyncView, AsyncView))


def sync_models(models) -> list[ModelSchema]:
    """coodie.sync models, in order (tables before the views built on them)."""
    described = []
    for model in models:
        with cql_log.capture() as log:
            model.sync_view() if is_view(model) else model.sync_table()
        described.append(_describe(model, log))
    return described


async def sync_models_async(models) -> list[ModelSchema]:
    """coodie.aio models, in order (tables before the views built on them)."""
    described = []
    for model in models:
        with cql_log.capture() as log:
            await (model.sync_view() if is_view(model) else model.sync_table())
        described.append(_describe(model, log))
    return described
