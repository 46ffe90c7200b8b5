"""Readings page back newest first across day partitions: each exactly once, in order."""

from datetime import UTC, datetime, timedelta

import pytest

from telemetry import queries
from telemetry.kit.paging import BadCursor
from telemetry.schemas import ReadingIn

DAYS = 3
PER_DAY = [9, 1, 14]  # readings on each of the three days, newest day first: one day nearly empty
PAGE_SIZES = [1, 4, 10, 24, 50]


@pytest.fixture(scope="module")
def three_days(session):
    """A sensor with readings over three days, two of them in one millisecond (kept apart by
    the timeuuid), written as the API writes them. Module-scoped: every page size reads it."""
    import asyncio
    import uuid

    sensor_id = f"paging-{uuid.uuid4().hex[:10]}"
    end = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    moments = []
    for day, count in enumerate(PER_DAY):
        base = end - timedelta(days=day)
        moments += [base - timedelta(minutes=37 * n) for n in range(count)]
    moments.append(moments[0])  # the same millisecond twice

    async def write():
        rows = []
        for n, ts in enumerate(moments):
            reading = ReadingIn(sensor_id=sensor_id, kind="temperature", ts=ts, value=float(n))
            rows.append(await queries.record(reading))
        return rows

    rows = asyncio.run(write())
    # As the driver returns them: naive UTC datetimes, newest first.
    expected = sorted(((r.ts.replace(tzinfo=None), r.reading_id) for r in rows), reverse=True)
    return sensor_id, expected


def page_all(run, sensor_id: str, size: int) -> tuple[list, list[int], int]:
    """Every page from the newest, following cursors: the keys seen, page lengths, days read."""
    seen, lengths, days_read, cursor = [], [], 0, None
    while True:
        page = run(queries.readings_page(sensor_id, size, cursor))
        seen += [(r.ts, r.reading_id) for r in page.items]
        lengths.append(len(page.items))
        days_read += page.buckets_read
        cursor = page.cursor
        if cursor is None:
            return seen, lengths, days_read
        assert len(lengths) <= 200, "paging does not end"


@pytest.mark.parametrize("size", PAGE_SIZES)
def test_readings_page_back_across_days_each_exactly_once(run, three_days, size, figures):
    sensor_id, expected = three_days
    seen, lengths, days_read = page_all(run, sensor_id, size)
    assert len(expected) == sum(PER_DAY) + 1
    # Newest first; each reading exactly once. (Two readings of one millisecond sort by their
    # timeuuids as Cassandra compares them, which Python's UUID order need not match.)
    assert [ts for ts, _ in seen] == [ts for ts, _ in expected]
    assert len(set(seen)) == len(seen) and set(seen) == set(expected)
    # Every page full but the last, which may even be empty: Cassandra cannot tell that a page
    # ending exactly at the oldest reading was the last one (kit/paging.py).
    assert all(length == size for length in lengths[:-1]) and lengths[-1] <= size
    assert {ts.date() for ts, _ in seen} == {ts.date() for ts, _ in expected} and len(
        {ts.date() for ts, _ in seen}
    ) == DAYS
    figures.append(
        f"cross-bucket paging: {len(seen)} readings over {DAYS} days, page size {size}: "
        f"{len(lengths)} page{'' if len(lengths) == 1 else 's'}, {days_read} day partitions read"
    )


def test_two_readings_of_one_millisecond_are_both_kept(three_days):
    _, expected = three_days
    times = [ts for ts, _ in expected]
    assert len(times) - len(set(times)) == 1


def test_a_cursor_not_made_here_is_refused(run, three_days):
    sensor_id, _ = three_days
    with pytest.raises(BadCursor):
        run(queries.readings_page(sensor_id, 5, "bm90LWEtY3Vyc29yLWF0LWFsbA"))


def test_the_api_pages_with_cursors_and_refuses_a_bad_one(client, three_days):
    sensor_id, expected = three_days
    first = client.get(f"/api/sensors/{sensor_id}/readings", params={"size": 10}).json()
    second = client.get(
        f"/api/sensors/{sensor_id}/readings", params={"size": 10, "cursor": first["cursor"]}
    ).json()
    assert len(first["readings"]) == len(second["readings"]) == 10
    shown = [datetime.fromisoformat(r["ts"]) for r in first["readings"] + second["readings"]]
    assert shown == [ts for ts, _ in expected[:20]]
    bad = client.get(f"/api/sensors/{sensor_id}/readings", params={"cursor": "x" * 30})
    assert bad.status_code == 400
