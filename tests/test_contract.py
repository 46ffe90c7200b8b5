"""The demo contract: every demo reads the same way (fast tier, no database).

Someone new finds any demo's data model in a minute and changes a query in five because
every demo keeps these rules:

1. Models first. `<package>/models.py` lists its coodie models in MODELS; every model names
   its table (`class Settings: name = ...`); the module docstring holds the query table, one
   entry per query the pages make: `Qn  the query  table  key`, continuation lines indented
   under it. Each entry names a table of MODELS and its key (`PRIMARY KEY (...)`, or the index
   it reads through), and every table of MODELS answers at least one entry.
2. Data access lives in `<package>/queries.py`. Outside models.py, queries.py, seeding.py and
   kit/, no module of the project (tests aside) imports coodie or the driver's modules that
   send statements (cassandra.cluster, .query, .concurrent), calls `.execute()`, imports the
   models module whole, or calls a method on a model class it imports from models.py
   (`Product.find(...)`; building a row, `Product(...)`, is fine). At run time every test of
   every project checks where the CQL it causes is sent from (kit/testing.py, `cql_origins`).
3. README.md has the sections of README_SECTIONS, in that order, each once (a demo's own
   sections may sit between them). Its "Data model" section has DATA_MODEL_PARTS in order:
   the query table, why the keys are what they are, then the CREATE statements coodie
   generates in ```cql blocks (compaction, TTL and the like may follow). No CREATE statement
   appears anywhere else. That those statements are coodie's, today, needs the database:
   templates/_shared/common/tests/test_contract.py.jinja, in every project.
4. A demo's own questions (templates/<demo>/questions.yml) are named `<package>_...`, asked
   only for their demo, and never reuse a name of copier.yml or of another demo: copier merges
   questions of the same name silently, and which one wins depends on file order.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from harness import DEMO_IDS, DEMOS, ROOT

README_SECTIONS = [
    "What you will learn",  # what the demo teaches, in a few bullets
    "Quick start",  # shared: templates/_shared/readme/quickstart.md.jinja
    "Where things are",  # a table: file -> what it holds
    "Try it",  # pages to open, requests to send
    "Data model",  # DATA_MODEL_PARTS
    "Where to change things",  # a table: what to change -> where
    "Seed data",  # seed.py, the feeds
    "Tests",  # shared opening: templates/_shared/readme/tests.md.jinja
    "The database",  # shared: templates/_shared/readme/database.md.jinja
    "Clean up",  # shared, with the update recipe: templates/_shared/readme/cleanup.md.jinja
]
DATA_MODEL_PARTS = ["The queries", "Why these keys", "The CQL coodie generates"]
DATA_MODULES = {"models.py", "queries.py", "seeding.py"}
SENDING_MODULES = ("coodie", "cassandra.cluster", "cassandra.query", "cassandra.concurrent")
QUERY_ENTRY = re.compile(r"^(\s*)(Q\d+[a-z]?)\s+(.*)$")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


# Each rule is an assert_... function of a rendered project (and its package), so that
# tests/test_cli_demo.py holds its fixture demo, which no registry here lists, to the same.


# ---------------------------------------------------------------- 1. models first
def models_module(project: Path, package: str) -> ast.Module:
    return ast.parse((project / package / "models.py").read_text())


def table_names(tree: ast.Module) -> dict[str, str]:
    """Model class -> the table it names in its Settings (only classes that name one)."""
    tables = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for inner in node.body:
            if isinstance(inner, ast.ClassDef) and inner.name == "Settings":
                for stmt in inner.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and [getattr(t, "id", None) for t in stmt.targets] == ["name"]
                        and isinstance(stmt.value, ast.Constant)
                    ):
                        tables[node.name] = stmt.value.value
    return tables


def models_listed(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["MODELS"]:
            return [elt.id for elt in node.value.elts] if isinstance(node.value, ast.List) else []
    return None


def query_entries(docstring: str) -> dict[str, str]:
    """'Q1' -> the entry's text (continuation lines joined): the docstring's first block of lines
    that starts with a `Qn` entry, up to the blank line that ends it."""
    entries: dict[str, str] = {}
    current, indent = None, 0
    for line in docstring.splitlines():
        match = QUERY_ENTRY.match(line)
        if match:
            current, indent = match[2], len(match[1])
            entries[current] = match[3]
        elif current and line.strip() and len(line) - len(line.lstrip()) > indent:
            entries[current] += " " + line.strip()
        elif entries and not line.strip():
            break
        else:
            current = None
    return entries


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_models_list_their_tables_and_the_queries_they_answer(rendered, demo):
    assert_models_list_their_tables_and_queries(rendered(demo), DEMOS[demo]["package"])


def assert_models_list_their_tables_and_queries(project: Path, package: str) -> None:
    tree = models_module(project, package)
    listed = models_listed(tree)
    assert listed, "models.py has no MODELS = [...] listing its coodie models"
    tables = table_names(tree)
    unnamed = [name for name in listed if name not in tables]
    assert not unnamed, f"models.py: {unnamed} name no table (class Settings: name = '...')"
    entries = query_entries(ast.get_docstring(tree) or "")
    assert entries, "models.py's docstring has no query table (lines `Q1  the query  table  key`)"
    words = {q: set(re.findall(r"[a-z_][a-z0-9_]*", text)) for q, text in entries.items()}
    for q, text in entries.items():
        named = [table for table in tables.values() if table in words[q]]
        assert named, f"models.py, {q}: names no table of MODELS: {text!r}"
        assert "PRIMARY KEY" in text or "index" in text, f"models.py, {q}: names no key: {text!r}"
    idle = [
        table
        for name, table in tables.items()
        if name in listed and not any(table in w for w in words.values())
    ]
    assert not idle, f"models.py: no query in the docstring's table reads {idle}"


# ---------------------------------------------------------------- 2. data access in queries.py
def project_modules(project: Path, package_name: str) -> list[Path]:
    """The project's Python files that are not tests, not the kit, not a data module."""
    package = project / package_name
    found = []
    for path in sorted(project.rglob("*.py")):
        rel = path.relative_to(project)
        if rel.parts[0] in {"tests", ".venv"} or path.is_relative_to(package / "kit"):
            continue
        if path.parent == package and path.name in DATA_MODULES:
            continue
        found.append(path)
    return found


