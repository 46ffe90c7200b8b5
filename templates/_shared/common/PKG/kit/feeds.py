"""Feed files as people really have them: read, checked in full, and blamed by file:line.

    .csv           a header row, then one row per record (Excel's "CSV UTF-8" included:
                   a byte-order mark and CRLF line ends are fine)
    .json          an array of objects
    .jsonl         one object per line (JSON Lines; .ndjson too)

The rules, the same in every demo:
- The file is UTF-8. Anything else (Excel's plain "CSV" is cp1252) is refused with the line of
  the first byte that is not UTF-8, rather than guessed at.
- CSV: every row has as many cells as the header. A short row is refused even when the cells it
  lacks are optional: leave an optional column's cell empty instead (an empty cell means "not
  given", so the column's default applies). A row with more cells is refused too. Quotes must
  pair up: a quote left open would swallow the rest of the file into one cell.
- A cell of more than 128 KiB is refused (no column of any demo holds that much).
- Every problem is one line, `file:line: ...`; `load_feed` raises FeedError with all of them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

SUFFIXES = (".csv", ".json", ".jsonl", ".ndjson")
MAX_CELL = 128 * 1024  # characters in one CSV cell: the csv module's own default limit
Record = tuple[int, dict[str, Any]]  # (the line the record starts on, its values)
Problem = tuple[int, str]  # (line, what is wrong there)


class FeedError(Exception):
    """A feed that cannot be imported; `problems` are lines of file:line: reason."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def load_feed(path: Path, row_model: type[BaseModel]) -> list[BaseModel]:
    """Every record of a feed file, validated with `row_model`; FeedError lists all the problems."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FeedError(
            [f"{path}:1: unknown feed type '{suffix or 'none'}': use a .csv, .json or .jsonl file"]
        )
    text = _text(path)
    if suffix == ".csv":
        records, problems = _csv_records(path, text, row_model)
    elif suffix == ".json":
        records, problems = _json_records(path, text), []
    else:
        records, problems = _jsonl_records(text)
    rows = []
    for line, record in records:
        try:
            rows.append(row_model.model_validate(record))
        except ValidationError as exc:
            for err in exc.errors():
                column = ".".join(str(part) for part in err["loc"]) or "(row)"
                problems.append((line, f"column '{column}': {err['msg']}"))
    if problems:  # in the order of the file (a stable sort keeps each line's own order)
        raise FeedError([f"{path}:{line}: {reason}" for line, reason in sorted(problems, key=lambda p: p[0])])
    if not rows:
        raise FeedError([f"{path}:{_last_line(text)}: the feed holds no rows"])
    return rows


def _last_line(text: str) -> int:
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def _text(path: Path) -> str:
    """The file as text: UTF-8, with or without a byte-order mark."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FeedError([f'{path}:1: UTF-16 text (Excel\'s "Unicode Text"): save it as CSV UTF-8 instead'])
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise FeedError([f"{path}:1: the file is empty"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FeedError(
            [
                f'{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}): save it as "CSV UTF-8", '
                "or convert it, e.g. `iconv -f cp1252 -t utf-8`"
            ]
        ) from None


# ---------------------------------------------------------------- CSV
def _csv_records(path: Path, text: str, row_model: type[BaseModel]) -> tuple[list[Record], list[Problem]]:
    rows = csv_rows(path, io.StringIO(text, newline=""))
    header_line, header = next(rows, (1, []))
    columns = [name.strip() for name in header]
    problems = _header_problems(header_line, columns, row_model)
    if problems:
        return [], problems
    records = []
    for line, cells in rows:
        if len(cells) < len(columns):
            problems.append(
                (
                    line,
                    f"{len(cells)} cells, the header has {len(columns)}: a short row is refused "
                    "(leave an optional column's cell empty)",
                )
            )
        elif len(cells) > len(columns):
            problems.append((line, f"{len(cells)} cells, more than the {len(columns)} of the header"))
        else:
            # An empty cell means "not given": the model's default applies.
            records.append((line, {k: v for k, v in zip(columns, cells, strict=True) if v != ""}))
    return records, problems


def csv_rows(path: Path, lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """(the line a row starts on, its cells), blank lines skipped; quoting is checked strictly.
    `lines` may be a whole text (io.StringIO) or a file read a line at a time (a big import)."""
    reader = csv.reader(lines, strict=True)
    csv.field_size_limit(MAX_CELL)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FeedError([f"{path}:{start}: {_csv_reason(str(exc))}"]) from None
        if cells:
            yield start, cells
        start = reader.line_num + 1


def _csv_reason(message: str) -> str:
    if "field limit" in message:
        return f"a cell longer than {MAX_CELL:,} characters (is a closing quote missing?)"
    if "unexpected end of data" in message:
        return "a quote opened in this row is never closed (it would take in the rest of the file)"
    if "expected after" in message:
        return 'a quoted cell goes on after its closing quote (write a quote inside quotes as "")'
    return f"not valid CSV: {message}"


def _header_problems(line: int, columns: list[str], row_model: type[BaseModel]) -> list[Problem]:
    """The header names each column once, and only columns the feed's rows have."""
    known = list(row_model.model_fields)
    if len(columns) == 1 and ";" in columns[0]:
        return [(line, "the header is one column: is the file separated by ';' instead of ','?")]
    problems = []
    for number, name in enumerate(columns, start=1):
        if not name:
            problems.append((line, f"column {number} of the header has no name"))
        elif columns.index(name) != number - 1:
            problems.append((line, f"column '{name}' appears twice in the header"))
        elif name not in known:
            problems.append((line, f"unknown column '{name}' (the columns are: {', '.join(known)})"))
    required = [name for name, info in row_model.model_fields.items() if info.is_required()]
    problems += [(line, f"the header has no column '{name}'") for name in required if name not in columns]
    return problems


# ---------------------------------------------------------------- JSON and JSON Lines
def _json_records(path: Path, text: str) -> list[Record]:
    """An array of objects, each with the line it starts on."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError([f"{path}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"]) from None
    decoder, lines = json.JSONDecoder(), _LineCounter(text)
    pos = _skip_ws(text, 0)
    if not text.startswith("[", pos):
        raise FeedError(
            [f"{path}:{lines.at(pos)}: expected an array of objects, got {_kind(json.loads(text))}"]
        )
    pos, records = _skip_ws(text, pos + 1), []
    while not text.startswith("]", pos):
        value, end = decoder.raw_decode(text, pos)
        if not isinstance(value, dict):
            raise FeedError([f"{path}:{lines.at(pos)}: expected an object, got {_kind(value)}"])
        records.append((lines.at(pos), value))
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
    return records


def _jsonl_records(text: str) -> tuple[list[Record], list[Problem]]:
    """One object per line; blank lines are skipped; every bad line is a problem."""
    records, problems = [], []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append((line, f"not valid JSON: {exc.msg} (column {exc.colno})"))
            continue
        if isinstance(value, dict):
            records.append((line, value))
        else:
            problems.append((line, f"expected an object, got {_kind(value)}"))
    return records, problems


def _kind(value: Any) -> str:
    """A JSON value's kind, as JSON names it."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return "a number"


class _LineCounter:
    """Line numbers of increasing offsets, counting each newline once (big feeds stay linear)."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 1

    def at(self, pos: int) -> int:
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos
