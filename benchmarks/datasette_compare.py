#!/usr/bin/env python3
"""Our partner list (/api/partners) beside Datasette's JSON API over the same SQLite file.

Usage: .venv/bin/python benchmarks/datasette_compare.py [--db FILE] [--concurrency 16]
       [--requests 200] [--max-seconds 60]

Creates (once) its own virtual environment ``benchmarks/.venv-datasette`` with
``pip install datasette`` (kept apart from the project's dependencies), then, one server at a
time on free loopback ports, serves the store (default: the SQLite file ``ingest.py`` builds
for 10,000 documents) with ``coalition serve`` and with ``datasette serve`` (which opens a
file database with ``mode=ro``: read-only) and loads each from a separate process with the
same generator (``loadgen.py``).

The query is the one our partner list answers: states and organizations with the meetings
they took part in (distinct), the commitments and the mentions of each and their lines of
effort, sorted by name, first page of 50. Datasette runs it as SQL (``?sql=``), and, as its
idiomatic partner facet, ``participations.json?_facet=actor_id``. Before timing, the script
checks that our first page and Datasette's SQL answer give the same partners and counts.
Each server's trivial route (our /static/style.css, Datasette's /-/versions.json) is timed
in the same run as a baseline. Prints p50/p95 per route and the ratios to ours.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import urlencode

import httpx
from loadgen import RouteResult, measure
from servers import free_port, running

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
VENV = HERE / ".venv-datasette"
DEFAULT_DB = DATA / "stores" / "ingest-serial-10000.db"
COALITION = Path(sys.executable).with_name("coalition")

PARTNERS_SQL = """
with m as (select actor_id, count(distinct meeting_id) as n from participations
           group by actor_id),
     c as (select actor_id, count(*) as n from commitment_actors group by actor_id),
     s as (select record_id, count(*) as n from sources where record_type = 'actor'
           group by record_id),
     l as (select actor_id, group_concat(line_of_effort_key) as lines from (
             select distinct ca.actor_id, cl.line_of_effort_key from commitment_actors ca
             join commitment_lines cl on cl.commitment_id = ca.commitment_id
             where cl.superseded_at is null order by cl.line_of_effort_key)
           group by actor_id)
select a.key, a.name, a.kind, coalesce(m.n, 0) as meetings, coalesce(c.n, 0) as commitments,
       coalesce(s.n, 0) as mentions, l.lines
from actors a left join m on m.actor_id = a.id left join c on c.actor_id = a.id
     left join s on s.record_id = a.id left join l on l.actor_id = a.id
where a.kind in ('state', 'organization')
order by a.name collate nocase limit 50
""".strip()


def datasette_bin() -> Path:
    """Return the datasette executable of our own venv, creating the venv when missing."""
    exe = VENV / "bin" / "datasette"
    if not exe.exists():
        print(f"creating {VENV} and installing datasette ...", file=sys.stderr, flush=True)
        venv.create(VENV, with_pip=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "datasette"], check=True)
    return exe


def same_answer(ours: dict[str, object], theirs: list[dict[str, object]]) -> str:
    """Compare our first page with Datasette's rows on key and the three counts."""
    rows = ours.get("rows")
    if not isinstance(rows, list):
        return "our answer has no rows"
    fields = ("key", "meetings", "commitments", "mentions")
    a = {tuple(r.get(f) for f in fields) for r in rows if isinstance(r, dict)}
    b = {tuple(r.get(f) for f in fields) for r in theirs}
    return f"{len(a & b)} of {len(a)} partner rows identical (key, meetings, commitments, " \
           f"mentions)"


def print_table(results: dict[str, RouteResult], ours: str) -> None:
    """Print p50/p95 per route and each route's ratio to our partner list."""
    ref = results[ours]
    print(f"{'server / route':58} {'reqs':>5} {'errs':>5} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p50 / ours':>10} {'p95 / ours':>10}")
    for name, r in results.items():
        print(f"{name:58} {len(r.latencies) + r.errors:5} {r.errors:5} {r.p(0.5):8.1f} "
              f"{r.p(0.95):8.1f} {r.p(0.5) / ref.p(0.5):10.2f} {r.p(0.95) / ref.p(0.95):10.2f}")
        if r.first_error:
            print(f"  first error: {r.first_error}")


def main() -> None:
    """Time our partner list, then Datasette's SQL and facet, and print the table."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=DEFAULT_DB, help="the SQLite store file")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--requests", type=int, default=200, help="requests per route")
    ap.add_argument("--max-seconds", type=float, default=60.0)
    args = ap.parse_args()
    db = args.db.resolve()
    if not db.is_file():
        raise SystemExit(f"error: {db} does not exist: build it with benchmarks/ingest.py "
                         "or pass --db")
    exe = datasette_bin()

    def load(base: str, routes: dict[str, list[str]]) -> dict[str, RouteResult]:
        return measure(base, routes, concurrency=args.concurrency, requests=args.requests,
                       max_seconds=args.max_seconds)

    ours_route = "coalition /api/partners"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([str(COALITION), "serve", "--host", "127.0.0.1", "--port", str(port)],
                 ready_url=f"{base}/static/style.css", log=DATA / "logs" / "serve-compare.log",
                 env={"COALITION_DATABASE_URL": f"sqlite:///{db}"}):
        our_first_page = httpx.get(f"{base}/api/partners", timeout=120).json()
        results = load(base, {"coalition baseline /static/style.css": ["/static/style.css"],
                              ours_route: ["/api/partners"]})
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    name = db.stem
    sql_path = f"/{name}.json?" + urlencode({"sql": PARTNERS_SQL, "_shape": "array"})
    facet_path = f"/{name}/participations.json?_facet=actor_id&_size=0"
    with running([str(exe), "serve", str(db), "--host", "127.0.0.1", "--port", str(port),
                  "--setting", "sql_time_limit_ms", "120000",
                  "--setting", "facet_time_limit_ms", "120000"],
                 ready_url=f"{base}/-/versions.json", log=DATA / "logs" / "datasette.log"):
        theirs = httpx.get(base + sql_path, timeout=120).json()
        results |= load(base, {"datasette baseline /-/versions.json": ["/-/versions.json"],
                               "datasette ?sql= (same query as /api/partners)": [sql_path],
                               "datasette participations ?_facet=actor_id": [facet_path]})
    print(f"store {db}; {args.concurrency} concurrent clients, up to {args.requests} requests "
          f"or {args.max_seconds:.0f} s per route; one server at a time")
    print(f"check: {same_answer(our_first_page, theirs)}")
    print_table(results, ours_route)


if __name__ == "__main__":
    main()