def imported_models(tree: ast.Module, package: str, model_names: set[str]) -> set[str]:
    """The model classes a module imports from models.py, under the names it uses for them."""
    local = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or (node.module or "").split(".")[-1] != "models":
            continue
        if node.level or (node.module or "").startswith(package):
            local |= {alias.asname or alias.name for alias in node.names if alias.name in model_names}
    return local


def data_access(path: Path, package: str, model_names: set[str]) -> list[str]:
    """What in one module breaks rule 2, one line each."""
    tree = ast.parse(path.read_text())
    models = imported_models(tree, package, model_names)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
            whole = f"{package}.models" in names
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names = [base] + [f"{base}.{alias.name}" if base else alias.name for alias in node.names]
            whole = any(alias.name == "models" for alias in node.names) and (node.level or base == package)
        else:
            names, whole = [], False
        sending = [name for name in names if name.startswith(SENDING_MODULES)]
        if sending:
            problems.append(f"line {node.lineno}: imports {sending[0]}")
        if whole:
            problems.append(f"line {node.lineno}: imports the models module whole")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            if isinstance(target, ast.Name) and target.id in models:
                problems.append(f"line {node.lineno}: calls {target.id}.{node.func.attr}()")
            if node.func.attr in {"execute", "execute_async"}:
                problems.append(f"line {node.lineno}: calls .{node.func.attr}()")
    return sorted(problems, key=lambda problem: int(problem.split()[1].rstrip(":")))


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_data_access_lives_in_queries(rendered, demo):
    assert_data_access_lives_in_queries(rendered(demo), DEMOS[demo]["package"])


def assert_data_access_lives_in_queries(project: Path, package: str) -> None:
    assert (project / package / "queries.py").is_file(), f"{package}/queries.py is missing"
    model_names = set(table_names(models_module(project, package)))
    problems = [
        f"{path.relative_to(project)}: {problem}"
        for path in project_modules(project, package)
        for problem in data_access(path, package, model_names)
    ]
    assert not problems, "data access outside queries.py (move it into a function there):\n" + "\n".join(
        problems
    )


def test_the_data_access_rule_sees_what_it_forbids(tmp_path):
    """The static rule, on a module written to break it in each way it knows."""
    bad = tmp_path / "pages.py"
    bad.write_text(
        "from coodie.sync import BatchQuery\n"
        "from cassandra.cluster import Session\n"
        "from . import models\n"
        "from .models import Product, utcnow\n"
        "from .kit import db\n"
        "Product.find(category='x').all()\n"
        "Product(name='built, not sent')\n"
        "db.connect().execute('SELECT 1')\n"
        "utcnow()\n"
    )
    assert data_access(bad, "catalog", {"Product", "Review"}) == [
        "line 1: imports coodie.sync",
        "line 2: imports cassandra.cluster",
        "line 3: imports the models module whole",
        "line 6: calls Product.find()",
        "line 8: calls .execute()",
    ]


