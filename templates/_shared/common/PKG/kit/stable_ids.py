"""Keys made from what a feed row says, so that importing the same file twice updates rows.

A random key (uuid4(), or uuid1() with its random clock sequence) gives a row a new identity on
every import: the second import adds a copy of every row instead of updating it. These derive
the key from the row's own identity (a product's brand and name, a review's product, author and
time) through a hash: the same input gives the same key, on any machine, in any run.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import datetime
from typing import Any

from cassandra.util import uuid_from_time

# Fixed forever: changing it would give every imported row a new key.
NAMESPACE = uuid.UUID("5b0c3c1e-6a55-4f4e-9a0b-2f1c0d7e5eed")


def stable_uuid(*parts: Any) -> uuid.UUID:
    """A name-based UUID (version 5) of the parts."""
    return uuid.uuid5(NAMESPACE, _joined(parts))


def stable_timeuuid(when: datetime, *parts: Any) -> uuid.UUID:
    """A timeuuid (version 1) that holds `when` and sorts by it; its clock sequence and node
    come from a hash of the parts, so two rows of the same instant still get distinct keys."""
    digest = int.from_bytes(hashlib.blake2b(_joined(parts).encode(), digest_size=8).digest(), "big")
    return uuid_from_time(when, node=digest >> 16, clock_seq=digest & 0x3FFF)


def stable_token(*parts: Any, length: int = 24) -> str:
    """A URL-safe string of `length` bytes of hash (as secrets.token_urlsafe(length) looks)."""
    digest = hashlib.blake2b(_joined(parts).encode(), digest_size=length, key=NAMESPACE.bytes).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _joined(parts: tuple) -> str:
    # A separator no feed value holds, so ("ab", "c") and ("a", "bc") differ.
    return "\x1f".join(str(part) for part in parts)
