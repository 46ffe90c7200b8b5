"""Schema features the demos rely on: keyspaces, keys, indexes, UDTs, views, polymorphic tables."""

from datetime import datetime, timedelta
from typing import Annotated
from uuid import UUID, uuid4

import pytest
from coodie.fields import ClusteringKey, Discriminator, Double, Indexed, PrimaryKey
from coodie.sync import Document, MaterializedView, create_keyspace, execute_raw
from coodie.usertype import UserType
from pydantic import Field

T0 = datetime(2024, 5, 6, 12, 0)


def _index_names(keyspace: str) -> set[str]:
    rows = execute_raw("SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ?", [keyspace])
    return {row["index_name"] for row in rows}


def _sai_queryable(keyspace: str, index: str) -> bool:
    rows = execute_raw(
        "SELECT is_queryable FROM system_views.sai_column_indexes WHERE keyspace_name = ? AND index_name = ?",
        [keyspace, index],
    )
    return rows == [{"is_queryable": True}]


@pytest.mark.proves("keyspace")
def test_keyspace_creation(keyspace):
    rows = execute_raw("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", [keyspace])
    assert len(rows) == 1, f"{keyspace} is not in system_schema.keyspaces"
    replication = rows[0]["replication"]
    assert replication["class"].endswith("SimpleStrategy")
    assert replication["replication_factor"] == "1"
    create_keyspace(keyspace, replication_factor=1)  # IF NOT EXISTS: a second call is a no-op


@pytest.mark.proves("clustering_order")
def test_composite_partition_key_with_desc_clustering(in_keyspace):
    class Reading(Document):
        sensor_id: Annotated[str, PrimaryKey(partition_key_index=0)]
        day: Annotated[str, PrimaryKey(partition_key_index=1)]
        ts: Annotated[datetime, ClusteringKey(order="DESC")]
        value: Annotated[float, Double()]

        class Settings(in_keyspace):
            name = "readings"

    Reading.sync_table()
    for minute in (3, 0, 4, 1, 2):  # written out of order on purpose
        Reading(sensor_id="s1", day="2024-05-06", ts=T0 + timedelta(minutes=minute), value=minute).save()
    Reading(sensor_id="s1", day="2024-05-07", ts=T0, value=99.0).save()  # same sensor, other partition

    rows = Reading.find(sensor_id="s1", day="2024-05-06").all()
    assert [row.value for row in rows] == [4.0, 3.0, 2.0, 1.0, 0.0]

    columns = execute_raw(
        "SELECT column_name, kind, position, clustering_order FROM system_schema.columns "
        "WHERE keyspace_name = ? AND table_name = ?",
        [in_keyspace.keyspace, "readings"],
    )
    keys = {row["column_name"]: (row["kind"], row["position"], row["clustering_order"]) for row in columns}
    assert keys["sensor_id"] == ("partition_key", 0, "none")
    assert keys["day"] == ("partition_key", 1, "none")
    assert keys["ts"] == ("clustering", 0, "desc")


@pytest.mark.proves("secondary_index")
def test_secondary_index_lookup(in_keyspace):
    class Product(Document):
        id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
        brand: Annotated[str, Indexed()]
        name: str

        class Settings(in_keyspace):
            name = "products"

    Product.sync_table()
    assert "products_brand_idx" in _index_names(in_keyspace.keyspace)
    for brand, name in [("acme", "anvil"), ("globex", "lamp"), ("acme", "rocket"), ("initech", "stapler")]:
        Product(brand=brand, name=name).save()

    # No ALLOW FILTERING: the server has to answer from the index.
    assert sorted(p.name for p in Product.find(brand="acme").all()) == ["anvil", "rocket"]
    assert Product.find(brand="nobody").all() == []


