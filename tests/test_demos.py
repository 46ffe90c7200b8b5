"""The matrix: each demo rendered, installed in its own virtualenv, seeded, fed, and tested.

All against the real database; phase timings appear in the "per-demo seconds" summary.
"""

import pytest
from harness import SELECTED, run, timed


@pytest.mark.parametrize("demo", SELECTED)
def test_seed_feeds_and_own_tests(built_demo, demo):
    built = built_demo(demo)  # rendered, installed, `seed.py --count 50` done
    feeds = sorted(p for p in (built.path / "examples").glob("*") if p.suffix in {".csv", ".json"})
    assert {p.suffix for p in feeds} == {".csv", ".json"}, "each demo ships a CSV and a JSON example feed"
    with timed(demo, "feeds"):
        for feed in feeds:
            result = run(
                [str(built.python), "seed.py", "--feed", str(feed.relative_to(built.path))],
                built.path,
                env=built.env(),
            )
            assert "rows/s" in result.stdout
    with timed(demo, "tests"):
        result = run(
            [str(built.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            built.path,
            env={"PYTEST_ADDOPTS": ""},
            timeout=1800,
        )
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
    print(f"{demo}: {summary}")


@pytest.mark.parametrize("demo", SELECTED)
def test_lint_and_format_leave_git_clean(built_demo, demo):
    """copier-uv's check, with the ruff the project installs: a rendered project is already
    formatted, and nothing that install, seed, the tests or lint write shows in `git status`."""
    built = built_demo(demo)
    run(["make", "format"], built.path)
    run(["make", "lint"], built.path)
    status = run(["git", "status", "--porcelain", "--untracked-files=all"], built.path).stdout
    assert status == "", f"files changed or not ignored after install, seed, tests and lint:\n{status}"
