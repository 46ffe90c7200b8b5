"""The pitfalls met on the way from cqlengine to coodie 1.9.3, each with the line that handles it.

A pitfall's line is marked in the code with `# pitfall: <key>`; `lines()` finds it, so the
page and the README show the line as it is today (tests/test_pitfalls.py requires every key
to mark exactly one line, and proves each pitfall against the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Pitfall:
    key: str
    title: str
    what: str


PITFALLS = [
    Pitfall(
        "shared-udt-class",
        "UDT values reach coodie as driver objects, which .validate() refuses",
        "coodie 1.9.3 hydrates rows without validation, so a list<frozen<package_version>> holds "
        "the driver's namedtuples (or cqlengine's UserType class, when cqlengine registered it on "
        "the same cluster); `.validate()` then fails. coodie's UDT model reads any object's fields first.",
    ),
    Pitfall(
        "cqlengine-row-factory",
        "cqlengine turns its cluster's rows into dicts",
        "`connection.set_session` refuses a session whose default row factory is not dict_factory, "
        "and sets it cluster-wide: shared with coodie's session, every other reader (the kit, "
        "raw CQL) would get dicts. cqlengine gets a session of its own, same nodes, same keyspace.",
    ),
    Pitfall(
        "no-session-keyspace",
        "cqlengine needs a default keyspace the session does not have",
        "coodie names the keyspace in every statement, so a session needs none; cqlengine takes "
        "its default from `session.keyspace` and registers its UDT under it. Set "
        "`models.DEFAULT_KEYSPACE` before `set_session`.",
    ),
    Pitfall(
        "dry-run-lists-create",
        "sync_table(dry_run=True) lists CREATE TABLE even when the table exists",
        "coodie 1.9.3's dry run always starts with its idempotent `CREATE TABLE IF NOT EXISTS`: "
        "an empty plan is one with nothing else in it.",
    ),
    Pitfall(
        "sync-table-ignores-types",
        "sync_table never notices a column of another type",
        "It only adds missing columns: a model that says `float` where the table has `double` "
        "plans nothing. The guide compares kind, type and order with system_schema itself.",
    ),
    Pitfall(
        "float-is-32-bit",
        "a Python float is a CQL float (32 bits); cqlengine's Double is a double",
        "`duration: float` would plan a `float` column and lose digits; `Annotated[float, Double()]` "
        "keeps cqlengine's `double`.",
    ),
    Pitfall(
        "lwt-raises-vs-returns",
        "a failed IF NOT EXISTS raises in cqlengine, returns in coodie",
        "cqlengine raises LWTException; coodie's insert() returns LWTResult(applied=False, existing=...). "
        "Code that caught the exception must read `.applied` instead.",
    ),
    Pitfall(
        "counter-null",
        "a counter never added to reads back null in coodie, 0 in cqlengine",
        "A counts row whose `failed` was never touched has no value: cqlengine's Counter column "
        "gives 0, coodie's `.validate()` refuses None for an `int`. The model drops nulls so "
        "the default 0 stands in.",
    ),
    Pitfall(
        "timestamp-milliseconds",
        "a timestamp keeps milliseconds, through either mapper",
        "Microseconds written are not read back: compare and generate timestamps at millisecond precision.",
    ),
]


@dataclass(frozen=True)
class Handled:
    pitfall: Pitfall
    path: str  # relative to the project
    number: int
    line: str


def lines() -> list[Handled]:
    """Each pitfall with the line that handles it (its `# pitfall: <key>` marker)."""
    marked: dict[str, list[tuple[str, int, str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "pitfalls.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "# pitfall: " in line:
                key = line.split("# pitfall: ", 1)[1].strip()
                where = str(path.relative_to(PACKAGE.parent))
                marked.setdefault(key, []).append((where, number, line.split("  # pitfall: ")[0].strip()))
    handled = []
    for pitfall in PITFALLS:
        places = marked.get(pitfall.key, [])
        if len(places) != 1:
            raise LookupError(f"pitfall {pitfall.key}: marked on {len(places)} lines, not one")
        handled.append(Handled(pitfall, *places[0]))
    return handled
