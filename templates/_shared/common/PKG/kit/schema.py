"""The tables: created by one command, `make schema`, never by a web process.

The rule, the same in every demo: DDL (CREATE, ALTER) is a deploy step, like `migrate` for
SQL. Each web worker sending CREATE TABLE as it starts would race the others, and on a
cluster concurrent schema changes can disagree (Cassandra may end up with two table ids
for one name, a schema disagreement only a repair clears), and a schema migration tool
could not own the schema any more. So:

  make schema     (`python -m <package>.kit.schema`, Django: `manage.py sync_cassandra`)
                  creates the keyspace when missing, then every table, index and view of
                  models.MODELS: CREATE ... IF NOT EXISTS, ALTER TABLE ADD for new fields.
                  Safe to repeat; `make seed` and `make run` run it first.
  web processes   check at start that every table, column and index is there (`check`),
                  and stop with one line naming `make schema` when one is not. The /schema
                  page shows `planned()`: the CQL coodie generates, nothing executed.
"""

from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass, field

from cassandra.cluster import Session
from coodie.aio import MaterializedView as AsyncView
from coodie.cql_builder import build_create_materialized_view, build_create_type, schema_name
from coodie.sync import MaterializedView as SyncView
from coodie.usertype import extract_udt_classes

from . import cql_log

DDL = ("CREATE", "ALTER")


class SchemaMissing(RuntimeError):
    """A table, column or index the models need is not in the database (one line)."""


@dataclass
class ModelSchema:
    name: str
    table: str
    doc: str
    statements: list[str] = field(default_factory=list)


def is_view(model) -> bool:
    return issubclass(model, (SyncView, AsyncView))


def _doc(model) -> str:
    return inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")


def _describe(model, statements: list[str]) -> ModelSchema:
    return ModelSchema(name=model.__name__, table=model.table_name(), doc=_doc(model), statements=statements)


# ---------------------------------------------------------------- creating (make schema, seed, tests)
def sync_models(models) -> list[ModelSchema]:
    """coodie.sync models, in order (tables before the views built on them): what was sent."""
    described = []
    for model in models:
        with cql_log.capture() as log:
            model.sync_view() if is_view(model) else model.sync_table()
        described.append(_describe(model, [s.cql for s in log if s.cql.upper().startswith(DDL)]))
    return described


async def sync_models_async(models) -> list[ModelSchema]:
    """coodie.aio models, in order (tables before the views built on them): what was sent."""
    described = []
    for model in models:
        with cql_log.capture() as log:
            await (model.sync_view() if is_view(model) else model.sync_table())
        described.append(_describe(model, [s.cql for s in log if s.cql.upper().startswith(DDL)]))
    return described


def sync_any(models):
    """sync_models or, for coodie.aio models, the coroutine of sync_models_async.

    A demo whose tables another mapper creates (migration-guide: cqlengine, as the app it
    ports did) names that step `create_tables_first` in its models module: it runs first,
    and coodie's sync then finds the tables made."""
    create_first = (
        getattr(sys.modules.get(models[0].__module__), "create_tables_first", None) if models else None
    )
    if create_first is not None:
        create_first()
    if models and inspect.iscoroutinefunction(models[0].sync_table):
        return sync_models_async(models)
    return sync_models(models)


# ---------------------------------------------------------------- checking and showing (web processes)
def _view_cql(model) -> str:
    """The CREATE MATERIALIZED VIEW that sync_view() sends (it has no dry run of its own)."""
    cols = model._schema()
    keys = sorted((c for c in cols if c.primary_key), key=lambda c: c.partition_key_index)
    clustering = sorted((c for c in cols if c.clustering_key), key=lambda c: c.clustering_key_index)
    return build_create_materialized_view(
        view_name=model._get_table(),
        keyspace=model._get_keyspace(),
        base_table=model._get_base_table(),
        columns=model._get_view_columns(),
        primary_key_columns=[c.name for c in keys],
        clustering_columns=[c.name for c in clustering] or None,
        where_clause=model._get_where_clause(),
        clustering_order=model._get_clustering_order(),
    )


