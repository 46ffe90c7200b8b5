"""Write paths the demos rely on: TTL, counters, lightweight transactions, batches, collections."""

from typing import Annotated

import pytest
from coodie.cql_builder import build_counter_update
from coodie.fields import ClusteringKey, Counter, PrimaryKey
from coodie.results import LWTResult
from coodie.sync import BatchQuery, CounterDocument, Document, execute_raw
from pydantic import Field


@pytest.mark.proves("ttl")
def test_ttl_expiry_default_ttl_and_remaining_ttl(in_keyspace, wait_until):
    class LoginToken(Document):
        token: Annotated[str, PrimaryKey()]
        user: str

        class Settings(in_keyspace):
            name = "tokens"
            __default_ttl__ = 300

    LoginToken.sync_table()
    options = execute_raw(
        "SELECT default_time_to_live FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
        [in_keyspace.keyspace, "tokens"],
    )
    assert options == [{"default_time_to_live": 300}]

    LoginToken(token="long", user="ada").save()  # no ttl=: the table default applies
    # A lower bound well under 300 keeps this true on a slow machine; a missing TTL reads as None.
    assert 200 < LoginToken.find(token="long").column_ttl("user") <= 300

    LoginToken(token="short", user="bob").save(ttl=3)
    assert 0 < LoginToken.find(token="short").column_ttl("user") <= 3
    wait_until(lambda: LoginToken.find_one(token="short") is None, what="the ttl=3 row to expire")
    assert LoginToken.get(token="long").user == "ada"


@pytest.mark.proves("counters")
def test_counters(in_keyspace):
    class PageViews(CounterDocument):
        page: Annotated[str, PrimaryKey()]
        hits: Annotated[int, Counter()] = 0
        likes: Annotated[int, Counter()] = 0

        class Settings(in_keyspace):
            name = "page_views"

    PageViews.sync_table()
    home = PageViews(page="/")
    for _ in range(10):
        home.increment(hits=1)
    home.increment(likes=5)
    home.decrement(likes=2)
    PageViews(page="/about").increment(hits=7, likes=0)

    totals = {row.page: (row.hits, row.likes) for row in PageViews.find().all()}
    assert totals == {"/": (10, 3), "/about": (7, 0)}


@pytest.mark.proves("lwt")
def test_lwt_insert_and_conditional_update(in_keyspace):
    class Account(Document):
        username: Annotated[str, PrimaryKey()]
        email: str
        version: int = 1

        class Settings(in_keyspace):
            name = "accounts"

    Account.sync_table()
    assert Account(username="ada", email="ada@one.example").insert() == LWTResult(applied=True, existing=None)

    second = Account(username="ada", email="ada@two.example").insert()
    assert second.applied is False
    assert second.existing["email"] == "ada@one.example"  # nothing raises: the loser sees the winner's row
    assert Account.get(username="ada").email == "ada@one.example"

    # Two writers read version 1; only the first compare-and-set may win.
    writer_a = Account.get(username="ada")
    writer_b = Account.get(username="ada")
    won = writer_a.update(if_conditions={"version": 1}, version=2, email="a@new.example")
    lost = writer_b.update(if_conditions={"version": 1}, version=2, email="b@new.example")
    assert won == LWTResult(applied=True, existing=None)
    assert lost.applied is False
    assert lost.existing == {"version": 2}
    stored = Account.get(username="ada")
    assert (stored.email, stored.version) == ("a@new.example", 2)


@pytest.mark.proves("batches")
def test_logged_unlogged_and_counter_batches(in_keyspace):
    class Event(Document):
        run_id: Annotated[str, PrimaryKey()]
        seq: Annotated[int, ClusteringKey()]
        kind: str

        class Settings(in_keyspace):
            name = "events"

    class Tally(CounterDocument):
        name: Annotated[str, PrimaryKey()]
        hits: Annotated[int, Counter()] = 0

        class Settings(in_keyspace):
            name = "tallies"

    Event.sync_table()
    Tally.sync_table()
    Event(run_id="old", seq=0, kind="stale").save()

    with BatchQuery() as logged:  # BEGIN BATCH: writes to several partitions, all or nothing
        for seq in range(3):
            Event(run_id="r1", seq=seq, kind="logged").save(batch=logged)
        Event(run_id="old", seq=0, kind="stale").delete(batch=logged)
    with BatchQuery(logged=False) as unlogged:  # one partition: the case unlogged batches are for
        for seq in range(3):
            Event(run_id="r2", seq=seq, kind="unlogged").save(batch=unlogged)
    # increment() takes no batch=, so counter batches are built from coodie's CQL builder.
    with BatchQuery(batch_type="COUNTER") as counters:
        for name, delta in [("a", 2), ("b", 5), ("a", 1)]:
            counters.add(
                *build_counter_update(
                    Tally.table_name(), in_keyspace.keyspace, {"hits": delta}, [("name", "=", name)]
                )
            )

    assert [(e.seq, e.kind) for e in Event.find(run_id="r1").all()] == [
        (0, "logged"),
        (1, "logged"),
        (2, "logged"),
    ]
    assert [e.seq for e in Event.find(run_id="r2").all()] == [0, 1, 2]
    assert Event.find(run_id="old").all() == []
    assert {t.name: t.hits for t in Tally.find().all()} == {"a": 3, "b": 5}


@pytest.mark.proves("collections")
def test_collection_updates(in_keyspace):
    class Note(Document):
        id: Annotated[int, PrimaryKey()]
        tags: set[str] = Field(default_factory=set)
        history: list[int] = Field(default_factory=list)
        attrs: dict[str, str] = Field(default_factory=dict)

        class Settings(in_keyspace):
            name = "notes"

    Note.sync_table()
    note = Note(id=1, tags={"a", "b"}, history=[2, 9], attrs={"k1": "v1"})
    note.save()

    # Each update is a server-side collection operation, not a read-modify-write of the column.
    note.update(tags__add={"c"}, history__append=[3], attrs__update={"k2": "v2"})
    note.update(tags__remove={"a"}, history__prepend=[1], attrs__remove={"k1"})
    note.update(history__remove=[9])

    # The driver returns SortedSet / OrderedMapSerializedKey; compare as plain containers.
    loaded = Note.get(id=1)
    assert set(loaded.tags) == {"b", "c"}
    assert list(loaded.history) == [1, 2, 3]
    assert dict(loaded.attrs) == {"k2": "v2"}