# ---------------------------------------------------------------- 3. the README
def outside_fences(text: str) -> str:
    """The README without its code blocks (a `## ` inside one is not a heading)."""
    return FENCE.sub("", text)


def headings(text: str, level: str) -> list[str]:
    return [
        line[len(level) + 1 :].strip()
        for line in outside_fences(text).splitlines()
        if line.startswith(f"{level} ")
    ]


def section(text: str, title: str) -> str:
    """The body of `## title`, up to the next `## ` heading (code blocks included)."""
    lines, inside, body = text.splitlines(), False, []
    fenced = False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            if inside:
                break
            inside = line[3:].strip() == title
            continue
        if inside:
            body.append(line)
    return "\n".join(body)


def in_order(found: list[str], wanted: list[str]) -> list[str]:
    return [title for title in found if title in wanted]


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_readme_sections_in_the_contracts_order(rendered, demo):
    assert_readme_sections_in_the_contracts_order(rendered(demo))


def assert_readme_sections_in_the_contracts_order(project: Path) -> None:
    text = (project / "README.md").read_text()
    assert text.startswith("# "), "README.md starts with the project's name as its title"
    found = headings(text, "##")
    assert in_order(found, README_SECTIONS) == README_SECTIONS, (
        f"README.md's sections: {found}\nthe contract's, in this order: {README_SECTIONS}"
    )
    data_model = section(text, "Data model")
    parts = headings(data_model, "###")
    assert in_order(parts, DATA_MODEL_PARTS) == DATA_MODEL_PARTS, (
        f"the Data model section's parts: {parts}\nthe contract's, in this order: {DATA_MODEL_PARTS}"
    )
    queries = section(data_model.replace("### ", "## "), "The queries")
    assert re.search(r"^\| *Q1 *\|", queries, re.MULTILINE), "'The queries' holds a table with a Q1 row"


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_create_statements_only_in_the_cql_section(rendered, demo):
    assert_create_statements_only_in_the_cql_section(rendered(demo))


def assert_create_statements_only_in_the_cql_section(project: Path) -> None:
    text = (project / "README.md").read_text()
    generated = section(section(text, "Data model").replace("### ", "## "), "The CQL coodie generates")
    shown = [code for lang, code in FENCE.findall(generated) if lang == "cql" and "CREATE " in code]
    assert shown, "'The CQL coodie generates' has no ```cql block with the CREATE statements"
    everywhere = [code for _, code in FENCE.findall(text) if re.search(r"^\s*CREATE ", code, re.MULTILINE)]
    assert len(everywhere) == len(shown), (
        "a CREATE statement outside 'The CQL coodie generates' ```cql blocks"
    )


# ---------------------------------------------------------------- 4. per-demo questions
def copier_question_names() -> set[str]:
    settings_and_questions = (ROOT / "copier.yml").read_text().split("\n---\n")[0]
    return {name for name in yaml.safe_load(settings_and_questions) if not name.startswith("_")}


def test_registry_packages_are_unique():
    packages = [meta["package"] for meta in DEMOS.values()]
    assert len(packages) == len(set(packages)), "two demos share a package (and so a question prefix)"


def test_a_demos_questions_carry_its_prefix_and_no_one_elses_name():
    shared = copier_question_names()
    seen: dict[str, str] = {}
    for demo in DEMO_IDS:
        questions = yaml.safe_load((ROOT / "templates" / demo / "questions.yml").read_text()) or {}
        prefix = f"{DEMOS[demo]['package']}_"
        for name, question in questions.items():
            where = f"templates/{demo}/questions.yml: {name}"
            assert name.startswith(prefix), f"{where}: a question of {demo} is named {prefix}..."
            assert name not in shared, f"{where}: copier.yml asks a question of that name"
            assert name not in seen, f"{where}: {seen.get(name)} asks a question of that name"
            assert question.get("when") == f"{{{{ demo == '{demo}' }}}}", f"{where}: when: must name {demo}"
            seen[name] = demo
    assert "catalog_page_size" in seen  # the rule is checked on at least one real question
