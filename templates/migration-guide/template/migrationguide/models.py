"""The right hand: coodie models of the tables cqlengine created (cqlengine_models.py).

  Q1  one test's runs, newest first      test_runs    PRIMARY KEY (test_id, run_id DESC)
  Q2  every run, for `verify`            test_runs    PRIMARY KEY (test_id, run_id DESC), all partitions
  Q3  every test's passed/failed counts  run_counts   PRIMARY KEY (test_id), all partitions (a few rows)

Each class names the same table, column for column and type for type, as its cqlengine twin:
`verify` and tests/test_schema_agrees.py prove it against the database.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from coodie.fields import BigInt, ClusteringKey, Counter, Double, PrimaryKey, Static, TimeUUID
from coodie.schema import build_schema
from coodie.sync import CounterDocument, Document
from coodie.usertype import UserType
from pydantic import Field, model_validator


class PackageVersion(UserType):
    """A package a run was tested with: the UDT `package_version`."""

    name: str | None = None
    version: str | None = None
    built_at: datetime | None = None

    class Settings:
        __type_name__ = "package_version"

    @model_validator(mode="before")
    @classmethod
    def _from_driver_object(cls, data: Any) -> Any:
        """coodie 1.9.3 hydrates rows unvalidated: a UDT value is the driver's namedtuple (or
        cqlengine's PackageVersionUDT, once cqlengine registered it on the same cluster), which
        `.validate()` refuses. Read its fields."""
        if isinstance(data, (dict, cls)):
            return data
        return {name: getattr(data, name, None) for name in cls.model_fields}  # pitfall: shared-udt-class


class Run(Document):
    """A test's runs, newest first (Q1, Q2): the timeuuid is the run's time and its key."""

    test_id: Annotated[str, PrimaryKey()]
    run_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    test_name: Annotated[str | None, Static()] = None
    status: str | None = None
    build_number: int | None = None
    heartbeat: Annotated[int | None, BigInt()] = None
    started_at: datetime | None = None
    duration: Annotated[float | None, Double()] = None  # pitfall: float-is-32-bit
    investigated: bool | None = None
    cost: Decimal | None = None
    assignee: UUID | None = None
    packages: list[PackageVersion] = Field(default_factory=list)
    tags: set[str] = Field(default_factory=set)
    links: dict[str, str] = Field(default_factory=dict)

    class Settings:
        name = "test_runs"


class RunCounts(CounterDocument):
    """A test's passed and failed counts (Q3)."""

    test_id: Annotated[str, PrimaryKey()]
    passed: Annotated[int, Counter()] = 0
    failed: Annotated[int, Counter()] = 0

    class Settings:
        name = "run_counts"

    @model_validator(mode="before")
    @classmethod
    def _untouched_counter_is_zero(cls, data: Any) -> Any:
        """A counter never added to reads back null (cqlengine says 0): the default 0 stands in."""
        if isinstance(data, dict):
            return {name: value for name, value in data.items() if value is not None}  # pitfall: counter-null
        return data


MODELS = [Run, RunCounts]


def create_tables_first() -> None:
    """`make schema` (kit/schema.py) runs this before coodie's sync: cqlengine creates the
    tables, as the app being ported did; coodie's sync then finds nothing to add."""
    from .queries import create_tables_with_cqlengine  # queries imports this module

    create_tables_with_cqlengine()


# Each table's columns and their CQL types, as coodie generates them: what `verify` compares.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    model.table_name(): [(column.name, column.cql_type) for column in build_schema(model)] for model in MODELS
}
