"""The simulator's bulk mode: batches that never span partitions, every reading stored, and its
speed beside one awaited insert at a time (printed, not asserted: speed is shown by ratios)."""

import random

import pytest

from telemetry import queries, simulator
from telemetry.schemas import ReadingIn
from telemetry.simulate import ingest_line


def test_bulk_batches_never_span_partitions(run, count_rows, monkeypatch):
    batches = []
    real = queries.insert_partition

    async def spy(rows):  # records what each batch holds, then sends it for real
        batches.append({(row.sensor_id, row.day) for row in rows})
        await real(rows)

    monkeypatch.setattr(queries, "insert_partition", spy)
    before = count_rows("readings")
    speed, outcome = run(simulator.bulk(1_000, random.Random(2)))
    assert outcome.failed == 0 and speed.readings == 1_000
    assert count_rows("readings") == before + 1_000
    assert batches and all(len(partitions) == 1 for partitions in batches)


def test_a_batch_of_two_partitions_is_refused(run):
    readings = [ReadingIn(sensor_id=s, kind="temperature", value=1.0) for s in ("a-sensor", "b-sensor")]
    with pytest.raises(ValueError, match="one partition"):
        run(queries.insert_partition([queries.reading_row(r) for r in readings]))


def test_ingest_speed_figures(run, figures):
    """One run: the baseline, then bulk. The ratio goes to the summary (and to `make benchmark`)."""
    rng = random.Random(4)
    single = run(simulator.one_at_a_time(300, rng))
    fast, outcome = run(simulator.bulk(3_000, rng))
    assert outcome.failed == 0 and fast.readings == 3_000 and single.readings == 300
    figures.append("ingest: " + ingest_line(single, fast))


def test_the_paced_mode_never_runs_ahead_of_its_rate(run, count_rows):
    """--rate 20 --seconds 2: at every tick at most 20 readings a second so far, all 40 stored,
    and the last ones sent no sooner than 2 s in (a lower bound the pacing guarantees)."""
    before = count_rows("readings")
    paced = simulator.Run(rate=20, seconds=2)
    ticks: list[tuple[float, int]] = []

    def seen(_count: int) -> None:
        ticks.append((paced.elapsed, paced.sent))

    run(simulator.simulate(paced, random.Random(5), on_tick=seen))
    assert all(sent <= 20 * elapsed for elapsed, sent in ticks), ticks
    assert paced.stored == 40 and paced.failed == 0 and ticks[-1][0] >= 2.0
    assert count_rows("readings") == before + 40