@pytest.mark.proves("sai")
def test_sai_index(in_keyspace, wait_until):
    """Storage-attached index on a scalar column (Cassandra 5; ScyllaDB only takes SAI on vectors)."""

    class Order(Document):
        id: Annotated[int, PrimaryKey()]
        total: int

        class Settings(in_keyspace):
            name = "orders"

    Order.sync_table()
    for i in range(20):
        Order(id=i, total=i * 10).save()
    # Rows first, index second: the server has to build the index over existing data.
    execute_raw(
        f"CREATE CUSTOM INDEX orders_total_sai ON {in_keyspace.keyspace}.orders (total) "
        "USING 'StorageAttachedIndex'"
    )
    # Cassandra's own view of the build; querying earlier may answer INDEX_NOT_AVAILABLE.
    wait_until(
        lambda: _sai_queryable(in_keyspace.keyspace, "orders_total_sai"),
        what="SAI index orders_total_sai to become queryable",
    )

    # A range predicate without ALLOW FILTERING is something only SAI (not a classic 2i) serves.
    assert sorted(o.id for o in Order.find(total__gte=150).all()) == [15, 16, 17, 18, 19]
    assert [o.id for o in Order.find(total=70).all()] == [7]


@pytest.mark.proves("udt")
def test_user_defined_type_round_trip(in_keyspace):
    class Address(UserType):
        street: str
        city: str

        class Settings:
            __type_name__ = "address"

    class Person(Document):
        id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
        home: Address | None = None
        others: list[Address] = Field(default_factory=list)

        class Settings(in_keyspace):
            name = "people"

    Person.sync_table()  # creates the UDT first (coodie 1.9.3)
    types = execute_raw(
        "SELECT field_names FROM system_schema.types WHERE keyspace_name = ? AND type_name = ?",
        [in_keyspace.keyspace, "address"],
    )
    assert types and list(types[0]["field_names"]) == ["street", "city"]

    person = Person(
        home=Address(street="1 Main St", city="Springfield"),
        others=[Address(street="2 Elm", city="Shelbyville")],
    )
    person.save()

    # Without .validate() the scylla driver hands back namedtuples; .validate() builds the models.
    (loaded,) = Person.find(id=person.id).validate().all()
    assert isinstance(loaded.home, Address)
    assert loaded.home == Address(street="1 Main St", city="Springfield")
    assert loaded.others == [Address(street="2 Elm", city="Shelbyville")]


@pytest.mark.proves("materialized_views")
def test_materialized_view_reads_base_writes(in_keyspace, wait_until):
    class UserSession(Document):
        token: Annotated[str, PrimaryKey()]
        user: str

        class Settings(in_keyspace):
            name = "sessions"

    class SessionsByUser(MaterializedView):
        user: Annotated[str, PrimaryKey()]
        token: Annotated[str, ClusteringKey()]

        class Settings(in_keyspace):
            name = "sessions_by_user"
            __base_table__ = "sessions"
            __clustering_order__ = {"token": "DESC"}

    UserSession.sync_table()
    SessionsByUser.sync_view()
    for token, user in [("t1", "ada"), ("t2", "bob"), ("t3", "ada")]:
        UserSession(token=token, user=user).save()

    # A view may trail its base table (ScyllaDB applies view updates asynchronously): poll.
    wait_until(
        lambda: [v.token for v in SessionsByUser.find(user="ada").all()] == ["t3", "t1"],
        what="the view to list ada's sessions newest token first",
    )
    assert [v.token for v in SessionsByUser.find(user="bob").all()] == ["t2"]


@pytest.mark.proves("polymorphic")
def test_polymorphic_model_with_discriminator(in_keyspace):
    class Content(Document):
        id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
        title: str
        kind: Annotated[str, Discriminator(), Indexed()] = ""

        class Settings(in_keyspace):
            name = "contents"

    class Article(Content):
        body: str = ""

        class Settings:
            __discriminator_value__ = "article"

    class Video(Content):
        url: str = ""

        class Settings:
            __discriminator_value__ = "video"

    # coodie 1.9.3 caches the base schema on the base class and subclasses inherit it: syncing the
    # base first would leave out `body` and `url`. Subclasses first adds their columns.
    Article.sync_table()
    Video.sync_table()
    Content.sync_table()

    Article(title="Hello", body="text").save()
    Video(title="Clip", url="https://example.invalid/v").save()

    found = {c.title: c for c in Content.find().all()}
    assert type(found["Hello"]) is Article and found["Hello"].body == "text"
    assert type(found["Clip"]) is Video and found["Clip"].url == "https://example.invalid/v"
    assert [a.title for a in Article.find().all()] == ["Hello"]  # WHERE kind = 'article', via the index
