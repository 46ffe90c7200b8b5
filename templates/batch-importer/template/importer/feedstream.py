"""An order file read as a stream: a record at a time, never the whole file in memory.

The kit's feeds.py reads a seed's feed whole (a few thousand rows); an import file may hold
millions, so this reads the same three formats (.csv, .json, .jsonl) with the same rules and the
same words (feeds.py's header checks, CSV reasons and JSON kinds are reused), one record at a
time: CSV and JSON Lines a line at a time, a JSON array an object at a time.

`records(path)` yields (line, values) and (line, problem) items: a bad row is a problem and the
reading goes on, so every bad row is found in one pass. A problem that makes the rest of the
file unreadable (not UTF-8, an unclosed quote, broken JSON) is raised as FeedError and ends it.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .kit.feeds import SUFFIXES, FeedError, _header_problems, _kind, csv_rows

CHUNK = 64 * 1024  # bytes read at a time from a JSON array
MAX_OBJECT = 1024 * 1024  # characters one JSON object may take (an order takes about 200)
Item = tuple[int, dict[str, Any] | None, str | None]  # (line, the record's values, or a problem)


def check_suffix(path: Path) -> None:
    if path.suffix.lower() not in SUFFIXES:
        suffix = path.suffix.lower() or "none"
        raise FeedError([f"{path}:1: unknown feed type '{suffix}': use a .csv, .json or .jsonl file"])


def records(path: Path, row_model: type[BaseModel]) -> Iterator[Item]:
    """Every record of the file, in order, with the line it starts on; or a problem there."""
    check_suffix(path)
    suffix = path.suffix.lower()
    with path.open("rb") as raw:
        _check_start(path, raw)
        if suffix == ".csv":
            yield from _csv(path, _lines(path, raw), row_model)
        elif suffix == ".json":
            yield from _json_array(path, raw)
        else:
            yield from _jsonl(_lines(path, raw))


def validated(path: Path, row_model: type[BaseModel]) -> Iterator[tuple[int, BaseModel | None, list[str]]]:
    """(line, the row, []) for a good record, (line, None, problems) for a bad one: each problem
    is `file:line: column 'name': reason`, the kit's words."""
    seen = False
    for line, values, problem in records(path, row_model):
        seen = True
        if problem is not None:
            yield line, None, [f"{path}:{line}: {problem}"]
            continue
        try:
            yield line, row_model.model_validate(values), []
        except ValidationError as exc:
            found = []
            for err in exc.errors():
                column = ".".join(str(part) for part in err["loc"]) or "(row)"
                found.append(f"{path}:{line}: column '{column}': {err['msg']}")
            yield line, None, found
    if not seen:
        raise FeedError([f"{path}:1: the feed holds no rows"])


# ---------------------------------------------------------------- bytes to lines
def _check_start(path: Path, raw) -> None:
    head = raw.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FeedError([f'{path}:1: UTF-16 text (Excel\'s "Unicode Text"): save it as CSV UTF-8 instead'])
    rest = head + raw.read(CHUNK)
    if not rest.strip(b"\xef\xbb\xbf \t\r\n") and not raw.read(1).strip():
        raise FeedError([f"{path}:1: the file is empty"])
    raw.seek(0)


def _lines(path: Path, raw) -> Iterator[str]:
    """The file's lines as text (line ends kept), a byte-order mark dropped; bytes that are not
    UTF-8 end the reading with the line they are on."""
    for number, data in enumerate(raw, start=1):
        if number == 1:
            data = data.removeprefix(codecs.BOM_UTF8)
        try:
            yield data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FeedError(
                [
                    f"{path}:{number}: not UTF-8 text (byte 0x{data[exc.start]:02x}): "
                    'save it as "CSV UTF-8", or convert it, e.g. `iconv -f cp1252 -t utf-8`'
                ]
            ) from None


# ---------------------------------------------------------------- CSV
def _csv(path: Path, lines: Iterator[str], row_model: type[BaseModel]) -> Iterator[Item]:
    columns = None
    for start, cells in csv_rows(path, lines):
        if columns is None:
            columns = [name.strip() for name in cells]
            problems = _header_problems(start, columns, row_model)
            if problems:
                raise FeedError([f"{path}:{line}: {reason}" for line, reason in problems])
        elif len(cells) < len(columns):
            yield (
                start,
                None,
                f"{len(cells)} cells, the header has {len(columns)}: a short row is refused "
                "(leave an optional column's cell empty)",
            )
        elif len(cells) > len(columns):
            yield start, None, f"{len(cells)} cells, more than the {len(columns)} of the header"
        else:  # an empty cell means "not given": the model's default applies
            yield start, {k: v for k, v in zip(columns, cells, strict=True) if v != ""}, None


# ---------------------------------------------------------------- JSON Lines
def _jsonl(lines: Iterator[str]) -> Iterator[Item]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON: {exc.msg} (column {exc.colno})"
            continue
        if isinstance(value, dict):
            yield number, value, None
        else:
            yield number, None, f"expected an object, got {_kind(value)}"


# ---------------------------------------------------------------- a JSON array, an object at a time
class _Buffer:
    """The part of the file not parsed yet, read in chunks, with the line of its first character."""

    def __init__(self, raw):
        self.raw, self.text, self.pos, self.line, self.eof = raw, "", 0, 1, False
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def more(self) -> bool:
        """Read the next chunk; False at the end of the file."""
        if self.eof:
            return False
        data = self.raw.read(CHUNK)
        self.eof = not data
        self.text = self.text[self.pos :] + self.decoder.decode(data, final=self.eof)
        self.pos = 0
        return bool(data)

    def skip(self, chars: str) -> str | None:
        """Move past whitespace (and `chars`); the next character, None at the end."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n" + chars:
                if self.text[self.pos] == "\n":
                    self.line += 1
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return None

    def advance(self, end: int) -> None:
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end


def _json_array(path: Path, raw) -> Iterator[Item]:
    buf, decoder = _Buffer(raw), json.JSONDecoder()
    try:
        first = buf.skip("")
        if first != "[":
            value = _decode_one(path, buf, decoder)
            raise FeedError([f"{path}:{buf.line}: expected an array of objects, got {_kind(value)}"])
        buf.advance(buf.pos + 1)
        while True:
            nxt = buf.skip(",")
            if nxt is None:
                raise FeedError([f"{path}:{buf.line}: not valid JSON: the array is never closed"])
            if nxt == "]":
                if buf.skip("]") is not None:
                    raise FeedError([f"{path}:{buf.line}: not valid JSON: extra data after the array"])
                return
            line = buf.line
            value = _decode_one(path, buf, decoder)
            if isinstance(value, dict):
                yield line, value, None
            else:
                yield line, None, f"expected an object, got {_kind(value)}"
    except UnicodeDecodeError as exc:
        raise FeedError([f"{path}:{buf.line}: not UTF-8 text ({exc.reason})"]) from None


def _decode_one(path: Path, buf: _Buffer, decoder: json.JSONDecoder) -> Any:
    """The JSON value at the buffer's position, reading on while it is cut off by the chunk's end."""
    while True:
        try:
            value, end = decoder.raw_decode(buf.text, buf.pos)
        except json.JSONDecodeError as exc:
            if len(buf.text) - buf.pos < MAX_OBJECT and buf.more():
                continue
            line = buf.line + buf.text.count("\n", buf.pos, exc.pos)
            raise FeedError([f"{path}:{line}: not valid JSON: {exc.msg}"]) from None
        if end == len(buf.text) and buf.more():  # a number may go on in the next chunk
            continue
        buf.advance(end)
        return value
