#!/usr/bin/env python3
"""Ask a CQL server one real question, with nothing but the Python standard library.

`make db` runs before `make install`, so the database driver is not there yet: this file
speaks just enough of the CQL native protocol (v4) to open a connection, send STARTUP
and run one SELECT. That is what "ready" means here: a query answered, not a port open.

    cql_probe.py check HOST PORT            exit 0 and print the release version if CQL answers,
                                            3 if the port is closed, 4 if it is open but not CQL
    cql_probe.py wait HOST PORT --timeout S [--pid P] [--log FILE]... [--normal N]
                                            poll until CQL answers (and, with --normal, until
                                            the node sees N NORMAL nodes in gossip); on failure
                                            print the last lines of each log and exit 1
"""

from __future__ import annotations

import argparse
import os
import socket
import struct
import sys
import time

PROTOCOL_VERSION = 0x04
OP_ERROR, OP_STARTUP, OP_READY, OP_AUTHENTICATE, OP_QUERY, OP_RESULT = 0, 1, 2, 3, 7, 8
RESULT_ROWS = 2
CONSISTENCY_ONE = 1

CLOSED, NOT_CQL = 3, 4


class NotCql(Exception):
    """Something listens on the port but does not answer like a CQL server."""


class CqlError(Exception):
    """The server answered with a CQL ERROR frame."""


def _string(value: str) -> bytes:
    data = value.encode()
    return struct.pack(">H", len(data)) + data


def _long_string(value: str) -> bytes:
    data = value.encode()
    return struct.pack(">i", len(data)) + data


