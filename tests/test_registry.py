"""The demo registry, the folders under templates/, the include stubs and the locks agree."""

import ast
import re
import subprocess
import sys

from harness import DEMO_IDS, DEMOS, ROOT


def test_every_demo_folder_is_a_choice_and_every_choice_a_folder():
    folders = sorted(
        p.name for p in (ROOT / "templates").iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
    )
    assert folders == sorted(DEMO_IDS)
    for demo in DEMO_IDS:
        assert (ROOT / "templates" / demo / "template").is_dir(), demo
        # The registry decides: a demo with pages has browser steps, a CLI demo has none.
        has_flows = (ROOT / "templates" / demo / "browser.py").is_file()
        assert has_flows == DEMOS[demo]["pages"], (
            f"{demo}: pages={DEMOS[demo]['pages']}, browser.py {has_flows}"
        )


def test_released_ids_are_never_removed():
    released = [
        line.strip()
        for line in (ROOT / "tests" / "released-demos.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert released, "the released list is empty"
    missing = [demo for demo in released if demo not in DEMOS]
    assert not missing, f"released demo ids removed or renamed: {missing}"


def test_registry_entries_are_complete():
    keys = {
        "title",
        "summary",
        "keyspace",
        "accent",
        "framework",
        "package",
        "port",
        "run",
        "deps",
        "dev_deps",
        "pages",
        "needs",
    }
    for demo, meta in DEMOS.items():
        assert keys <= set(meta), f"{demo} lacks {keys - set(meta)}"
        assert meta["accent"].startswith("#") and len(meta["accent"]) == 7, demo
        assert meta["framework"] in {"fastapi", "flask", "django", "cli"}, demo
        assert meta["pages"] in (True, False), demo
        assert meta["pages"] or meta["framework"] == "cli", f"{demo}: only a cli demo may have no pages"


def _proved_features() -> dict[str, list[str]]:
    """feature -> the tests/server tests marked @pytest.mark.proves("feature")."""
    proved: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests" / "server").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "proves":
                    for arg in deco.args:
                        proved.setdefault(arg.value, []).append(f"{path.name}::{node.name}")
    return proved


def test_every_database_need_is_proved_by_the_server_suite():
    """A demo's `needs` are server features that tests/server checks on the server in use, so
    that pointing the projects at another cluster tells first whether it can run them."""
    proved = _proved_features()
    for demo, meta in DEMOS.items():
        unproved = [need for need in meta["needs"] if need not in proved]
        assert not unproved, f"{demo} needs {unproved}, which no tests/server test proves"


def test_every_dependency_caps_its_major():
    """A project generated in six months installs what was tested: no open-ended requirement."""
    from harness import registry_module

    module = registry_module()
    specs = module.BASE["deps"] + module.BASE["dev_deps"]
    for meta in [*module.FRAMEWORKS.values(), *DEMOS.values()]:
        specs += meta["deps"] + meta["dev_deps"]
    # The build backend too: `make install` builds the project in an isolated environment.
    for pyproject in ("pyproject.toml", "templates/_shared/common/pyproject.toml.jinja"):
        requires = re.search(r"^requires = \[(.*)\]$", (ROOT / pyproject).read_text(), re.MULTILINE)
        assert requires, f"{pyproject} has no [build-system] requires"
        specs += re.findall(r'"([^"]+)"', requires[1])
    for spec in specs:
        assert re.search(r"(<[0-9]|==[0-9])", spec), f"{spec!r} has no upper bound"


def test_locks_pin_every_package_the_registry_names():
    result = subprocess.run(
        [sys.executable, "tools/lock.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_projects_ruff_is_the_ruff_that_lints_here():
    """The harness lints rendered projects with this repository's ruff: the same version."""
    import importlib.metadata

    ours = importlib.metadata.version("ruff")
    for lock in sorted((ROOT / "templates" / "_shared").glob("*/requirements.lock")):
        pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", lock.read_text(), re.MULTILINE))
        assert pins.get("ruff") == ours, f"{lock.relative_to(ROOT)}: ruff {pins.get('ruff')}, here {ours}"


def test_shared_files_are_included_not_copied():
    result = subprocess.run(
        [sys.executable, "tools/stubs.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_template_lint_config_knows_every_demo_package():
    """templates/ruff.toml sorts imports as each generated project does: its package first-party."""
    import tomllib

    config = tomllib.loads((ROOT / "templates" / "ruff.toml").read_text())
    first_party = config["lint"]["isort"]["known-first-party"]
    assert sorted(first_party) == sorted(meta["package"] for meta in DEMOS.values())
