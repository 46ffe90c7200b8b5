"""The project's local state folder (.taskboard/): the SQLite file and the development secret key.

Nothing in it belongs in git, and the shared .gitignore does not know about it, so the folder
ignores itself: the first run writes a .gitignore holding `*` into it (as .pytest_cache does).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

GITIGNORE = "# Created by the task board: local state (SQLite file, dev secret key). Never commit it.\n*\n"


def state_dir(path: Path) -> Path:
    """The folder, created on first use with its own .gitignore."""
    path.mkdir(parents=True, exist_ok=True)
    ignore = path / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE)
    return path


def dev_secret_key(folder: Path) -> str:
    """A random key generated once per checkout, so that no key is ever written in the source.

    runserver starts two processes at once (the autoreloader and the server): the key is
    written to a temporary file and hard-linked into place, so a reader sees the whole key or
    no file, and the second process to link keeps the first one's key.
    """
    path = state_dir(folder) / "secret_key"
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=folder)  # mode 0600
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(50) + "\n")
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()
