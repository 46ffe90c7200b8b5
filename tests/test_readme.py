"""The root README says only what the repository keeps true.

No test count and no duration: those belong to each run's log. Every other figure it prints
(versions, defaults, ports, sizes) is read here from the file that decides it, and its tables
list what the registry, copier.yml and the Makefiles hold.
"""

from __future__ import annotations

import re

import yaml
from harness import DEMO_IDS, DEMOS, ROOT

README = (ROOT / "README.md").read_text()
ROOT_MAKEFILE = (ROOT / "Makefile").read_text()
PROJECT_MAKEFILE = (ROOT / "templates/_shared/common/Makefile.jinja").read_text()


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.MULTILINE | re.DOTALL)
    assert match, f"the README has no '## {title}' section"
    return match[1]


def phony(makefile: str) -> set[str]:
    return set(re.search(r"^\.PHONY: (.*)$", makefile, re.MULTILINE)[1].split())


def copier_settings() -> dict:
    return yaml.safe_load((ROOT / "copier.yml").read_text().split("\n---", 1)[0])


def test_no_test_count_and_no_duration():
    assert not re.search(r"\b\d+ (passed|failed|tests?)\b", README), "a test count goes stale: print none"
    durations = re.findall(
        r"\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten) (?:seconds|minutes|hours)\b",
        README,
    )
    assert not durations, f"durations belong to the run's log, not the README: {durations}"


def test_the_demo_table_lists_every_demo_with_its_screenshot():
    rows = re.findall(
        r"^\| `([a-z0-9-]+)` \| (.+) \| !\[([^]]*)\]\(([^)]+)\) \|$", section("The demos"), re.M
    )
    assert [row[0] for row in rows] == DEMO_IDS, "one row per registry demo, in the registry's order"
    for demo, _, alt, image in rows:
        assert alt == demo and image == f"docs/screenshots/{demo}.png", demo
        assert (ROOT / image).is_file(), f"{image} is missing (make screenshots)"


def test_every_make_target_it_names_exists_and_every_root_target_is_named():
    named = set(re.findall(r"(?:^|[`\s])make ([a-z][a-z-]*)", README, re.MULTILINE))
    unknown = named - phony(ROOT_MAKEFILE) - phony(PROJECT_MAKEFILE)
    assert not unknown, f"the README names make targets that no Makefile has: {sorted(unknown)}"
    unnamed = phony(ROOT_MAKEFILE) - named
    assert not unnamed, f"root make targets the README never mentions: {sorted(unnamed)}"
    # The generated projects' public interface, as the README lists it for a new project.
    assert {"db", "install", "seed", "run", "test"} <= phony(PROJECT_MAKEFILE)


def test_the_questions_table_is_copier_yml():
    settings = copier_settings()
    asked = [name for name, q in settings.items() if not name.startswith("_") and q.get("when") is not False]
    table = re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \|", section("Generate a demo with copier"), re.MULTILINE)
    assert [name for name, _ in table] == asked
    defaults = dict(table)
    ports = sorted(meta["port"] for meta in DEMOS.values())
    assert defaults["http_port"].strip() == f"per demo ({ports[0]}-{ports[-1]})"
    assert defaults["scylla_version"].strip() == f"`{settings['scylla_version']['default']}`"
    page_size = yaml.safe_load((ROOT / "templates/fastapi-catalog/questions.yml").read_text())[
        "catalog_page_size"
    ]
    assert f"1-100, default {page_size['default']})" in README


def test_versions_and_sizes_are_the_ones_in_use():
    minimum = str(copier_settings()["_min_copier_version"])
    assert f"# {minimum.removesuffix('.0')} or newer" in README
    assert f"with copier {minimum}" in README

    scylla = copier_settings()["scylla_version"]["default"]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["scylladb"]
    assert compose["image"] == f"scylladb/scylla:{scylla}"
    assert f"ScyllaDB {scylla}" in README
    assert f"`{compose['command']}`" in README

    cassandra_sh = (ROOT / "tools/cassandra/cassandra.sh").read_text()
    cassandra = re.search(r'^VERSION="\$\{CASSANDRA_VERSION:-([0-9.]+)\}"', cassandra_sh, re.MULTILINE)[1]
    assert f"Apache Cassandra {cassandra}" in README
    assert "(67 MB)" in README and "about 67 MB" in cassandra_sh  # the size the fetch announces
    cluster_heap = re.search(r'HEAP="\$\{CASSANDRA_HEAP:-(\d+)M\}"; fi', cassandra_sh)[1]
    assert f"{cluster_heap} MiB heap each" in README

    htmx = (ROOT / "templates/_shared/web/PKG/static/htmx.min.js").read_text()
    htmx_version = re.search(r'version:"([0-9.]+)"', htmx)[1]
    assert f"htmx.org {htmx_version}" in README

    for variable, default in re.findall(r"^export (SCYLLA_\w+) \?= (\S+)$", ROOT_MAKEFILE, re.MULTILINE):
        assert f"| `{variable}` |" in README and f"| `{default}` |" in README, variable


def test_make_demo_says_what_it_does():
    demo = re.search(r"^DEMO \?= (\S+)$", ROOT_MAKEFILE, re.MULTILINE)[1]
    meta = DEMOS[demo]
    assert meta["run"].startswith("uvicorn ")
    assert f"`Uvicorn running on http://127.0.0.1:{meta['port']}`" in README
    count = re.search(r"seed\.py --count (\d+)", PROJECT_MAKEFILE)[1]
    assert f"seeds {count} rows" in README
    assert "install seed run" in ROOT_MAKEFILE  # make demo: the generated project's own targets


def test_no_test_skips_as_the_readme_promises():
    """'no test here skips': no skip or xfail in this repository's tests or the demos'."""
    files = [*ROOT.glob("tests/**/*.py"), *ROOT.glob("templates/**/tests/*.py*")]
    skipping = re.compile(r"pytest\.(skip|xfail|importorskip)\(|mark\.(skip|skipif|xfail)\b")
    found = [
        str(p.relative_to(ROOT))
        for p in files
        if p.name != "test_readme.py" and skipping.search(p.read_text())
    ]
    assert not found, f"tests that skip: {found}"
    assert "no test here skips" in README


def test_the_benchmark_section_states_the_benchmarks_own_count_and_targets():
    """The count and the targets the README gives are the ones tools/benchmark_seed.py uses."""
    text = section("Benchmark")
    tool = (ROOT / "tools" / "benchmark_seed.py").read_text()
    count = re.search(r'"--count", type=int, default=(\d+)\)', tool)[1]
    assert f"`seed.py --count {count}`" in text
    targets = {
        (other, condition): f"{float(value):g}x"
        for other, condition, value in re.findall(
            r'\("(\w+)", "(\w+)"\): ([\d.]+)', tool.split("TARGETS = ", 1)[1].split("\n")[0]
        )
    }
    assert targets[("raw", "quiet")] == targets[("raw", "loaded")]
    assert f"seed / raw at least {targets[('raw', 'quiet')]}" in " ".join(text.split())
    loop = f"seed / loop at least {targets[('loop', 'quiet')]} quiet and {targets[('loop', 'loaded')]} loaded"
    assert loop in " ".join(text.split())
