"""The data model, query first.

  Q1  an item by id                          items  PRIMARY KEY (id)
  Q2  the k items nearest a vector (ANN)      items  ORDER BY embedding ANN OF [...] LIMIT k,
                                                     through a storage-attached index (SAI)
  Q3  the items whose words hold a word      items  WHERE words CONTAINS 'word', through a
      (the plain keyword search)                    secondary index on the set

`embedding` is a `vector<float, 64>` column: the item's text embedded by lsa.py.

The ANN index. coodie 1.9.3's `VectorIndex()` marker emits ScyllaDB's index class
(`USING 'vector_index'`), which Apache Cassandra refuses ("Unable to find custom indexer
class"). So `Item.sync_table()` (what `make schema` runs) adds the index itself, chosen by
the server: on Cassandra 5.0 a raw `CREATE CUSTOM INDEX ... USING 'StorageAttachedIndex'`,
on ScyllaDB the statement coodie's `VectorIndex` builds. The web process never sends it; it
checks at start that the index exists and waits until it is built (queries.wait_for_ann_index).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated
from uuid import UUID, uuid4

from coodie.aio import Document, execute_raw
from coodie.cql_builder import build_create_vector_index, qualified_name, quote_ident
from coodie.fields import Indexed, PrimaryKey, Vector
from pydantic import Field

from .lsa import DIMENSIONS

ANN_INDEX = "items_embedding_ann"
SIMILARITY = "COSINE"


class Item(Document):
    """An item of the shop: its text, the words of it (Q3) and its embedding (Q2)."""

    id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
    title: str
    topic: str
    text: str
    words: Annotated[set[str], Indexed(index_name="items_words_idx")] = Field(default_factory=set)
    embedding: Annotated[list[float], Vector(dimensions=DIMENSIONS)]

    class Settings:
        name = "items"

    @classmethod
    async def sync_table(cls, dry_run: bool = False, drop_removed_indexes: bool = False) -> list[str]:
        """coodie's table and words index, then the ANN index for the server in use."""
        statements = await super().sync_table(dry_run=dry_run, drop_removed_indexes=drop_removed_indexes)
        ann = ann_index_cql(cls, scylla=await is_scylla())
        if not dry_run:
            await execute_raw(ann)
        return [*statements, ann]


async def is_scylla() -> bool:
    """ScyllaDB has a system.scylla_local table; Apache Cassandra has none."""
    rows = await execute_raw(
        "SELECT table_name FROM system_schema.tables"
        " WHERE keyspace_name = 'system' AND table_name = 'scylla_local'"
    )
    return bool(rows)


def ann_index_cql(model, *, scylla: bool) -> str:
    table, keyspace = model._get_table(), model._get_keyspace()
    if scylla:  # coodie's VectorIndex(similarity_function="COSINE"), as sync_table would send it
        column = next(c for c in model._schema() if c.name == "embedding")
        column = dataclasses.replace(
            column, vector_index_name=ANN_INDEX, vector_index_options={"similarity_function": SIMILARITY}
        )
        return build_create_vector_index(table, keyspace, column)
    return (
        f"CREATE CUSTOM INDEX IF NOT EXISTS {quote_ident(ANN_INDEX)} ON {qualified_name(keyspace, table)} "
        f"(\"embedding\") USING 'StorageAttachedIndex'"
        f" WITH OPTIONS = {{'similarity_function': '{SIMILARITY}'}}"
    )


MODELS = [Item]
