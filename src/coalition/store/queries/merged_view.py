"""What a record merged from several documents shows a viewer who may see only some of them.

A meeting merges what several documents say of it: its first mention names it, later ones
add a date or a finer one, a city, a country (:func:`coalition.resolve.meetings.enrich`).
A commitment stated in the same words by several documents takes its deadline from the
first. The stored fields are that merge over every document. A viewer who may not see some
of a record's sources is shown the same merge over the sources they may see (each source
keeps what its own mention said, ``sources.attrs``), so a date, a place or a name that only
a hidden document gives never reaches them. Every read of these fields for a viewer goes
through this module.

Sources stored before revision 0009 keep no such record: a record whose visible sources all
predate it shows its stored fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields, replace
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition.resolve.meetings import MeetingInfo, enrich, meeting_key
from coalition.store.queries import cache
from coalition.store.tables import Meeting, Source
from coalition.store.visibility import ALL_ROWS, hidden_record_ids, sees_everything, viewer_of

FIELDS = tuple(f.name for f in fields(MeetingInfo))
DEADLINE_FIELDS = ("deadline", "deadline_text")


R = TypeVar("R")
S = TypeVar("S")


def _visible_attrs(session: Session, record_type: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (record id, attrs) of the visible sources, in source order, of each record of
    ``record_type`` that has a source hidden from the session's viewer."""
    viewer = viewer_of(session)
    hidden = hidden_record_ids(viewer, record_type).distinct()
    partial = sorted(session.scalars(hidden, execution_options={ALL_ROWS: True}))
    for start in range(0, len(partial), 500):  # the viewer's limits apply here
        yield from ((i, attrs) for i, attrs in session.execute(
            select(Source.record_id, Source.attrs)
            .where(Source.record_type == record_type,
                   Source.record_id.in_(partial[start:start + 500]))
            .order_by(Source.id)) if attrs)


def _restricted(session: Session) -> bool:
    viewer = viewer_of(session)
    return not viewer.unrestricted and not sees_everything(session, viewer)


def shown_meetings(session: Session) -> dict[int, MeetingInfo]:
    """Return what the session's viewer is shown of each meeting that draws on a source
    hidden from them (other meetings show their stored fields).

    One pass over the hidden meeting sources and the visible sources of their meetings,
    cached per store generation and audience; nothing at all for a viewer who sees every
    document and fact.
    """
    if not _restricted(session):
        return {}

    def compute() -> dict[int, MeetingInfo]:
        shown: dict[int, MeetingInfo] = {}
        for record_id, attrs in _visible_attrs(session, "meeting"):
            info = MeetingInfo(str(attrs.get("name") or ""), str(attrs.get("kind") or "other"),
                               attrs.get("start"), attrs.get("end"), attrs.get("city"),
                               attrs.get("country_iso3"))
            known = shown.get(record_id)
            shown[record_id] = info if known is None else enrich(known, info)
        return shown

    return cache.cached(session, "shown_meetings", (), compute,
                        audience_key=viewer_of(session).audience_key)


def shown_deadlines(session: Session) -> dict[int, tuple[str | None, str | None]]:
    """Return the (deadline, deadline text) the viewer is shown of each commitment with a
    source hidden from them: its first visible statement's, as the first statement's is
    stored."""
    if not _restricted(session):
        return {}

    def compute() -> dict[int, tuple[str | None, str | None]]:
        shown: dict[int, tuple[str | None, str | None]] = {}
        for record_id, attrs in _visible_attrs(session, "commitment"):
            shown.setdefault(record_id, (attrs.get("deadline"), attrs.get("deadline_text")))
        return shown

    return cache.cached(session, "shown_deadlines", (), compute,
                        audience_key=viewer_of(session).audience_key)


def show_deadlines(session: Session, rows: Iterable[R], *, id_field: str = "id") -> list[R]:
    """Return ``rows`` (dataclasses naming a commitment by ``id_field``) with the deadline
    and deadline text the viewer is shown (each field the row has)."""
    return _overlaid(rows, shown_deadlines(session), id_field, lambda row, found: {
        k: v for k, v in zip(DEADLINE_FIELDS, found, strict=True) if hasattr(row, k)})


def show_rows(session: Session, rows: Iterable[R], *, id_field: str = "id",
              prefix: str = "") -> list[R]:
    """Return ``rows`` (dataclasses naming a meeting) with the meeting fields the viewer is
    shown: ``id_field`` holds the meeting id, ``prefix + field`` each field present."""
    def changes(row: R, info: MeetingInfo) -> dict[str, Any]:
        found = {prefix + k: getattr(info, k) for k in FIELDS if hasattr(row, prefix + k)}
        if hasattr(row, prefix + "key"):
            found[prefix + "key"] = meeting_key(info)
        return found

    return _overlaid(rows, shown_meetings(session), id_field, changes)


def _overlaid(rows: Iterable[R], shown: dict[int, S], id_field: str,
              changes: Callable[[R, S], dict[str, Any]]) -> list[R]:
    """Return ``rows`` with ``changes`` applied to each whose ``id_field`` is in ``shown``."""
    return [row if (found := shown.get(getattr(row, id_field))) is None
            else replace(row, **changes(row, found))  # type: ignore[type-var]
            for row in rows]


def shown_names(session: Session, names: dict[int, str]) -> dict[int, str]:
    """Return ``names`` (meeting id -> name) with the names the viewer is shown."""
    shown = shown_meetings(session)
    return names if not shown else {
        i: shown[i].name if i in shown else name for i, name in names.items()}


def show_meetings(session: Session, meetings: Iterable[Meeting]) -> list[Meeting]:
    """Return ``meetings`` with, in place of each one the viewer is shown otherwise, a
    detached copy holding what they are shown (never added to the session, never saved)."""
    meetings = list(meetings)
    shown = shown_meetings(session)
    if not shown:
        return meetings
    return [m if m.id not in shown else Meeting(
        id=m.id, key=meeting_key(shown[m.id]), superseded_by=m.superseded_by,
        **{k: getattr(shown[m.id], k) for k in FIELDS}) for m in meetings]
