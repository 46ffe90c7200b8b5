"""The key that signs Flask's session cookie (and so every CSRF token).

FLASK_SECRET_KEY wins. Without it, a random key is made on the first run and kept in the
instance folder (instance/secret_key, ignored by git), so restarts keep visitors' sessions
and every worker of one server agrees on it. Set FLASK_SECRET_KEY in production.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def load(instance_path: str) -> str:
    from_env = os.environ.get("FLASK_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        _create(path)
    return path.read_text(encoding="utf-8").strip()


def _create(path: Path) -> None:
    """Write the key to a temporary file, then link it into place: os.link fails when the
    file exists, so two processes starting at once end up reading the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".secret_key.{os.getpid()}")
    temporary.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    temporary.chmod(0o600)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
