"""An uploaded order file: kept in a temporary file (never in memory), checked like the
command checks a file, and written in the chosen mode when every row is good."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from starlette.datastructures import UploadFile

from . import importing
from .kit.feeds import SUFFIXES

MAX_UPLOAD = 5 * 1024 * 1024  # bytes: bigger files are for `python -m importer import`
SHOWN_PROBLEMS = 100  # on the page; more are counted


class UploadRefused(ValueError):
    """Not a file this form takes (no file, an unknown type, too big)."""


@dataclass
class Outcome:
    checked: importing.Checked
    problems: list[str] = field(default_factory=list)  # the first SHOWN_PROBLEMS
    progress: importing.Progress | None = None  # None: nothing was written


def _noop() -> None:
    pass


async def store(upload: UploadFile, folder: Path) -> Path:
    """The upload in `folder`, under its own name's suffix, read in chunks up to MAX_UPLOAD."""
    name = Path(upload.filename or "").name
    if not name:
        raise UploadRefused("choose a file to upload")
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UploadRefused(f"{name}: unknown file type: upload a .csv, .json or .jsonl file")
    path, size = folder / name, 0
    with path.open("wb") as out:
        while chunk := await upload.read(64 * 1024):
            size += len(chunk)
            if size > MAX_UPLOAD:
                raise UploadRefused(
                    f"{name}: more than {MAX_UPLOAD // (1024 * 1024)} MB: "
                    "use `python -m importer import` for big files"
                )
            out.write(chunk)
    return path


async def run(upload: UploadFile, mode: str) -> Outcome:
    """Check the whole file; write it only when every row is good (the command's two passes)."""
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = await store(upload, Path(folder))
        problems: list[str] = []

        def keep(problem: str) -> None:
            if len(problems) < SHOWN_PROBLEMS:
                problems.append(problem.removeprefix(f"{path.parent}/"))

        checked = await asyncio.to_thread(importing.check, path, keep)  # CPU: off the event loop
        outcome = Outcome(checked, problems)
        if checked.ok:
            outcome.progress = importing.Progress(checked.orders, mode)
            await importing.write(path, mode, outcome.progress, _noop)
        return outcome
