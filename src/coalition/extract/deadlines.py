"""Deadlines of commitments: "no later than within 180 days", "by the end of 2017".

The expressions are data (``type: deadline`` rows of ``extract/patterns/commitments.jsonl``):
``rel`` patterns name an offset (``n`` and ``unit`` groups) counted from the document's or the
meeting's date, ``abs`` patterns name a date (``day``, ``month``, ``year``, ``edge`` groups).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from coalition.data import load_patterns
from coalition.model import AnalyzedDoc

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
          "thirty": 30, "sixty": 60, "ninety": 90}
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]:
    return tuple((r["kind"], tuple(r.get("keys", ())), re.compile(r["pattern"], re.IGNORECASE))
                 for r in load_patterns("commitments.jsonl") if r["type"] == "deadline")


def _parse_iso(value: object) -> date | None:
    m = _ISO.match(str(value or ""))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def base_date(doc: AnalyzedDoc) -> date | None:
    """The date a relative deadline counts from: the document's own full date, else the full
    date of the meeting held where the document was issued; else None (no date rather than
    a wrong one: another meeting the text mentions is not the one that set the deadline)."""
    metas = doc.facts_of("document_meta")
    for f in metas:
        if found := _parse_iso(f.attrs.get("date")):
            return found
    place = {(f.attrs.get("city"), f.attrs.get("country_iso3")) for f in metas} - {(None, None)}
    for f in sorted(doc.facts_of("meeting"), key=lambda f: f.start):
        if (f.attrs.get("city"), f.attrs.get("country_iso3")) in place:
            return _parse_iso(f.attrs.get("start"))
    return None


def add_offset(base: date, n: int, unit: str) -> date:
    """``base`` plus ``n`` days, weeks, months or years (month ends are clamped).

    >>> add_offset(date(2024, 1, 31), 1, "month")
    datetime.date(2024, 2, 29)
    """
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return base + timedelta(days=n)
    if unit == "week":
        return base + timedelta(weeks=n)
    months = n * 12 if unit == "year" else n
    year, month = divmod(base.month - 1 + months, 12)
    year += base.year
    day = min(base.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _absolute(m: re.Match[str], base: date | None) -> date | None:
    """The date an absolute deadline names: the last day of the period unless a day is given."""
    groups = m.groupdict()
    year_text = groups.get("year") or ""
    if year_text.lower() == "year":
        return date(base.year, 12, 31) if base else None
    year = int(year_text)
    month = _MONTHS.get((groups.get("month") or "").lower())
    day_text = groups.get("day") or groups.get("day2")
    edge = (groups.get("edge") or "end").lower()
    if month is None:
        return date(year, 12, 31) if edge in ("end", "close") else None
    last = calendar.monthrange(year, month)[1]
    if day_text and int(day_text) <= last:
        return date(year, month, int(day_text))
    return date(year, month, last) if edge in ("end", "close") else None


def find_deadline(text: str, base: date | None) -> tuple[str | None, str | None]:
    """(ISO deadline or None, deadline text or None) of a sentence.

    >>> find_deadline("We will meet again no later than within 90 days.", date(2015, 1, 1))
    ('2015-04-01', 'no later than within 90 days')
    >>> find_deadline("We will act by the end of 2017.", None)
    ('2017-12-31', 'by the end of 2017')
    """
    low = text.lower()
    for kind, keys, rx in _patterns():
        if keys and not any(map(low.__contains__, keys)):
            continue
        m = rx.search(text)
        if not m:
            continue
        if kind == "rel":
            n_text = m.group("n").lower()
            n = int(n_text) if n_text.isdigit() else _WORDS[n_text]
            value = add_offset(base, n, m.group("unit")) if base else None
        else:
            value = _absolute(m, base)
        return (value.isoformat() if value else None), m.group(0)
    return None, None
