"""The readings table as the issue asks for it: TTL, time-window compaction, latest per sensor."""

from datetime import UTC, datetime, timedelta

from telemetry import queries
from telemetry.models import RETENTION_DAYS
from telemetry.schemas import ReadingIn


def test_readings_expire_by_the_table_default_ttl(run, cql, sensor_id):
    run(queries.record(ReadingIn(sensor_id=sensor_id, kind="temperature", value=20.5)))
    (row,) = cql(
        "SELECT day, TTL(value) AS left FROM {ks}.readings WHERE sensor_id = %s ALLOW FILTERING", sensor_id
    )
    assert RETENTION_DAYS * 86400 - 60 < row.left <= RETENTION_DAYS * 86400


def test_readings_use_time_window_compaction(cql, settings):
    (table,) = cql(
        "SELECT compaction, default_time_to_live FROM system_schema.tables"
        " WHERE keyspace_name = %s AND table_name = 'readings'",
        settings.keyspace,
    )
    assert table.compaction["class"].endswith("TimeWindowCompactionStrategy")
    assert (table.compaction["compaction_window_unit"], table.compaction["compaction_window_size"]) == (
        "DAYS",
        "1",
    )
    assert table.default_time_to_live == RETENTION_DAYS * 86400


def test_latest_reading_per_sensor_comes_from_today_or_yesterday(run, sensor_id):
    now = datetime.now(UTC)
    other = sensor_id + "-b"
    for ts, value in [
        (now - timedelta(days=1, minutes=5), 1.0),
        (now - timedelta(minutes=3), 2.0),
        (now - timedelta(minutes=9), 3.0),
    ]:
        run(queries.record(ReadingIn(sensor_id=sensor_id, kind="temperature", ts=ts, value=value)))
    run(queries.record(ReadingIn(sensor_id=other, kind="co2", ts=now - timedelta(days=1), value=700.0)))
    silent = sensor_id + "-silent"
    run(queries.record(ReadingIn(sensor_id=silent, kind="co2", ts=now - timedelta(days=5), value=800.0)))
    latest = run(queries.latest([sensor_id, other, silent]))
    assert latest[sensor_id].value == 2.0
    assert latest[other].value == 700.0
    assert silent not in latest  # silent for longer than LATEST_DAYS


def test_the_registry_lists_sensors_without_reading_readings(run, sensor_id):
    run(queries.record(ReadingIn(sensor_id=sensor_id, kind="pressure", location="Roof", value=1010.0)))
    found = {s.sensor_id: s for s in run(queries.sensors())}
    assert (found[sensor_id].kind, found[sensor_id].unit, found[sensor_id].location) == (
        "pressure",
        "hPa",
        "Roof",
    )
