"""The telemetry seed's own checks (the contract every demo keeps is in test_seed_contract.py)."""

import pytest

# feed, sensors, readings, sensor days, hourly rollups
FEEDS = [("examples/readings.csv", 3, 24, 9, 24), ("examples/readings.json", 1, 6, 2, 2)]


@pytest.mark.parametrize("feed, sensors, readings, days, rollups", FEEDS)
def test_example_feeds_hold_what_they_say(run_seed, count_rows, feed, sensors, readings, days, rollups):
    result = run_seed("--feed", feed, "--reset")
    assert result.returncode == 0, result.stderr
    counts = [count_rows(t) for t in ("sensors", "readings", "sensor_days", "hourly_rollups")]
    assert counts == [sensors, readings, days, rollups]


def test_fake_readings_span_three_days(run_seed, cql):
    assert run_seed("--count", "200", "--seed", "5", "--reset").returncode == 0
    days = {row.day for row in cql("SELECT day FROM {ks}.sensor_days")}
    assert len(days) == 3
