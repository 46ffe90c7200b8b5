"""`python -m meaning.quality`: how good and how fast the ANN index is, on the data seeded.

recall@10  for each query, the share of the ANN index's 10 items that are among the exact 10
           nearest (brute force over every stored vector, in numpy); averaged. An item as near
           as the exact 10th counts: items of the same text have the same vector, and which of
           them the brute force lists is an accident of order (ann-benchmarks counts so too)
latency    p50 / p95 of the ANN queries, as the client sees them (query sent to rows parsed)

Queries are fresh texts from the corpus's vocabularies (not the stored ones), embedded as a
search box would. Exit 0 with the figures, 1 when the database fails or holds too few items.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from dataclasses import dataclass

import click
import numpy as np

from . import queries
from .corpus import descriptions
from .lsa import model

K = 10
QUERY_SEED = 2026
TIE = 1e-6  # cosine scores closer than this to the exact 10th are ties (float32 vectors)


@dataclass
class Quality:
    items: int
    queries: int
    recall: float
    p50_ms: float
    p95_ms: float
    worst_recall: float


async def measure(count: int = 200, k: int = K) -> Quality:
    ids, vectors = await queries.all_vectors()
    if len(ids) < k:
        raise ValueError(f"{len(ids)} items stored: seed at least {k} (make seed)")
    texts = [d.text for d in descriptions(random.Random(QUERY_SEED), count)]
    recalls, seconds = [], []
    for text in texts:
        vector = model().embed(text)
        exact = queries.brute_force(ids, vectors, vector, k)
        started = time.perf_counter()
        found = await queries.nearest(vector, k)
        seconds.append(time.perf_counter() - started)
        scores = dict(zip(ids, (vectors @ np.asarray(vector)).tolist(), strict=True))
        recalls.append(recall(exact, [hit.item.id for hit in found], scores.__getitem__, k))
    ms = np.array(seconds) * 1000
    return Quality(
        items=len(ids),
        queries=count,
        recall=float(np.mean(recalls)),
        p50_ms=float(np.percentile(ms, 50)),
        p95_ms=float(np.percentile(ms, 95)),
        worst_recall=float(min(recalls)),
    )


def recall(exact: list, returned: list, score, k: int = K) -> float:
    """The share of `returned` (distinct ids) that is in the exact k, or as near as its last."""
    tenth = score(exact[k - 1])
    return sum(score(i) >= tenth - TIE for i in dict.fromkeys(returned)) / k


@click.command()
@click.option("--queries", "count", default=200, show_default=True, type=click.IntRange(1, 10_000))
def main(count: int) -> None:
    """Print recall@10 of the ANN index against brute force, and query latency p50 / p95."""
    from .kit import db
    from .kit.settings import Settings, SettingsError

    try:
        settings = Settings.from_env()
        session = db.connect(settings)
    except (db.DatabaseUnavailable, SettingsError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    try:
        quality = asyncio.run(measure(count))
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except (*db.DATABASE_ERRORS, queries.IndexBuilding) as exc:
        click.echo(f"error: {db.describe_failure(exc, settings)}", err=True)
        sys.exit(1)
    finally:
        db.close(session)
    click.echo(
        f"{quality.items} items, {quality.queries} queries, k={K},"
        f" vectors of {len(model().directions[0])} floats"
    )
    click.echo(f"recall@{K}: {quality.recall:.3f} (worst query {quality.worst_recall:.1f})")
    click.echo(f"ANN latency: p50 {quality.p50_ms:.1f} ms, p95 {quality.p95_ms:.1f} ms")


if __name__ == "__main__":
    main()
