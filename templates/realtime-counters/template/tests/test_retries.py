"""CountOnce: a counter update whose outcome is unknown is never resent; reads still are."""

from cassandra import ConsistencyLevel, WriteType
from cassandra.connection import ConnectionException
from cassandra.policies import RetryPolicy

from analytics.retries import CountOnce

RETHROW, RETRY_NEXT_HOST = RetryPolicy.RETHROW, RetryPolicy.RETRY_NEXT_HOST


def statements(session, keyspace):
    update = session.prepare(f"UPDATE {keyspace}.page_totals SET views = views + ? WHERE page = ?")
    select = session.prepare(f"SELECT * FROM {keyspace}.page_totals WHERE page = ?")
    return update.bind([1, "/retry"]), select.bind(["/retry"])


def test_a_lost_connection_resends_a_counter_update_by_default_but_not_with_count_once(
    client, session, settings
):
    update, select = statements(session, settings.keyspace)
    lost = ConnectionException("connection lost after the request was sent")
    # The driver's default: try the next node, although the first may have applied it.
    assert RetryPolicy().on_request_error(update, ConsistencyLevel.ONE, lost, 0)[0] == RETRY_NEXT_HOST
    assert CountOnce().on_request_error(update, ConsistencyLevel.ONE, lost, 0)[0] == RETHROW
    assert CountOnce().on_request_error(select, ConsistencyLevel.ONE, lost, 0)[0] == RETRY_NEXT_HOST


def test_timed_out_writes_are_rethrown_and_unavailable_is_still_retried(client, session, settings):
    update, _select = statements(session, settings.keyspace)
    policy = CountOnce()
    for write_type in (WriteType.COUNTER, WriteType.BATCH_LOG, WriteType.UNLOGGED_BATCH):
        assert policy.on_write_timeout(update, ConsistencyLevel.ONE, write_type, 1, 0, 0)[0] == RETHROW
    # "Unavailable" means the coordinator refused before writing anything: safe to retry.
    assert policy.on_unavailable(update, ConsistencyLevel.ONE, 1, 0, 0)[0] == RETRY_NEXT_HOST
