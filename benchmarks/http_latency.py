#!/usr/bin/env python3
"""HTTP latency of the main pages and their /api twins under concurrent load.

Usage: .venv/bin/python benchmarks/http_latency.py [--url STORE_URL] [--concurrency 16]
       [--requests 200] [--max-seconds 60] [--partner IRQ] [--line finance]
       [--server-workers 1] [--skip dashboard]

Starts ``coalition serve`` on a free loopback port over the store (default: the SQLite file
``benchmarks/ingest.py`` builds for 10,000 documents with the serial backend) and loads it
from a separate process (``loadgen.py``: asyncio + httpx, ``--concurrency`` clients, each
waiting for its answer). For every route it prints requests, errors and p50/p95/p99 in ms,
beside a static file served by the same server in the same run (the floor of the stack:
uvicorn, middleware, no query). Targets: pages and their twins p95 < 50 ms, search
p95 < 200 ms. Latency includes queueing behind the other clients of the one server process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from loadgen import RouteResult, measure
from servers import free_port, running

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
DEFAULT_URL = f"sqlite:///{DATA / 'stores' / 'ingest-serial-10000.db'}"
COALITION = Path(sys.executable).with_name("coalition")
SEARCHES = ("hawala", "explosive hazards", "Funding Facility Stabilization")
PAGE_TARGET, SEARCH_TARGET = 50.0, 200.0


def routes(partner: str, line: str) -> dict[str, tuple[list[str], float | None]]:
    """Return route name -> (paths, p95 target in ms or None for the baseline)."""
    q = [quote(s) for s in SEARCHES]
    return {
        "baseline /static/style.css": (["/static/style.css"], None),
        "dashboard /": (["/"], PAGE_TARGET),
        "dashboard /api/dashboard": (["/api/dashboard"], PAGE_TARGET),
        f"partner /partners/{partner}": ([f"/partners/{partner}"], PAGE_TARGET),
        f"partner /api/partners/{partner}": ([f"/api/partners/{partner}"], PAGE_TARGET),
        "meetings /meetings": (["/meetings"], PAGE_TARGET),
        "meetings /api/meetings": (["/api/meetings"], PAGE_TARGET),
        f"commitments ?line={line}": ([f"/commitments?line={line}"], PAGE_TARGET),
        f"commitments /api ?line={line}": ([f"/api/commitments?line={line}"], PAGE_TARGET),
        "search /search?q=": ([f"/search?q={x}" for x in q], SEARCH_TARGET),
        "search /api/search?q=": ([f"/api/search?q={x}" for x in q], SEARCH_TARGET),
    }


def check_store(url: str) -> None:
    """Stop with a clear message when a SQLite store file is missing."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            raise SystemExit(f"error: store {path} does not exist: build it with "
                             "benchmarks/ingest.py or pass --url")


def store_counts(url: str) -> str:
    """Return "N documents, M commitments" of the store, from ``coalition stats``."""
    done = subprocess.run([str(COALITION), "stats", "--format", "json"], capture_output=True,
                          text=True, env={**os.environ, "COALITION_DATABASE_URL": url})
    if done.returncode != 0:
        raise SystemExit(f"error: store {url}: coalition stats failed:\n{done.stderr[-1500:]}")
    stats = json.loads(done.stdout)
    return ", ".join(f"{stats.get(k, '?')} {k}" for k in ("documents", "meetings",
                                                          "commitments", "sources"))


def print_table(results: dict[str, RouteResult],
                table: dict[str, tuple[list[str], float | None]]) -> None:
    """Print one row per route with its percentiles, its target and the verdict."""
    print(f"{'route':40} {'reqs':>5} {'errs':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'req/s':>7} {'target':>9}")
    for name, r in results.items():
        target = table[name][1]
        if target is None:
            verdict = "baseline"
        elif not r.latencies:
            verdict = "ERRORS"
        else:
            verdict = f"<{target:.0f} {'ok' if r.p(0.95) < target else 'MISS'}"
        rate = len(r.latencies) / r.seconds if r.seconds else 0.0
        print(f"{name:40} {len(r.latencies) + r.errors:5} {r.errors:5} {r.p(0.5):8.1f} "
              f"{r.p(0.95):8.1f} {r.p(0.99):8.1f} {rate:7.1f} {verdict:>9}")
        if r.first_error:
            print(f"  first error: {r.first_error}")


def main() -> None:
    """Serve the store, load every route from a separate process and print the table."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=DEFAULT_URL, help="store URL (COALITION_DATABASE_URL)")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--requests", type=int, default=200, help="requests per route")
    ap.add_argument("--max-seconds", type=float, default=60.0,
                    help="stop sending new requests to a route after this long")
    ap.add_argument("--partner", default="IRQ")
    ap.add_argument("--line", default="finance", help="line-of-effort key to filter on")
    ap.add_argument("--skip", action="append", default=[], metavar="TEXT",
                    help="leave out the routes whose name contains TEXT (repeatable)")
    ap.add_argument("--server-workers", type=int, default=1,
                    help="uvicorn processes of `coalition serve --workers`")
    args = ap.parse_args()
    check_store(args.url)
    counts = store_counts(args.url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    table = {name: route for name, route in routes(args.partner, args.line).items()
             if not any(text in name for text in args.skip)}
    with running([str(COALITION), "serve", "--host", "127.0.0.1", "--port", str(port),
                  "--workers", str(args.server_workers)],
                 ready_url=f"{base}/static/style.css", log=DATA / "logs" / "serve.log",
                 env={"COALITION_DATABASE_URL": args.url}):
        results = measure(base, {name: paths for name, (paths, _) in table.items()},
                          concurrency=args.concurrency, requests=args.requests,
                          max_seconds=args.max_seconds)
    print(f"store {args.url} ({counts})")
    print(f"{args.concurrency} concurrent clients, up to {args.requests} "
          f"requests or {args.max_seconds:.0f} s per route, {args.server_workers} uvicorn "
          f"process{'es' if args.server_workers > 1 else ''}")
    print_table(results, table)


if __name__ == "__main__":
    main()
