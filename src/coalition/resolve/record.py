"""Flatten an analysed document into the extraction record of ../shared/eval/SCHEMA.md."""

from __future__ import annotations

from typing import Any

from coalition.model import AnalyzedDoc, Fact


def _unique(values: list[Any]) -> list[Any]:
    seen: dict[Any, None] = {}
    for v in values:
        seen.setdefault(v, None)
    return list(seen)


def _people(facts: list[Fact]) -> list[dict[str, Any]]:
    """One entry per person key; the first role the text gives wins."""
    people: dict[str, dict[str, Any]] = {}
    for f in facts:
        key = f.attrs.get("key") or f.attrs["name"]
        entry = people.setdefault(key, {"name": f.attrs["name"], "role": None})
        if len(f.attrs["name"]) > len(entry["name"]):
            entry["name"] = f.attrs["name"]
        if entry["role"] is None and f.attrs.get("role"):
            entry["role"] = f.attrs["role"]
    return list(people.values())


def _spellings(places: list[Fact]) -> dict[str, str]:
    """Each city's first spelling in the document ("Marrakesh" where the gazetteer's name is
    "Marrakech"; a shouted "BAGHDAD" as "Baghdad"): the record quotes the document."""
    spelled: dict[str, str] = {}
    for f in places:
        quote = f.quote.title() if f.quote.isupper() else f.quote
        spelled.setdefault(str(f.attrs.get("city")), quote)
    return spelled


def _meeting(f: Fact, spelled: dict[str, str]) -> dict[str, Any]:
    a = f.attrs
    city = a.get("city")
    return {"name": a.get("name"), "start": a.get("start"), "end": a.get("end"),
            "city": spelled.get(city, city) if city else city,
            "country_iso3": a.get("country_iso3"), "kind": a.get("kind", "other")}


def to_record(doc: AnalyzedDoc) -> dict[str, Any]:
    """Build the SCHEMA record: one object per document, sets de-duplicated in text order."""
    meta = doc.facts_of("document_meta")
    document = {"date": None, "city": None, "country_iso3": None, "kind": "other"}
    if meta:
        document.update({k: meta[0].attrs.get(k) for k in document})
        document["kind"] = document["kind"] or "other"

    def by_kind(kind: str) -> list[Fact]:
        return sorted(doc.facts_of(kind), key=lambda f: f.start)

    spelled = _spellings(by_kind("place"))
    if document["city"]:
        document["city"] = spelled.get(document["city"], document["city"])

    return {
        "document": document,
        "meetings": [_meeting(f, spelled) for f in by_kind("meeting")],
        "states_mentioned": _unique([f.attrs["iso3"] for f in by_kind("state")]),
        "organizations_mentioned": _unique([f.attrs["key"] for f in by_kind("organization")]),
        "armed_groups_mentioned": _unique([f.attrs["key"] for f in by_kind("armed_group")]),
        "people_mentioned": _people(by_kind("person")),
        "un_resolutions": _unique([int(f.attrs["number"]) for f in by_kind("resolution")]),
        "money": [{"amount": f.attrs["amount"], "currency": f.attrs["currency"], "text": f.quote}
                  for f in by_kind("money")],
        "metrics": [{"value": f.attrs["value"], "unit": f.attrs.get("unit", "count"),
                     "text": f.quote, "what": f.attrs.get("what")} for f in by_kind("metric")],
        "commitments": [{"text": f.quote,
                         "lines_of_effort": list(f.attrs.get("lines_of_effort", []))}
                        for f in by_kind("commitment")],
        "participants": _unique_dicts([{"meeting": f.attrs.get("meeting"),
                                        "member": f.attrs["member"], "role": f.attrs["role"]}
                                       for f in by_kind("participation")]),
    }


def _unique_dicts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        key = tuple(sorted(item.items()))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