class Reader:
    def __init__(self, body: bytes):
        self.body, self.pos = body, 0

    def take(self, n: int) -> bytes:
        chunk = self.body[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def int(self) -> int:
        return struct.unpack(">i", self.take(4))[0]

    def short(self) -> int:
        return struct.unpack(">H", self.take(2))[0]

    def string(self) -> str:
        return self.take(self.short()).decode(errors="replace")

    def bytes(self) -> bytes | None:
        n = self.int()
        return None if n < 0 else self.take(n)

    def skip_type(self) -> None:
        kind = self.short()
        if kind == 0x0000:  # custom: class name
            self.string()
        elif kind in (0x0020, 0x0022):  # list, set
            self.skip_type()
        elif kind == 0x0021:  # map
            self.skip_type()
            self.skip_type()
        elif kind == 0x0030:  # udt
            self.string()
            self.string()
            for _ in range(self.short()):
                self.string()
                self.skip_type()
        elif kind == 0x0031:  # tuple
            for _ in range(self.short()):
                self.skip_type()


class Connection:
    def __init__(self, host: str, port: int, timeout: float = 5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.stream = 0

    def close(self) -> None:
        self.sock.close()

    def _recv_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise NotCql("connection closed before a complete CQL frame arrived")
            data += chunk
        return data

    def request(self, opcode: int, body: bytes) -> tuple[int, bytes]:
        self.stream += 1
        header = struct.pack(">BBhBi", PROTOCOL_VERSION, 0, self.stream, opcode, len(body))
        self.sock.sendall(header + body)
        head = self._recv_exact(9)
        version, _flags, _stream, op, length = struct.unpack(">BBhBi", head)
        if version & 0x7F not in (3, 4, 5) or not version & 0x80 or length < 0 or length > 64 << 20:
            raise NotCql(f"answer is not a CQL response frame (first bytes {head[:4].hex()})")
        body = self._recv_exact(length)
        if op == OP_ERROR:
            reader = Reader(body)
            code = reader.int()
            raise CqlError(f"server error 0x{code:04x}: {reader.string()}")
        return op, body

    def startup(self) -> bool:
        """Return False when the server wants a password (it still speaks CQL)."""
        body = struct.pack(">H", 1) + _string("CQL_VERSION") + _string("3.0.0")
        op, _ = self.request(OP_STARTUP, body)
        if op == OP_AUTHENTICATE:
            return False
        if op != OP_READY:
            raise NotCql(f"unexpected answer to STARTUP (opcode {op})")
        return True

    def query_text(self, cql: str) -> list[list[str | None]]:
        """Run a SELECT whose columns are all text-like; return rows of strings."""
        body = _long_string(cql) + struct.pack(">HB", CONSISTENCY_ONE, 0)
        op, answer = self.request(OP_QUERY, body)
        reader = Reader(answer)
        if op != OP_RESULT or reader.int() != RESULT_ROWS:
            return []
        flags, columns = reader.int(), reader.int()
        if flags & 0x0002:  # has_more_pages: a paging state follows
            reader.bytes()
        if flags & 0x0001:  # global table spec
            reader.string()
            reader.string()
        for _ in range(columns):
            if not flags & 0x0001:
                reader.string()
                reader.string()
            reader.string()
            reader.skip_type()
        rows = []
        for _ in range(reader.int()):
            row = []
            for _ in range(columns):
                value = reader.bytes()
                row.append(None if value is None else value.decode(errors="replace"))
            rows.append(row)
        return rows


def release_version(host: str, port: int, timeout: float = 5.0) -> str:
    """The server's release_version; raises OSError, NotCql or CqlError."""
    conn = Connection(host, port, timeout)
    try:
        if not conn.startup():
            return "unknown (authentication required)"
        rows = conn.query_text("SELECT release_version FROM system.local")
        return rows[0][0] if rows and rows[0][0] else "unknown"
    except (TimeoutError, struct.error) as exc:
        raise NotCql(f"no CQL answer ({exc or 'timed out'})") from exc
    finally:
        conn.close()


def normal_nodes(host: str, port: int) -> int:
    """How many nodes this node's gossip sees as NORMAL (Cassandra 4.0+ virtual table)."""
    conn = Connection(host, port)
    try:
        conn.startup()
        rows = conn.query_text("SELECT status_with_port FROM system_views.gossip_info")
        return sum(1 for (status,) in rows if status and status.startswith("NORMAL"))
    finally:
        conn.close()


def check(host: str, port: int) -> int:
    try:
        version = release_version(host, port)
    except OSError:  # refused, unreachable, or no answer to the connect
        return CLOSED
    except (NotCql, CqlError):
        return NOT_CQL
    print(version)
    return 0


def _alive(pid: int | None) -> bool:
    if not pid:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fail(message: str, logs: list[str], tail: int = 40) -> int:
    print(f"cassandra: not ready: {message}", file=sys.stderr)
    for path in logs:
        try:
            with open(path, errors="replace") as handle:
                lines = handle.readlines()[-tail:]
        except OSError:
            continue
        if lines:
            print(f"--- last {len(lines)} lines of {path}", file=sys.stderr)
            sys.stderr.write("".join(lines))
    return 1


def wait(args: argparse.Namespace) -> int:
    start = time.monotonic()
    deadline = start + args.timeout
    last_error = "nothing answered yet"
    while True:
        if not _alive(args.pid):
            return _fail("the server process exited during start", args.log)
        try:
            version = release_version(args.host, args.port, timeout=3)
            if args.normal and normal_nodes(args.host, args.port) < args.normal:
                raise CqlError(f"fewer than {args.normal} nodes NORMAL in gossip")
            elapsed = time.monotonic() - start
            print(f"CQL ready on {args.host}:{args.port}: Cassandra {version}, {elapsed:.1f}s")
            return 0
        except (OSError, NotCql, CqlError) as exc:
            last_error = str(exc) or type(exc).__name__
        if time.monotonic() > deadline:
            return _fail(f"{last_error} after {args.timeout:.0f}s", args.log)
        time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "wait"):
        cmd = sub.add_parser(name)
        cmd.add_argument("host")
        cmd.add_argument("port", type=int)
    waiter = sub.choices["wait"]
    waiter.add_argument("--timeout", type=float, default=120)
    waiter.add_argument("--pid", type=int)
    waiter.add_argument("--log", action="append", default=[])
    waiter.add_argument("--normal", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.host, args.port)
    return wait(args)


if __name__ == "__main__":
    sys.exit(main())
