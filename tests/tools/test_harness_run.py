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
