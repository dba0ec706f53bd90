"""One renderer for every view: the same data as an HTML page, JSON or CSV.

``render`` is the only place that turns query results into a response. JSON is the data as
pydantic dumps it (dataclasses, nested); CSV is the table the page shows (``table_of``):
the rows of a list, the facts of a detail page.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from pydantic import TypeAdapter

from coalition.data import load_json
from coalition.model import MEETING_KINDS
from coalition.serve import charts, highlight
from coalition.serve.auth import csrf_token
from coalition.serve.deps import Format
from coalition.store.queries.commitments import CommitmentDetail
from coalition.store.queries.common import Listing
from coalition.store.queries.compliance import Compliance
from coalition.store.queries.dashboard import Dashboard
from coalition.store.queries.documents import DocumentDetail, DocumentListing
from coalition.store.queries.due import DueList
from coalition.store.queries.meetings import MeetingDetail
from coalition.store.queries.monitor import Membership, Metrics
from coalition.store.queries.partners import PartnerProfile, regions
from coalition.store.queries.review import ReviewQueue
from coalition.store.queries.search import SearchResults

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(charts=charts, highlight=highlight)
templates.env.globals.update(csrf_token=csrf_token)


def url_with(request: Request, **changes: Any) -> str:
    """Return the current URL with some query parameters changed (None removes one).

    A change of sort, filter or page drops the ``after`` cursor (it belongs to one list).
    """
    params = dict(request.query_params)
    if set(changes) - {"after", "format"}:
        params.pop("after", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    url = request.url.replace_query_params(**params)
    return url.path + (f"?{url.query}" if url.query else "")


def _points(points: list[Any]) -> list[tuple[str, float]]:
    return [(p.label, p.value) for p in points]


def _events(meetings: list[Any]) -> list[tuple[str, str, str]]:
    return [(m.start, m.name, f"/meetings/{m.id}") for m in meetings if m.start]


MAX_BARS = 24  # more bars than this make a chart nobody reads


def mention_points(mentions: list[Any]) -> list[tuple[str, float]]:
    """Mentions per document date, or per month or per year: the finest that fits in
    ``MAX_BARS`` bars (a partner named in thousands of documents has thousands of dates).

    >>> from types import SimpleNamespace as M
    >>> mention_points([M(date="2014-09-11", count=2), M(date="2014-09-25", count=1)])
    [('2014-09-11', 2.0), ('2014-09-25', 1.0)]
    >>> days = [M(date=f"2014-{m:02}-{d:02}", count=1) for m in (9, 12) for d in range(1, 29)]
    >>> mention_points(days + [M(date="undated", count=4)])
    [('2014-09', 28.0), ('2014-12', 28.0), ('undated', 4.0)]
    """
    if len(mentions) <= MAX_BARS:  # one point per date already
        return [(m.date, float(m.count)) for m in mentions]
    grouped: dict[str, float] = {}
    for width in (len("2014-09"), len("2014")):
        grouped = {}
        for m in mentions:
            key = m.date[:width] if m.date[:1].isdigit() else m.date
            grouped[key] = grouped.get(key, 0.0) + m.count
        if len(grouped) <= MAX_BARS:
            break
    return list(grouped.items())


def focus_of(request: Request) -> tuple[int, int] | None:
    """Return the span named by ``?start=&end=`` (the sentence to highlight), if any."""
    start, end = request.query_params.get("start", ""), request.query_params.get("end", "")
    if start.isdigit() and end.isdigit() and int(start) < int(end):
        return int(start), int(end)
    return None


templates.env.globals.update(
    url_with=url_with, focus_of=focus_of, MEETING_KINDS=[(k, k.replace("_", " "))
                                                          for k in MEETING_KINDS],
    LINES=[(row["key"], row["name"]) for row in load_json("lines_of_effort.json")],
    regions=regions)
def _zip_values(labels: Any, values: Any) -> list[tuple[str, float]]:
    return [(str(label), float(value)) for label, value in zip(labels, values, strict=True)]


templates.env.filters.update(zip_values=_zip_values, points=_points, events=_events,
                             mention_points=mention_points)


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}  # building one costs more than most dumps


def _json(data: Any) -> Response:
    kind = type(data)
    adapter = _ADAPTERS.get(kind) or _ADAPTERS.setdefault(kind, TypeAdapter(kind))
    return Response(adapter.dump_json(data), media_type="application/json")


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(_flat(v)) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return "; ".join(f"{k}={_flat(v)}" for k, v in dataclasses.asdict(value).items())
    return value


def _rows(items: list[Any]) -> list[dict[str, Any]]:
    return [item if isinstance(item, dict) else
            {k: _flat(getattr(item, k)) for k in (f.name for f in dataclasses.fields(item))}
            for item in items]


def _metric_row(series: Any, point: Any) -> dict[str, Any]:
    return {"series": series.key, "what": series.what, "unit": series.unit,
            "observed_on": point.observed_on, "value": point.value, "text": point.text,
            "sources": "; ".join(f"{s.document_title}: {s.quote}" for s in point.sources)}


_TABLES: dict[type, Callable[[Any], list[Any]]] = {
    Listing: lambda d: d.rows,
    DocumentListing: lambda d: d.listing.rows,
    PartnerProfile: lambda d: d.sources,
    MeetingDetail: lambda d: d.participants,
    CommitmentDetail: lambda d: d.sources,
    DocumentDetail: lambda d: d.facts,
    SearchResults: lambda d: d.documents + d.facts,
    Dashboard: lambda d: d.matrix,
    ReviewQueue: lambda d: [f for doc in d.documents for f in doc.facts],
    Compliance: lambda d: d.assessments,
    Metrics: lambda d: [_metric_row(s, p) for s in d.series for p in s.points],
    Membership: lambda d: d.members,
    DueList: lambda d: d.rows,
    list: lambda d: d,
}


def table_of(data: Any) -> list[dict[str, Any]]:
    """Return the rows the CSV export of ``data`` holds (what its page shows as a table)."""
    for kind, rows in _TABLES.items():
        if isinstance(data, kind):
            return _rows(rows(data))
    raise TypeError(f"no table for {type(data).__name__}")


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Return ``rows`` as CSV text with a header (the union of keys, in first-seen order)."""
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _scope(data: Any) -> dict[str, str]:
    """Say in a header whether an export holds confirmed facts only or everything."""
    scope = getattr(data, "facts", None)
    if scope in ("confirmed", "all"):
        return {"X-Coalition-Facts": str(scope)}
    confirmed = getattr(data, "confirmed_only", None)
    if isinstance(data, Listing):
        confirmed = data.filters.get("confirmed") == "1"
    if confirmed is None:
        return {}
    return {"X-Coalition-Facts": "confirmed" if confirmed else "all"}


def render(request: Request, data: Any, *, fmt: Format, template: str, name: str,
           context: dict[str, Any] | None = None) -> Response:
    """Render ``data`` as ``fmt``: an HTML page from ``template``, JSON or a CSV download."""
    if fmt == "json":
        return _json(data)
    if fmt == "csv":
        headers = {"Content-Disposition": f'attachment; filename="{name}.csv"',
                   **_scope(data)}
        return Response(to_csv(table_of(data)), media_type="text/csv; charset=utf-8",
                        headers=headers)
    return templates.TemplateResponse(request, template, {"data": data, **(context or {})})
