"""The demo registry, the folders under templates/, and the include stubs agree."""

import subprocess
import sys

from harness import DEMO_IDS, DEMOS, ROOT


def test_every_demo_folder_is_a_choice_and_every_choice_a_folder():
    folders = sorted(
        p.name for p in (ROOT / "templates").iterdir() if p.is_dir() and not p.name.startswith("_")
    )
    assert folders == sorted(DEMO_IDS)
    for demo in DEMO_IDS:
        assert (ROOT / "templates" / demo / "template").is_dir(), demo
        assert (ROOT / "templates" / demo / "browser.py").is_file(), f"{demo} has no browser steps"


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
    }
    for demo, meta in DEMOS.items():
        assert keys <= set(meta), f"{demo} lacks {keys - set(meta)}"
        assert meta["accent"].startswith("#") and len(meta["accent"]) == 7, demo


def test_shared_files_are_included_not_copied():
    result = subprocess.run(
        [sys.executable, "tools/stubs.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
