"""Server-side SVG charts (no JavaScript, no internet): a line, bars and a timeline.

Every label is escaped here; the SVG is returned as ``Markup`` for the templates. Each chart
has a ``<title>`` and ``<desc>`` and the pages show the same numbers as a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

W, H, PAD = 640, 220, 40


def _svg(body: str, title: str, height: int = H) -> Markup:
    t = escape(title)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {W} {height}" role="img" '
        f'aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>'
        f"{body}</svg>")


def year_of(value: str) -> float:
    """Return a date text ("2014", "2014-09", "2014-09-11") as a fractional year.

    >>> year_of("2014-07-01")
    2014.5
    """
    parts = [int(p) for p in value.split("-") if p.isdigit()]
    if not parts:
        return 0.0
    month = parts[1] if len(parts) > 1 else 1
    day = parts[2] if len(parts) > 2 else 1
    return parts[0] + (month - 1) / 12 + (day - 1) / 365


def _empty(title: str) -> Markup:
    return _svg(f'<text x="{W / 2}" y="{H / 2}" text-anchor="middle">No data yet</text>', title)


def line_chart(points: Sequence[tuple[str, float]], title: str) -> Markup:
    """Draw values over dates (labels are date texts) as a step line with dots."""
    pts = [(year_of(label), value, label) for label, value in points if year_of(label)]
    if not pts:
        return _empty(title)
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    top = max(p[1] for p in pts) or 1.0
    span = (x1 - x0) or 1.0

    def xy(x: float, y: float) -> tuple[float, float]:
        return (PAD + (x - x0) / span * (W - 2 * PAD), H - PAD - y / top * (H - 2 * PAD))

    coords = [xy(x, y) for x, y, _ in pts]
    path = " ".join(f"{'M' if i == 0 else 'L'}{cx:.1f},{cy:.1f}"
                    for i, (cx, cy) in enumerate(coords))
    dots = "".join(
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4"><title>{escape(label)}: {value:g}'
        f"</title></circle>" for (cx, cy), (_, value, label) in zip(coords, pts, strict=True))
    axis = (f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" class="axis"/>'
            f'<text x="{PAD}" y="{H - 12}">{escape(pts[0][2])}</text>'
            f'<text x="{W - PAD}" y="{H - 12}" text-anchor="end">{escape(pts[-1][2])}</text>'
            f'<text x="4" y="{PAD}">{top:g}</text>')
    return _svg(f'{axis}<path d="{path}" class="line"/>{dots}', title)


def bar_chart(points: Sequence[tuple[str, float]], title: str) -> Markup:
    """Draw one horizontal bar per label."""
    if not points:
        return _empty(title)
    row, label_w = 26, 250
    height = PAD + row * len(points)
    top = max(v for _, v in points) or 1.0
    body = []
    for i, (label, value) in enumerate(points):
        y = 10 + i * row
        width = value / top * (W - label_w - 60)
        body.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(label[:38])}</text>"
            f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="{row - 8}" class="bar">'
            f"<title>{escape(label)}: {value:g}</title></rect>"
            f'<text x="{label_w + width + 6:.1f}" y="{y + 15}">{value:g}</text>')
    return _svg("".join(body), title, height)


def timeline(events: Sequence[tuple[str, str, str]], title: str) -> Markup:
    """Draw (date, label, href) events as linked, numbered dots on a time axis.

    The numbers follow date order, so a list of the events in date order is their key.
    """
    pts = [(year_of(d), d, label, href) for d, label, href in events if year_of(d)]
    if not pts:
        return _empty(title)
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    span = (x1 - x0) or 1.0
    mid = H / 2
    body = [f'<line x1="{PAD}" y1="{mid}" x2="{W - PAD}" y2="{mid}" class="axis"/>']
    for year in range(int(x0), int(x1) + 1):
        x = PAD + (year - x0) / span * (W - 2 * PAD)
        if PAD <= x <= W - PAD:
            body.append(f'<text x="{x:.1f}" y="{mid + 18}" text-anchor="middle" '
                        f'class="tick">{year}</text>')
    last_x, level = -100.0, 0
    for n, (x, date, label, href) in enumerate(sorted(pts), 1):
        cx = PAD + (x - x0) / span * (W - 2 * PAD)
        level = level + 1 if cx - last_x < 18 else 0
        last_x = cx
        ty = mid - 14 - (level % 4) * 15
        body.append(
            f'<a href="{escape(href)}"><circle cx="{cx:.1f}" cy="{mid}" r="6" class="dot">'
            f"<title>{n}. {escape(date)}: {escape(label)}</title></circle>"
            f'<text x="{cx:.1f}" y="{ty:.1f}" text-anchor="middle" class="event">{n}</text></a>')
    return _svg("".join(body), title)
