"""The harness runs each command as a user types it in a fresh shell."""

from harness import run


def test_a_make_run_under_make_test_prints_what_a_users_make_prints(tmp_path, monkeypatch):
    """`make test` starts pytest with MAKELEVEL and MAKEFLAGS set; a `make` the harness runs
    must not inherit them, or its last line is "make[2]: Leaving directory ..." (a test that
    reads a command's last line, like the CLI demo's, then fails only under `make test`)."""
    (tmp_path / "Makefile").write_text("hello:\n\t@echo hello\n")
    monkeypatch.setenv("MAKELEVEL", "1")
    monkeypatch.setenv("MAKEFLAGS", "w")
    assert run(["make", "hello"], tmp_path).stdout == "hello\n"


def test_make_test_keeps_a_demos_tests_on_one_worker_and_each_other_file_on_one():
    """`make test`'s two workers: a demo's matrix and browser tests share its build, and a
    file's module fixtures (an own node, a cluster) must not start twice at once."""
    from harness import group_of

    assert (
        group_of("tests/test_demos.py::test_seed_feeds_and_own_tests[flask-blog]")
        == group_of("tests/test_demos.py::test_lint_and_format_leave_git_clean[flask-blog]")
        == group_of("tests/test_browser.py::test_browser_flows[flask-blog]")
        == "flask-blog"
    )
    assert group_of("tests/test_demos.py::test_seed_feeds_and_own_tests[ttl-sessions]") == "ttl-sessions"
    outage = {group_of(f"tests/test_outage.py::test_{name}") for name in ("hung", "quorum", "outage")}
    assert outage == {"tests/test_outage.py"}
    assert group_of("tests/test_update.py::test_update_keeps_user_edits_and_the_demo[flask-blog]") == (
        "tests/test_update.py"
    )
