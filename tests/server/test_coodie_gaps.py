"""Known coodie 1.9.3 gaps on Apache Cassandra 5.0, each pinned together with its workaround.

If one of these starts failing after a coodie upgrade, the gap may be fixed: re-check the
workaround in the demos before deleting the test.
"""

from datetime import date
from typing import Annotated

import pytest
from cassandra.protocol import ConfigurationException
from cassandra.util import Date
from coodie.fields import ClusteringKey, PrimaryKey, Vector, VectorIndex
from coodie.sync import Document, execute_raw
from pydantic import BeforeValidator, ValidationError


def test_vector_index_marker_is_scylla_only(in_keyspace, server):
    """``VectorIndex()`` makes ``sync_table()`` emit ``USING 'vector_index'``, ScyllaDB's index class.

    Apache Cassandra has no such class: ``sync_table()`` raises ``ConfigurationException: Unable
    to find custom indexer class 'vector_index'`` (coodie only downgrades *InvalidRequest* index
    errors to a warning). The table itself is created before the failing index statement.

    Workaround: create the SAI index yourself with raw CQL, ``CREATE CUSTOM INDEX ... USING
    'StorageAttachedIndex' WITH OPTIONS = {'similarity_function': 'COSINE'}``. Giving it the name
    coodie would use (``<table>_<column>_idx``) turns the marker's ``CREATE ... IF NOT EXISTS`` into
    a no-op, so a model that keeps ``VectorIndex()`` then syncs on Cassandra too.
    """

    class Doc(Document):
        id: Annotated[int, PrimaryKey()]
        embedding: Annotated[list[float], Vector(dimensions=3), VectorIndex(similarity_function="COSINE")]

        class Settings(in_keyspace):
            name = "docs"

    if server.is_scylla:
        # ScyllaDB knows the class; without tablets coodie downgrades the refusal to a warning.
        assert any("USING 'vector_index'" in stmt for stmt in Doc.sync_table())
        return

    with pytest.raises(ConfigurationException, match="Unable to find custom indexer class 'vector_index'"):
        Doc.sync_table()

    execute_raw(
        f"CREATE CUSTOM INDEX IF NOT EXISTS docs_embedding_idx ON {in_keyspace.keyspace}.docs (embedding) "
        "USING 'StorageAttachedIndex' WITH OPTIONS = {'similarity_function': 'COSINE'}"
    )
    Doc.sync_table()  # now passes: the index name exists, so IF NOT EXISTS skips the 'vector_index' class
    indexes = execute_raw(
        "SELECT options FROM system_schema.indexes "
        "WHERE keyspace_name = ? AND table_name = ? AND index_name = ?",
        [in_keyspace.keyspace, "docs", "docs_embedding_idx"],
    )
    assert indexes[0]["options"]["class_name"].endswith("StorageAttachedIndex")


def _driver_date(value: object) -> object:
    return value.date() if isinstance(value, Date) else value


def test_validate_rejects_driver_dates(in_keyspace):
    """``.validate()`` on a model with a ``date`` column raises a pydantic ``ValidationError``.

    The scylla/cassandra driver returns ``cassandra.util.Date``, which pydantic does not accept
    as a ``datetime.date``. Without ``.validate()`` coodie skips validation and the field simply
    holds the driver's ``Date``. UDT columns need ``.validate()``, so a model with both hits this.

    Workarounds: call ``.date()`` on the value read back; or annotate the field with a
    ``BeforeValidator`` that does that conversion (then ``.validate()`` works); or store a
    ``datetime`` (CQL ``timestamp``) instead of a ``date``.
    """

    class Holiday(Document):
        country: Annotated[str, PrimaryKey()]
        day: Annotated[date, ClusteringKey()]
        name: str

        class Settings(in_keyspace):
            name = "holidays"

    class PortableHoliday(Document):
        country: Annotated[str, PrimaryKey()]
        day: Annotated[date, ClusteringKey(), BeforeValidator(_driver_date)]
        name: str

        class Settings(in_keyspace):
            name = "holidays"  # same table: only the Python side differs

    Holiday.sync_table()
    Holiday(country="fr", day=date(2024, 7, 14), name="Bastille Day").save()

    with pytest.raises(ValidationError, match="valid date"):
        Holiday.find(country="fr").validate().all()

    (raw,) = Holiday.find(country="fr").all()
    assert isinstance(raw.day, Date) and raw.day.date() == date(2024, 7, 14)

    (validated,) = PortableHoliday.find(country="fr").validate().all()
    assert validated.day == date(2024, 7, 14)


def test_sai_index_answers_only_once_built(in_keyspace, when_index_ready):
    """An SAI index queried right after ``CREATE CUSTOM INDEX`` can answer ``INDEX_NOT_AVAILABLE``.

    Cassandra builds the index in the background; until then a query through it fails with
    ``ReadFailure ... INDEX_NOT_AVAILABLE`` (how often depends on data size and load).

    Workaround: after creating an index, retry its first query until it stops answering
    ``INDEX_NOT_AVAILABLE`` (``query_when_index_ready`` in conftest.py), or poll
    ``system_views.sai_column_indexes.is_queryable``. The assertion does not depend on whether
    the first attempt was refused, only on the retried query returning the right rows.
    """

    class Order(Document):
        id: Annotated[int, PrimaryKey()]
        total: int

        class Settings(in_keyspace):
            name = "orders"

    Order.sync_table()
    for i in range(300):
        Order(id=i, total=i).save()
    execute_raw(
        f"CREATE CUSTOM INDEX orders_total_sai ON {in_keyspace.keyspace}.orders (total) "
        "USING 'StorageAttachedIndex'"
    )

    rows, refused = when_index_ready(lambda: Order.find(total__gte=295).all())
    print(f"INDEX_NOT_AVAILABLE answers before the index was built: {refused}")  # shown with -rP
    assert sorted(order.id for order in rows) == [295, 296, 297, 298, 299]
