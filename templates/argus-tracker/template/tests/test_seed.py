"""The fake tracker is a realistic one (the shared seed tests check its counts and agreement)."""

from __future__ import annotations


def test_a_fake_tracker_has_both_kinds_events_and_unread_mentions(run_seed, count_rows, agreement):
    result = run_seed("--count", "40", "--seed", "11", "--reset")
    assert result.returncode == 0, result.stderr
    assert count_rows("cluster_runs") > 0 and count_rows("driver_matrix_runs") > 0
    assert count_rows("cluster_runs") + count_rows("driver_matrix_runs") == 40 == count_rows("run_lookup")
    assert count_rows("run_events") >= 4 * 40  # every run brings 4 to 24 events
    assert count_rows("notifications") == count_rows("unread_notifications") > 0
    assert agreement() == []
