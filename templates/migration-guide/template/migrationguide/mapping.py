"""The API mapping (cqlengine call -> coodie call), read from the code that runs: queries.PAIRS.

Each row is the body of the two functions of a pair, as the source has it: what the tests
execute is what the page and the README show.
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass

from . import queries


@dataclass(frozen=True)
class MappingRow:
    operation: str
    what: str
    cqlengine: str
    coodie: str


def body(function) -> str:
    """A function's body, dedented: the lines after its `def` line."""
    lines = inspect.getsource(function).splitlines()
    start = next(i for i, line in enumerate(lines) if line.rstrip().endswith(":")) + 1
    code = textwrap.dedent("\n".join(lines[start:]))
    return code.removeprefix("return ").replace("\nreturn ", "\n")


def rows() -> list[MappingRow]:
    return [MappingRow(op, what, body(left), body(right)) for op, what, left, right, _ in queries.PAIRS]


def markdown() -> str:
    """The mapping as a Markdown table (the README's, checked by tests/test_mapping.py)."""

    def cell(code: str) -> str:
        return "<br>".join(f"`{line}`" for line in code.splitlines() if line.strip())

    lines = ["| operation | cqlengine | coodie |", "|---|---|---|"]
    lines += [
        f"| {row.operation}: {row.what} | {cell(row.cqlengine)} | {cell(row.coodie)} |" for row in rows()
    ]
    return "\n".join(lines)
