"""``serve_cmd`` runs uvicorn over the store named by COALITION_DATABASE_URL."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(proc: subprocess.Popen[bytes], url: str) -> httpx.Response:
    deadline = time.monotonic() + 60
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            assert proc.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)


def test_command_serve_cmd_answers_pages_and_api(seeded_sqlite: str) -> None:
    port = _free_port()
    env = {**os.environ, "COALITION_DATABASE_URL": seeded_sqlite}
    code = f"from coalition.serve.command import serve_cmd; serve_cmd('127.0.0.1', {port})"
    proc = subprocess.Popen([sys.executable, "-c", code], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        response = _wait_for(proc, f"http://127.0.0.1:{port}/api/partners/TUR")
        assert response.status_code == 200 and response.json()["key"] == "TUR"
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_workers_share_one_login(seeded_sqlite: str, tmp_path: Path) -> None:
    """With --workers 2 and no COALITION_SECRET_KEY, a login made through one process is
    honoured by the other: requests spread over both keep the admin's session."""
    store = tmp_path / "store.db"  # a copy: the account must not reach the shared store
    with sqlite3.connect(seeded_sqlite.removeprefix("sqlite:///")) as src, \
            sqlite3.connect(store) as dst:
        src.backup(dst)
    url = f"sqlite:///{store}"
    env = {k: v for k, v in os.environ.items() if k != "COALITION_SECRET_KEY"}
    env["COALITION_DATABASE_URL"] = url
    cli = [sys.executable, "-m", "coalition.cli"]
    subprocess.run([*cli, "user", "add", "wanda", "--role", "admin", "--password",
                    "two workers"], env=env, check=True, capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([*cli, "serve", "--port", str(port), "--workers", "2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(proc, f"{base}/static/style.css")
        assert len(psutil.Process(proc.pid).children()) >= 2, "expected two server processes"
        with httpx.Client(base_url=base, timeout=30) as browser:
            found = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
            assert found
            login = browser.post("/login", data={"name": "wanda", "password": "two workers",
                                                 "csrf_token": found.group(1)})
            assert login.status_code == 303, login.text
            cookies = dict(browser.cookies)

        def whoami(_: int) -> int:
            # a new connection per request, so the kernel hands them to either process
            with httpx.Client(base_url=base, cookies=cookies, timeout=30) as client:
                return client.get("/api/users").status_code  # admins only

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(whoami, range(48)))
        assert statuses == [200] * 48
    finally:
        proc.terminate()
        proc.wait(timeout=30)