def _types(model, planned_types: set[str]) -> list[str]:
    """The CREATE TYPE of each user-defined type the model uses, the first time one is planned.
    coodie's dry run plans a type only while it is missing, so after `make schema` the README
    check and /schema would lose it: it is built here as coodie builds it, whatever exists."""
    keyspace = model._get_keyspace()
    creates = []
    for udt in extract_udt_classes(model):
        if udt.type_name() not in planned_types:
            planned_types.add(udt.type_name())
            creates.append(build_create_type(udt.type_name(), keyspace, udt._get_field_cql_types()))
    return creates


def _creates(model, statements: list[str], planned_types: set[str]) -> list[str]:
    if is_view(model):
        return [_view_cql(model)]
    tables = [cql for cql in statements if cql.upper().startswith("CREATE") and not _is_type(cql)]
    return _types(model, planned_types) + tables


def _is_type(cql: str) -> bool:
    return cql.upper().startswith("CREATE TYPE")


def planned(models) -> list[ModelSchema]:
    """The CREATE statements `make schema` sends, as coodie generates them (nothing executed)."""
    planned_types: set[str] = set()
    described = []
    for model in models:
        statements = [] if is_view(model) else model.sync_table(dry_run=True)
        described.append(_describe(model, _creates(model, statements, planned_types)))
    return described


async def planned_async(models) -> list[ModelSchema]:
    planned_types: set[str] = set()
    described = []
    for model in models:
        statements = [] if is_view(model) else await model.sync_table(dry_run=True)
        described.append(_describe(model, _creates(model, statements, planned_types)))
    return described


def missing(session: Session, keyspace: str, models) -> list[str]:
    """What the models need that the database lacks: tables, views, columns, indexes."""
    rows = session.execute(
        "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = %s", [keyspace]
    )
    if not rows.one():
        return [f"keyspace {keyspace}"]
    columns = columns_by_table(session, keyspace)
    indexes = {
        row.index_name
        for row in session.execute(
            "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = %s", [keyspace]
        )
    }
    lacking = []
    for model in models:
        table = schema_name(model.table_name())
        if table not in columns:
            lacking.append(f"{'view' if is_view(model) else 'table'} {table}")
            continue
        for col in model._schema():
            if col.name not in columns[table]:
                lacking.append(f"column {table}.{col.name}")
            if col.index and schema_name(col.index_name or f"{table}_{col.name}_idx") not in indexes:
                lacking.append(f"index on {table}.{col.name}")
    return lacking


def columns_by_table(session: Session, keyspace: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in session.execute(
        "SELECT table_name, column_name FROM system_schema.columns WHERE keyspace_name = %s", [keyspace]
    ):
        found.setdefault(row.table_name, set()).add(row.column_name)
    return found


def check(session: Session, keyspace: str, models, command: str = "make schema") -> None:
    """Raise SchemaMissing (one line, naming the command that fixes it) unless all is there."""
    lacking = missing(session, keyspace, models)
    if lacking:
        shown = ", ".join(lacking[:4]) + (f" and {len(lacking) - 4} more" if len(lacking) > 4 else "")
        raise SchemaMissing(f"the database lacks {shown}: run `{command}` first (it creates them)")


# ---------------------------------------------------------------- the command
def main() -> int:
    """`python -m <package>.kit.schema`: create the keyspace and every table, say what changed."""
    from ..models import MODELS  # the demo's models (kit/ is always one level below them)
    from . import db
    from .settings import Settings, SettingsError

    try:
        settings = Settings.from_env()
        session = db.connect(settings, create_keyspace=True)
    except (db.DatabaseUnavailable, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        before = set(columns_by_table(session, settings.keyspace))
        result = sync_any(MODELS)
        if inspect.iscoroutine(result):
            import asyncio

            result = asyncio.run(result)
        print(f"keyspace {settings.keyspace} on {settings.where}: ready")
        for model in result:
            print(f"  {model.table:<28} {outcome(model, before)}")
    except db.DATABASE_ERRORS as exc:
        print(f"error: {db.describe_failure(exc, settings)}", file=sys.stderr)
        return 1
    finally:
        db.close(session)
    return 0


def outcome(model: ModelSchema, existing: set[str]) -> str:
    """'created', 'N column(s) added' or 'up to date', for one line of `make schema`."""
    if model.table not in existing:
        return "created"
    added = [cql for cql in model.statements if cql.upper().startswith("ALTER")]
    return f"{len(added)} change(s): " + "; ".join(added) if added else "up to date"


if __name__ == "__main__":
    sys.exit(main())
