"""``serve_cmd`` runs uvicorn over the store named by COALITION_DATABASE_URL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_command_serve_cmd_answers_pages_and_api(seeded_sqlite: str) -> None:
    port = _free_port()
    env = {**os.environ, "COALITION_DATABASE_URL": seeded_sqlite}
    code = f"from coalition.serve.command import serve_cmd; serve_cmd('127.0.0.1', {port})"
    proc = subprocess.Popen([sys.executable, "-c", code], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/partners/TUR", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, "the server exited"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["key"] == "TUR"
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
