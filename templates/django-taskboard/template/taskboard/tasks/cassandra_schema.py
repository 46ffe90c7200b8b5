"""The coodie tables: created by `manage.py sync_cassandra` (and seed.py), shown on /schema.

The web processes never send DDL: schema changes are a deploy step, as `migrate` is for
SQL, so several workers starting at once never race to create the same table.
"""

from __future__ import annotations

import inspect

from .. import schema
from .coodie_models import MODELS


def sync() -> list[schema.ModelSchema]:
    """CREATE TABLE IF NOT EXISTS, then ALTER TABLE ADD for new model fields: safe to repeat."""
    return schema.sync_models(MODELS)


def planned() -> list[schema.ModelSchema]:
    """The CREATE statements sync() sends, as coodie generates them (nothing is executed)."""
    described = []
    for model in MODELS:
        doc = inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")
        creates = [cql for cql in model.sync_table(dry_run=True) if cql.startswith("CREATE")]
        described.append(schema.ModelSchema(model.__name__, model.table_name(), doc, creates))
    return described
