"""The API mapping is code that runs: each pair, cqlengine's and coodie's, on two copies of the
same rows, has the same outcome; the README's table is the one built from that code."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import uuid1, uuid4

import pytest

from migrationguide import mapping, queries, verifying
from migrationguide.cqlengine_models import PackageVersionUDT
from migrationguide.kit.testing import PROJECT


def run_fields(test_id: str, run_id, number: int) -> dict:
    started = datetime(2026, 2, 1, 10, 0, number)
    return {
        "test_id": test_id,
        "run_id": run_id,
        "test_name": "Mapping probe",
        "status": "passed",
        "build_number": number,
        "heartbeat": 2**33,
        "started_at": started,
        "duration": 12.25,
        "investigated": False,
        "cost": Decimal("1.50"),
        "assignee": None,
        "packages": [{"name": "scylla", "version": "2026.1.0", "built_at": started}],
        "tags": {"probe"},
        "links": {"log": "https://logs.example.com/1"},
    }


def as_given(hand: str, run: dict) -> dict:
    """A run's fields as each mapper takes them: cqlengine wants its UDT objects (coodie takes dicts)."""
    if hand == "cqlengine":
        return run | {"packages": [PackageVersionUDT(**package) for package in run["packages"]]}
    return run


def comparable(rows: list[dict]) -> list[dict]:
    """Rows without their partition, values as verify compares them."""
    return [
        {k: verifying.empty_as_none(verifying.plain(v)) for k, v in row.items() if k != "test_id"}
        for row in rows
    ]


def outcome(value) -> object:
    """What a pair's call returned, as comparable across the mappers (a row is its columns)."""
    if isinstance(value, list):
        return comparable([queries_row(item) for item in value])
    if hasattr(value, "model_dump") or hasattr(value, "keys"):
        return comparable([queries_row(value)])
    return value


def queries_row(item) -> dict:
    """A returned row's columns: attributes as they are (an unvalidated coodie row's UDT is a
    driver object, which model_dump() would turn into a bare tuple)."""
    names = type(item).model_fields if hasattr(item, "model_dump") else item.keys()
    return {name: getattr(item, name) for name in names}


@pytest.mark.parametrize("pair", queries.PAIRS, ids=[p[0] for p in queries.PAIRS])
def test_both_calls_of_a_pair_do_the_same(hands, pair):
    operation, _, left, right, compared = pair
    suffix = uuid4().hex[:8]
    partitions = {"cqlengine": f"map-l-{suffix}", "coodie": f"map-r-{suffix}"}
    existing = [uuid1() for _ in range(3)]
    fresh = uuid1()
    for test_id in partitions.values():  # the same rows in both partitions, written by coodie
        queries.write_runs_with_coodie([run_fields(test_id, run_id, n) for n, run_id in enumerate(existing)])
    results = {}
    for hand, call in (("cqlengine", left), ("coodie", right)):
        test_id = partitions[hand]
        target = existing[0] if operation != "create" and operation != "batch" else fresh
        if operation == "if not exists":
            results[hand] = (
                call(test_id, existing[0], as_given(hand, run_fields(test_id, existing[0], 0))),
                call(test_id, fresh, as_given(hand, run_fields(test_id, fresh, 9))),
            )
        else:
            results[hand] = call(test_id, target, as_given(hand, run_fields(test_id, target, 9)))
    try:
        if compared == "result":
            assert outcome(results["cqlengine"]) == outcome(results["coodie"])
        reads = {
            hand: comparable(queries.read_with_coodie("test_runs", test_id=t))
            for hand, t in partitions.items()
        }
        assert reads["cqlengine"] == reads["coodie"]
        counts = {
            hand: comparable(queries.read_with_cqlengine("run_counts", test_id=t))
            for hand, t in partitions.items()
        }
        assert counts["cqlengine"] == counts["coodie"]
        if compared == "counts":
            assert counts["coodie"] == [{"passed": 1, "failed": 0}]
    finally:
        for test_id in partitions.values():
            queries.forget(test_id)


def test_the_if_not_exists_pair_reports_the_conflict_the_same(hands):
    test_id = f"lwt-{uuid4().hex[:8]}"
    run_id = uuid1()
    try:
        assert queries.coodie_create_if_not_exists(test_id, run_id, run_fields(test_id, run_id, 1)) is True
        assert (
            queries.cqlengine_create_if_not_exists(
                test_id, run_id, as_given("cqlengine", run_fields(test_id, run_id, 1))
            )
            is False
        )
        assert queries.coodie_create_if_not_exists(test_id, run_id, run_fields(test_id, run_id, 1)) is False
    finally:
        queries.forget(test_id)


def test_the_readme_shows_the_mapping_built_from_the_code():
    table = mapping.markdown()
    assert len(mapping.rows()) == len(queries.PAIRS)
    assert "`RunModel.objects.get(test_id=test_id, run_id=run_id)`" in table
    assert "`Run.get(test_id=test_id, run_id=run_id)`" in table
    assert table in (PROJECT / "README.md").read_text(encoding="utf-8")
