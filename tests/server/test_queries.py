"""Read paths the demos rely on: per-partition limit, paging with a paging state, vector ANN search."""

from collections import defaultdict
from typing import Annotated

import pytest
from coodie.fields import ClusteringKey, PrimaryKey, Vector
from coodie.sync import Document, execute_raw


@pytest.mark.proves("per_partition_limit")
def test_per_partition_limit(in_keyspace):
    class Reading(Document):
        sensor_id: Annotated[str, PrimaryKey()]
        seq: Annotated[int, ClusteringKey(order="DESC")]

        class Settings(in_keyspace):
            name = "readings"

    Reading.sync_table()
    for sensor in ("s1", "s2", "s3"):
        for seq in range(5):
            Reading(sensor_id=sensor, seq=seq).save()

    latest = defaultdict(list)
    for row in Reading.find().per_partition_limit(2).all():  # .all(): paged_all() drops the limit
        latest[row.sensor_id].append(row.seq)
    assert latest == {"s1": [4, 3], "s2": [4, 3], "s3": [4, 3]}


@pytest.mark.proves("paging")
def test_paging_walks_every_row_once(in_keyspace):
    class Line(Document):
        doc_id: Annotated[str, PrimaryKey()]
        n: Annotated[int, ClusteringKey()]

        class Settings(in_keyspace):
            name = "lines"

    Line.sync_table()
    for n in range(23):
        Line(doc_id="d1", n=n).save()

    seen: list[int] = []
    state = None
    for _ in range(20):  # 23 rows at 5 a page need 5 pages; the bound only stops a runaway loop
        page = Line.find(doc_id="d1").fetch_size(5).page(state).paged_all()
        assert len(page.data) <= 5
        seen.extend(line.n for line in page.data)
        state = page.paging_state
        if state is None:
            break
    assert state is None, "paging never reached the last page"
    assert seen == list(range(23))  # in clustering order, no duplicates, no gaps


@pytest.mark.proves("vector")
def test_vector_ann_search(in_keyspace, when_index_ready):
    class Doc(Document):
        id: Annotated[int, PrimaryKey()]
        embedding: Annotated[list[float], Vector(dimensions=3)]

        class Settings(in_keyspace):
            name = "docs"

    Doc.sync_table()
    # SAI with a similarity function: Apache Cassandra 5's vector index (recent ScyllaDB releases
    # accept this class name on vector columns too); coodie's VectorIndex() emits ScyllaDB's own class.
    execute_raw(
        f"CREATE CUSTOM INDEX docs_embedding_sai ON {in_keyspace.keyspace}.docs (embedding) "
        "USING 'StorageAttachedIndex' WITH OPTIONS = {'similarity_function': 'COSINE'}"
    )
    vectors = {1: [1.0, 0.0, 0.0], 2: [0.0, 1.0, 0.0], 3: [0.9, 0.1, 0.0], 4: [0.0, 0.0, 1.0]}
    for doc_id, vector in vectors.items():
        Doc(id=doc_id, embedding=vector).save()

    nearest, _ = when_index_ready(
        lambda: Doc.find().order_by_ann("embedding", [1.0, 0.0, 0.0]).limit(2).all()
    )
    assert [doc.id for doc in nearest] == [1, 3]
    assert list(nearest[0].embedding) == [1.0, 0.0, 0.0]
