"""What counters cannot do, checked on the real database (the README's list, executable)."""

from typing import Annotated

import pytest
from cassandra import InvalidRequest
from coodie.aio import AsyncBatchQuery, CounterDocument
from coodie.exceptions import InvalidQueryError
from coodie.fields import Counter, PrimaryKey

from analytics import queries
from analytics.models import PageTotals
from analytics.schemas import HitIn


def test_no_insert_only_increments(client, page, run):
    with pytest.raises(InvalidQueryError, match="do not support save"):
        run(PageTotals(page=page, views=5).save())


def test_no_regular_columns_beside_counters(client, run):
    class Mixed(CounterDocument):
        page: Annotated[str, PrimaryKey()]
        views: Annotated[int, Counter()] = 0
        title: str = ""

        class Settings:
            name = "mixed_counters"

    with pytest.raises(InvalidQueryError, match="only have counter and primary key columns"):
        run(Mixed.sync_table())


def test_no_ttl_on_counter_updates(client, session, settings, page):
    cql = f"UPDATE {settings.keyspace}.page_totals USING TTL 60 SET views = views + 1 WHERE page = %s"
    with pytest.raises(InvalidRequest, match="Cannot provide custom TTL for counter updates"):
        session.execute(cql, [page])
    table = f"{settings.keyspace}.page_totals"
    with pytest.raises(InvalidRequest, match="Cannot set default_time_to_live on a table with counters"):
        session.execute(f"ALTER TABLE {table} WITH default_time_to_live = 60")


def test_a_logged_batch_refuses_counters_so_the_batch_type_is_counter(client, page, run, counter):
    async def logged_batch():
        async with AsyncBatchQuery() as batch:  # logged: the default
            for update in queries.hit_updates(HitIn(page=page)):
                batch.add(update.statement, update.params)

    with pytest.raises(InvalidRequest, match="Cannot include a counter statement in a logged batch"):
        run(logged_batch())
    assert counter("page_totals", "views", page=page) == 0  # refused whole: nothing counted
