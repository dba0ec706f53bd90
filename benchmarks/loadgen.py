#!/usr/bin/env python3
"""A small HTTP load generator (asyncio + httpx), run as its own process by the benchmarks.

Usage: .venv/bin/python benchmarks/loadgen.py BASE_URL ROUTES_JSON [--concurrency 16]
       [--requests 200] [--max-seconds 60] [--warmup 3]

ROUTES_JSON maps a route name to a list of paths, e.g. ``{"search": ["/search?q=a"]}``. The
routes are loaded one after the other; for each, ``--concurrency`` clients share one
keep-alive connection pool and send ``--requests`` requests in all (cycling over the paths),
each client waiting for its answer before the next request, and stop early after
``--max-seconds``. A request is an error when it fails or answers other than 2xx. Prints one
JSON object: per route, the latencies in milliseconds, the errors and the wall seconds.

``measure`` and ``percentile`` are for the scripts that start this process.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class RouteResult:
    """Latencies (ms, sorted), errors and wall seconds of one route's load."""

    latencies: list[float]
    errors: int
    seconds: float
    first_error: str | None

    def p(self, q: float) -> float:
        return percentile(self.latencies, q)


def percentile(sorted_ms: list[float], q: float) -> float:
    """Return the ``q`` quantile (0..1) of sorted values by the nearest-rank method.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0], 0.99)
    (2.0, 4.0)
    """
    if not sorted_ms:
        return float("nan")
    rank = max(1, -(-int(q * 1000) * len(sorted_ms) // 1000))  # ceil(q * n), at least 1
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


async def load_route(client: httpx.AsyncClient, paths: list[str], concurrency: int,
                     requests: int, max_seconds: float) -> dict[str, object]:
    """Send ``requests`` requests over ``paths`` from ``concurrency`` clients."""
    todo = itertools.islice(itertools.cycle(paths), requests)
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    deadline = started + max_seconds

    async def client_loop() -> None:
        for path in todo:  # the shared iterator hands each request to one client
            if time.perf_counter() > deadline:
                return
            t0 = time.perf_counter()
            try:
                response = await client.get(path)
                await response.aread()
                if not 200 <= response.status_code < 300:
                    errors.append(f"{path}: HTTP {response.status_code}")
                    continue
            except httpx.HTTPError as err:
                errors.append(f"{path}: {type(err).__name__}: {err}")
                continue
            latencies.append((time.perf_counter() - t0) * 1000)

    await asyncio.gather(*(client_loop() for _ in range(concurrency)))
    return {"latencies": sorted(latencies), "errors": len(errors),
            "first_error": errors[0] if errors else None,
            "seconds": time.perf_counter() - started}


async def run(base: str, routes: dict[str, list[str]], concurrency: int, requests: int,
              max_seconds: float, warmup: int) -> dict[str, object]:
    """Warm each route up, then load it; return the results by route name."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    out: dict[str, object] = {}
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120.0) as client:
        for name, paths in routes.items():
            for path in paths[:1] * warmup:
                try:
                    await client.get(path)
                except httpx.HTTPError:
                    pass  # counted by the load that follows
            out[name] = await load_route(client, paths, concurrency, requests, max_seconds)
    return out


def measure(base: str, routes: dict[str, list[str]], *, concurrency: int = 16,
            requests: int = 200, max_seconds: float = 60.0,
            warmup: int = 3) -> dict[str, RouteResult]:
    """Run this script as a separate process against ``base`` and return its results."""
    done = subprocess.run(
        [sys.executable, str(HERE / "loadgen.py"), base, json.dumps(routes),
         "--concurrency", str(concurrency), "--requests", str(requests),
         "--max-seconds", str(max_seconds), "--warmup", str(warmup)],
        capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"error: load generator failed:\n{done.stderr[-2000:]}")
    raw = json.loads(done.stdout)
    return {name: RouteResult(r["latencies"], r["errors"], r["seconds"], r["first_error"])
            for name, r in raw.items()}


def main() -> None:
    """Parse the arguments, load every route and print the JSON results."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base")
    ap.add_argument("routes", help='JSON: {"name": ["/path", ...], ...}')
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--max-seconds", type=float, default=60.0)
    ap.add_argument("--warmup", type=int, default=3)
    args = ap.parse_args()
    try:
        routes = json.loads(args.routes)
    except json.JSONDecodeError as err:
        raise SystemExit(f"error: ROUTES_JSON is not JSON: {err}") from err
    if not isinstance(routes, dict) or not all(
            isinstance(v, list) and v and all(isinstance(p, str) for p in v)
            for v in routes.values()):
        raise SystemExit('error: ROUTES_JSON must map names to non-empty lists of paths')
    result = asyncio.run(run(args.base, routes, args.concurrency, args.requests,
                             args.max_seconds, args.warmup))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
