"""The telemetry data model, query first: readings by sensor and day, and what reads them fast.

Queries the pages make, and the table that answers each:

  Q1  every sensor (dashboard, simulator)      sensors         PRIMARY KEY (sensor_id)
  Q2  one sensor                               sensors         PRIMARY KEY (sensor_id)
  Q3  each sensor's latest reading             readings        PRIMARY KEY ((sensor_id, day), ts, reading_id):
                                                               PER PARTITION LIMIT 1 over known partitions
  Q4  a sensor's readings, newest first,       readings        PRIMARY KEY ((sensor_id, day), ts, reading_id)
      "older" going on into the previous day
  Q5  the days that hold a sensor's readings   sensor_days     PRIMARY KEY ((sensor_id), day)
  Q6  a sensor's hourly min, max, mean, count  hourly_rollups  PRIMARY KEY ((sensor_id, day), hour)
  Q7  one hour's raw readings (its rollup)     readings        PRIMARY KEY ((sensor_id, day), ts, reading_id)

"All sensors" is always Q1, the small registry table: nothing ever scans the readings.
A reading lives RETENTION_DAYS (the readings table's default TTL); rollups live a year.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from coodie.aio import Document
from coodie.fields import ClusteringKey, Double, PrimaryKey, TimeUUID

RETENTION_DAYS = 30
ROLLUP_RETENTION_DAYS = 365
DAY_S = 24 * 3600

# TimeWindowCompactionStrategy: SSTables grouped by the day their rows were written, so that a
# whole day's file expires at once (see the README). Written out in full, as Cassandra stores
# it, so that `make schema` run again finds nothing to ALTER (coodie compares the text).
TIME_WINDOW_COMPACTION = {
    "class": "org.apache.cassandra.db.compaction.TimeWindowCompactionStrategy",
    "compaction_window_size": "1",
    "compaction_window_unit": "DAYS",
    "max_threshold": "32",
    "min_threshold": "4",
}


class Sensor(Document):
    """The sensor registry: every page that lists sensors reads this, never the readings (Q1, Q2)."""

    sensor_id: Annotated[str, PrimaryKey()]
    kind: str  # temperature, humidity, ...
    unit: str
    location: str = ""

    class Settings:
        name = "sensors"


class Reading(Document):
    """One measurement. A partition is one sensor's day; newest first inside it (Q3, Q4, Q7).

    The timeuuid after ts keeps two readings of the same millisecond apart: without it the
    second would silently overwrite the first."""

    sensor_id: Annotated[str, PrimaryKey(partition_key_index=0)]
    day: Annotated[str, PrimaryKey(partition_key_index=1)]  # "2026-05-17", UTC (kit/buckets.py DAY)
    ts: Annotated[datetime, ClusteringKey(order="DESC")]
    reading_id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC", clustering_key_index=1)]
    value: Annotated[float, Double()]  # a Python float is a 32-bit CQL float without Double()

    class Settings:
        name = "readings"
        __default_ttl__ = RETENTION_DAYS * DAY_S
        __options__ = {"compaction": TIME_WINDOW_COMPACTION}


class SensorDay(Document):
    """The days that hold a sensor's readings, newest first: "older" goes straight to the
    previous day with readings instead of probing empty ones (Q5). Same TTL as the readings:
    each reading rewrites its day's row, so the row outlives the day's last reading."""

    sensor_id: Annotated[str, PrimaryKey()]
    day: Annotated[str, ClusteringKey(order="DESC")]

    class Settings:
        name = "sensor_days"
        __default_ttl__ = RETENTION_DAYS * DAY_S


class HourlyRollup(Document):
    """Min, max, mean and count of one sensor's hour, computed from that hour's raw readings
    (Q6). Kept longer than the readings: a year of hours is 8,760 small rows a sensor."""

    sensor_id: Annotated[str, PrimaryKey(partition_key_index=0)]
    day: Annotated[str, PrimaryKey(partition_key_index=1)]
    hour: Annotated[datetime, ClusteringKey(order="DESC")]
    min: Annotated[float, Double()]
    max: Annotated[float, Double()]
    mean: Annotated[float, Double()]
    count: int

    class Settings:
        name = "hourly_rollups"
        __default_ttl__ = ROLLUP_RETENTION_DAYS * DAY_S


# In the order they are created at start-up.
MODELS = [Sensor, Reading, SensorDay, HourlyRollup]
