"""Each pitfall marks the one line that handles it, and the ones about data are shown real."""

from __future__ import annotations

from uuid import uuid1, uuid4

from migrationguide import pitfalls, queries
from migrationguide.kit.testing import PROJECT
from migrationguide.models import PackageVersion, Run, RunCounts


def test_every_pitfall_marks_exactly_one_line_and_the_readme_shows_it():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    handled = pitfalls.lines()  # raises when a key marks no line, or several
    assert [h.pitfall.key for h in handled] == [p.key for p in pitfalls.PITFALLS]
    for item in handled:
        source = (PROJECT / item.path).read_text(encoding="utf-8").splitlines()[item.number - 1]
        assert item.line in source and f"# pitfall: {item.pitfall.key}" in source
        assert item.pitfall.title in readme, item.pitfall.key
        assert item.line in readme, item.line


def test_a_udt_reaches_coodie_as_a_driver_object_and_the_model_reads_it(hands):
    test_id = f"udt-{uuid4().hex[:8]}"
    run = {
        "test_id": test_id,
        "run_id": uuid1(),
        "packages": [{"name": "scylla", "version": "1", "built_at": None}],
    }
    try:
        queries.write_runs_with_coodie([run])
        raw = queries.read_runs_unvalidated(test_id)
        assert not isinstance(raw[0].packages[0], (PackageVersion, dict))  # the driver's object
        read = queries.read_with_coodie("test_runs", test_id=test_id)
        assert read[0]["packages"] == [{"name": "scylla", "version": "1", "built_at": None}]
        assert PackageVersion.model_validate(raw[0].packages[0]).version == "1"
    finally:
        queries.forget(test_id)


def test_an_untouched_counter_reads_zero_through_both(hands):
    test_id = f"cnt-{uuid4().hex[:8]}"
    try:
        queries.count_run_with_cqlengine(f"{test_id}-x", "passed")
        left = queries.read_with_cqlengine("run_counts", test_id=f"{test_id}-x")
        right = queries.read_with_coodie("run_counts", test_id=f"{test_id}-x")
        assert left[0]["failed"] == 0 and right[0]["failed"] == 0
    finally:
        queries.forget(test_id)
        queries.forget(f"{test_id}-x")


def test_the_models_keep_cqlengines_types():
    assert dict(Run.__annotations__)  # the models import and build
    assert RunCounts.table_name() == "run_counts"
