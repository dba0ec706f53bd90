"""Start an HTTP server as a subprocess on loopback for a benchmark, and stop it afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running(cmd: list[str], *, ready_url: str, log: Path, env: dict[str, str] | None = None,
            timeout: float = 90.0) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``cmd`` until the block ends; wait until ``ready_url`` answers 2xx first.

    The server's output goes to ``log``; when it exits or never answers, stop with the end of
    that log.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    # SIGTERM (e.g. from `timeout`) unwinds like an exception, so the server is stopped too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"error: {cmd[0]} exited with {proc.returncode}:\n"
                                 f"{log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(ready_url, timeout=5.0).is_success:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"error: {ready_url} did not answer within {timeout:.0f} s; "
                                 f"see {log}")
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def postgres_schema(postgres: str, prefix: str, *, keep: bool = False) -> Iterator[str]:
    """Create a new schema ``PREFIX_<random>`` in the database at ``postgres`` and yield a
    store URL whose search_path is that schema; drop the schema afterwards unless ``keep``."""
    import psycopg  # the store's own driver

    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    plain = postgres.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema}"
    finally:
        if not keep:
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
