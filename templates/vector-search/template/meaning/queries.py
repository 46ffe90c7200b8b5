"""Every query the pages, the seed and the quality command make (all CQL lives here and in models).

nearest()        Q2: ORDER BY embedding ANN OF [...] LIMIT k, through the SAI index
keyword_search() Q3: one WHERE words CONTAINS ? per word of the query, ranked by words matched
brute_force()    the exact answer Q2 approximates: every stored vector, scored in numpy
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from uuid import UUID

import numpy as np

from .kit.schema import SchemaMissing
from .kit.waiting import INDEX_NOT_AVAILABLE
from .lsa import model, tokens
from .models import ANN_INDEX, Item

KEYWORD_ROWS = 200  # rows read per word of a keyword query: enough for this corpus's most common word
MAX_QUERY_WORDS = 8
INDEX_WAIT_EVERY_S = 0.2


class IndexBuilding(RuntimeError):
    """The ANN index exists but the server has not finished building it (INDEX_NOT_AVAILABLE)."""


@dataclass
class Hit:
    item: Item
    score: float  # cosine similarity for ANN, words matched for keywords
    matched: list[str]


def _similarity(a: list[float], b: list[float]) -> float:
    return float(np.dot(np.asarray(a), np.asarray(b)))


async def get_item(item_id: UUID) -> Item:
    return await Item.get(id=item_id)


async def put_item(item: Item) -> None:
    await item.save()


async def nearest(vector: list[float], k: int = 10, exclude: UUID | None = None) -> list[Hit]:
    """The k items nearest `vector` by cosine, as the ANN index finds them (approximate)."""
    try:
        found = await Item.find().order_by_ann("embedding", vector).limit(k + (exclude is not None)).all()
    except Exception as exc:
        if INDEX_NOT_AVAILABLE in str(exc):
            raise IndexBuilding(
                f"the ANN index {ANN_INDEX} is still being built: try again in a moment"
            ) from exc
        raise
    hits = [Hit(item, _similarity(vector, item.embedding), []) for item in found if item.id != exclude]
    return hits[:k]


async def search(text: str, k: int = 10) -> list[Hit]:
    vector = model().embed(text)
    return [] if vector is None else await nearest(vector, k)


async def more_like(item_id: UUID, k: int = 10) -> tuple[Item, list[Hit]]:
    item = await get_item(item_id)
    return item, await nearest(item.embedding, k, exclude=item.id)


async def keyword_search(text: str, k: int = 10) -> list[Hit]:
    """Items holding the query's words, most words matched first: what an index on words can do."""
    words = list(dict.fromkeys(tokens(text)))[:MAX_QUERY_WORDS]
    answers = await asyncio.gather(
        *(Item.find(words__contains=word).limit(KEYWORD_ROWS).all() for word in words)
    )
    items: dict[UUID, Item] = {}
    matched: dict[UUID, list[str]] = {}
    for word, found in zip(words, answers, strict=True):
        for item in found:
            items[item.id] = item
            matched.setdefault(item.id, []).append(word)
    ranked = sorted(items, key=lambda i: (-len(matched[i]), items[i].title))
    return [Hit(items[i], len(matched[i]), matched[i]) for i in ranked[:k]]


async def all_vectors() -> tuple[list[UUID], np.ndarray]:
    """Every stored item's id and embedding (a full scan: for the exact answer only)."""
    rows = await Item.find().only("id", "embedding").fetch_size(1000).all()
    ids = [row.id for row in rows]
    return ids, np.array([row.embedding for row in rows], dtype=np.float64).reshape(len(ids), -1)


def brute_force(ids: list[UUID], vectors: np.ndarray, query: list[float], k: int = 10) -> list[UUID]:
    """The exact k nearest by cosine (stored vectors are unit length)."""
    scores = vectors @ np.asarray(query)
    return [ids[i] for i in np.argsort(-scores, kind="stable")[:k]]


async def index_exists(keyspace: str) -> bool:
    from coodie.aio import execute_raw

    rows = await execute_raw(
        "SELECT index_name FROM system_schema.indexes"
        " WHERE keyspace_name = ? AND table_name = ? AND index_name = ?",
        [keyspace, Item._get_table(), ANN_INDEX],
    )
    return bool(rows)


async def wait_for_ann_index(keyspace: str, timeout: float, say=print) -> int:
    """At start: the index must exist (`make schema` creates it) and answer; returns the refusals."""
    if not await index_exists(keyspace):
        raise SchemaMissing(f"the database lacks index {ANN_INDEX}: run `make schema` first (it creates it)")
    probe = [1.0] + [0.0] * (len(model().directions[0]) - 1)
    deadline = time.monotonic() + timeout
    refused = 0
    while True:
        try:
            await nearest(probe, 1)
            if refused:
                say(f"the ANN index {ANN_INDEX} is built: serving")
            return refused
        except IndexBuilding:
            if not refused:
                say(f"waiting for the ANN index {ANN_INDEX} to be built (INDEX_NOT_AVAILABLE)...")
            refused += 1
            if time.monotonic() >= deadline:
                say(
                    f"the ANN index {ANN_INDEX} is not built after {timeout:g} s:"
                    " serving, searches answer 503"
                )
                return refused
            await asyncio.sleep(INDEX_WAIT_EVERY_S)
