"""coodie's models are the tables cqlengine created: its dry run plans nothing, and every
column's kind, type and order match (the check also catches a model that differs)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from coodie.fields import ClusteringKey, Double, PrimaryKey, TimeUUID
from coodie.sync import Document
from coodie.usertype import UserType

from migrationguide import queries
from migrationguide.models import MODELS


def test_coodie_plans_nothing_on_the_tables_cqlengine_created(hands, settings, cql):
    # The tables again, made by cqlengine alone (the session fixture's `make schema` also ran
    # coodie's sync after it, which must have had nothing to add; this proves it).
    for table in ("test_runs", "run_counts"):
        cql(f"DROP TABLE IF EXISTS {{ks}}.{table}")
    cql("DROP TYPE IF EXISTS {ks}.package_version")
    queries.use_cqlengine().cluster.refresh_schema_metadata()  # cqlengine reads what exists from it
    queries.create_tables_with_cqlengine()
    assert queries.planned_changes(MODELS) == []
    assert queries.column_differences(hands, settings.keyspace) == []
    assert queries.type_differences(hands, settings.keyspace) == []


class FloatRun(Document):
    """test_runs as a model that forgot Double(): `duration` would be a 32-bit float."""

    test_id: Annotated[str, PrimaryKey()]
    run_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    duration: float | None = None
    flavour: str | None = None  # a column the table does not have

    class Settings:
        name = "test_runs"


class AscendingRun(Document):
    test_id: Annotated[str, PrimaryKey()]
    run_id: Annotated[UUID, TimeUUID(), ClusteringKey()]
    duration: Annotated[float | None, Double()] = None

    class Settings:
        name = "test_runs"


class WiderPackage(UserType):
    name: str | None = None
    version: str | None = None
    built_at: str | None = None  # text where the type has timestamp

    class Settings:
        __type_name__ = "package_version"


def test_a_model_that_differs_is_caught(hands, settings):
    problems = queries.column_differences(hands, settings.keyspace, [FloatRun])
    assert (
        "test_runs.duration: coodie ('regular', 'float', 'none'), table ('regular', 'double', 'none')"
        in problems
    )
    assert "test_runs.flavour: in the coodie model, not in the table" in problems
    assert "test_runs.status: in the table, not in the coodie model" in problems
    # sync_table's dry run sees only the missing column, never the type (the pitfall).
    planned = queries.planned_changes([FloatRun])
    assert len(planned) == 1 and planned[0].startswith("ALTER TABLE") and '"flavour" text' in planned[0], (
        planned
    )
    order = queries.column_differences(hands, settings.keyspace, [AscendingRun])
    assert any(p.startswith("test_runs.run_id:") and "'asc'" in p and "'desc'" in p for p in order), order
    udt = queries.type_differences(hands, settings.keyspace, WiderPackage)
    assert len(udt) == 1 and "('built_at', 'text')" in udt[0] and "('built_at', 'timestamp')" in udt[0], udt
