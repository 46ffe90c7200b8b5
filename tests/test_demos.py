"""The matrix: each demo rendered, installed in its own virtualenv, seeded, fed, and tested.

All against the real database; phase timings appear in the "per-demo seconds" summary. The
steps are harness.py's, so that tests/test_cli_demo.py does the same to its fixture demo.
"""

import pytest
from harness import SELECTED, check_feeds_and_own_tests, check_lint_and_format_leave_git_clean


@pytest.mark.parametrize("demo", SELECTED)
def test_seed_feeds_and_own_tests(built_demo, demo):
    built = built_demo(demo)  # rendered, installed, `seed.py --count 50` done
    print(f"{demo}: {check_feeds_and_own_tests(built)}")


@pytest.mark.parametrize("demo", SELECTED)
def test_lint_and_format_leave_git_clean(built_demo, demo):
    """copier-uv's check: see harness.check_lint_and_format_leave_git_clean."""
    check_lint_and_format_leave_git_clean(built_demo(demo))
