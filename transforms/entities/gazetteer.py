"""The gazetteer: reference entities indexed by name, acronym, code and demonym.

`build_gazetteer` makes it from the rows of the reference tables (read by
`warehouse.reference`) and the user's alias files; `alias_entries` parses and checks one alias
file, so a bad file fails a run before any NLP.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import NamedTuple

from schemas.errors import RunError
from schemas.reference import ALIAS_FILE_COLUMNS, AliasTable
from transforms.entities.names import acronym_letters, local_entity_id, name_key, without_article

PLACE_TYPES = frozenset({"GPE", "LOC"})
# Reference features in order of precedence when several entities share a name: a country
# beats a US state ("Georgia"), alias-data entries beat places, a US state beats a town
# ("Florida", Cuba) but not a capital ("Washington") or a city above BIG_PLACE.
FEATURE_RANK = {
    "country": 0,
    "person": 1,
    "organisation": 1,
    "region": 1,
    "capital": 2,
    "admin1": 2,
    "continent": 2,
    "city": 3,
}
# A place this big, or a capital, is taken over a PERSON label when no person in the article
# carries the word in their name: "released by Kyiv" (PERSON) is the city; "Jackson" is not.
BIG_PLACE = 1_000_000


@dataclass(frozen=True, slots=True)
class ReferenceEntity:
    """One entity of the reference data with the names it is known by.

    `names` match case- and accent-insensitively; `alternate_keys` are `name_key`s of weaker
    names (GeoNames alternate names), ranked below every primary name; `codes` (ISO alpha-3)
    match only an exact upper-case GPE mention.
    `feature` is one of the keys of `FEATURE_RANK`.
    """

    entity_id: str
    canonical_name: str
    entity_type: str
    feature: str
    names: tuple[str, ...]
    alternate_keys: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    country_code: str | None = None
    geonames_id: int | None = None
    wikidata_id: str | None = None
    population: int = 0


@dataclass(frozen=True)
class Gazetteer:
    """Read-only lookups over the reference entities.

    `by_key`: name key -> entity ids, best first; `by_acronym`: upper-case letters of an
    all-capitals name ("DPRK", "U.S.") -> entity id; `by_code`: ISO code -> country id;
    `demonyms`: name key of a demonym -> country id.
    """

    entities: Mapping[str, ReferenceEntity]
    by_key: Mapping[str, tuple[str, ...]]
    by_acronym: Mapping[str, str]
    by_code: Mapping[str, str]
    demonyms: Mapping[str, str]

    @classmethod
    def build(
        cls, entities: Iterable[ReferenceEntity], demonyms: Iterable[tuple[str, str]]
    ) -> Gazetteer:
        """Index `entities` by every name; `demonyms` are (word, country entity id) pairs."""
        # Indexing in order of precedence makes every id list come out best first, with no
        # per-name sorting: this runs over ~130,000 names at load time.
        ordered = sorted(entities, key=_precedence)
        by_key: dict[str, list[str]] = defaultdict(list)
        by_acronym: dict[str, str] = {}
        by_code: dict[str, str] = {}
        weak: list[tuple[str, str]] = []
        for entity in ordered:
            for position, name in enumerate((entity.canonical_name, *entity.names)):
                letters = acronym_letters(name)
                if letters is not None:
                    by_acronym.setdefault(letters, entity.entity_id)
                    continue
                key = name_key(name)
                if not key:
                    continue
                ids = by_key[key]
                if entity.entity_id not in ids:
                    ids.append(entity.entity_id)
                short = without_article(key) if position == 0 else ""
                if short and entity.entity_type in PLACE_TYPES:
                    weak.append((short, entity.entity_id))
            by_code.update(dict.fromkeys(entity.codes, entity.entity_id))
            weak.extend((key, entity.entity_id) for key in entity.alternate_keys)
        # Alternate names and article-less forms ("Raqqah" for "Ar Raqqah") rank below every
        # primary name, best entity first among themselves.
        for key, entity_id in weak:
            ids = by_key[key]
            if entity_id not in ids:
                ids.append(entity_id)
        by_id = {entity.entity_id: entity for entity in ordered}
        demonym_keys = {name_key(word): country for word, country in demonyms}
        missing = set(demonym_keys.values()) - by_id.keys()
        if missing:
            raise KeyError(f"demonyms name unknown entities: {sorted(missing)}")
        return cls(
            entities=MappingProxyType(by_id),
            by_key=MappingProxyType({key: tuple(ids) for key, ids in by_key.items()}),
            by_acronym=MappingProxyType(by_acronym),
            by_code=MappingProxyType(by_code),
            demonyms=MappingProxyType(demonym_keys),
        )


def _precedence(entity: ReferenceEntity) -> tuple[int, int]:
    """Sort key of reference entities sharing a name: best first (see `FEATURE_RANK`)."""
    rank = FEATURE_RANK[entity.feature]
    if entity.feature == "city" and entity.population >= BIG_PLACE:
        rank = FEATURE_RANK["capital"]
    return rank, -entity.population


# The feature of an entity the alias data declares (spellingukraine, user alias files), by its
# type: the entity types an alias file may name.
NAMED_TYPE_FEATURES = {"GPE": "city", "LOC": "region", "PERSON": "person", "ORG": "organisation"}


class AliasEntry(NamedTuple):
    """One row of a user alias file: the entity it names and every name it is known by."""

    entity_id: str
    canonical_name: str
    entity_type: str
    names: tuple[str, ...]
    geonames_id: int | None


def build_gazetteer(
    reference_rows: Mapping[str, Sequence[Mapping[str, str]]],
    alias_tables: Sequence[AliasTable] = (),
) -> Gazetteer:
    """The gazetteer over every reference table, plus the user's alias files.

    `reference_rows` are the rows of each table of `datapackage.json`, by path
    ("countries.csv"), as `warehouse.reference.reference_rows` reads them.

    Entity ids: countries and GeoNames places "geonames:<id>"; spellingukraine entries joined
    to a GeoNames place add their spellings to it; the others (people, a company, a region)
    get `local_entity_id`, the id the same name would get without the alias data. A user
    alias row adds its names to the entity of the same id, or declares a new one.
    """
    entities: dict[str, ReferenceEntity] = {}
    country_ids: dict[str, str] = {}
    extra_names: dict[str, list[str]] = {}
    for row in reference_rows["country_aliases.csv"]:
        extra_names.setdefault(row["country_code"], []).append(row["alias"])
    for row in reference_rows["countries.csv"]:
        entity_id = f"geonames:{row['geonames_id']}"
        country_ids[row["alpha3"]] = entity_id
        entities[entity_id] = ReferenceEntity(
            entity_id=entity_id,
            canonical_name=row["name"],
            entity_type="GPE",
            feature="country",
            names=(*_split(row["aliases"]), *extra_names.get(row["alpha3"], ())),
            codes=(row["alpha3"],),
            country_code=row["alpha3"],
            geonames_id=int(row["geonames_id"]),
            population=int(row["population"]),
        )
    for row in reference_rows["places.csv"]:
        entity_id = f"geonames:{row['geonames_id']}"
        entities[entity_id] = ReferenceEntity(
            entity_id=entity_id,
            canonical_name=row["name"],
            entity_type="LOC" if row["feature"] == "continent" else "GPE",
            feature=row["feature"],
            names=(),
            alternate_keys=_split(row["alternate_keys"]),
            country_code=row["country_code"] or None,
            geonames_id=int(row["geonames_id"]),
            population=int(row["population"]),
        )
    for row in reference_rows["spellingukraine.csv"]:
        spellings = (
            row["correct_spelling"],
            *_split(row["incorrect_spellings"]),
            *_split(row["related_spellings"]),
        )
        entity_type = row["entity_type"]
        geonames_id = int(row["geonames_id"]) if row["geonames_id"] else None
        entity_id = (
            f"geonames:{geonames_id}"
            if geonames_id is not None
            else local_entity_id(entity_type, row["correct_spelling"])
        )
        # Villages below the places.csv population cut, people, a company, a region.
        _add_names(
            entities,
            AliasEntry(entity_id, row["correct_spelling"], entity_type, spellings, geonames_id),
            country_code="UKR" if entity_type in PLACE_TYPES else None,
        )
    for table in alias_tables:
        for entry in alias_entries(table):
            _add_names(entities, entry)
    demonyms = [
        (word, country_ids[row["country_code"]])
        for row in reference_rows["demonyms.csv"]
        for word in (row["demonym"], row["plural"])
        if word
    ]
    return Gazetteer.build(entities.values(), demonyms)


def alias_entries(table: AliasTable) -> Iterator[AliasEntry]:
    """The entries of a user alias file; RunError names the file and line of the first bad row."""
    reader = csv.DictReader(io.StringIO(table.text, newline=""))
    missing = [name for name in ALIAS_FILE_COLUMNS if name not in (reader.fieldnames or ())]
    if missing:
        raise RunError(
            f"alias file {table.source} lacks column(s) {', '.join(missing)}",
            hint="columns: canonical_name,entity_type,aliases[,geonames_id]; aliases split by |",
        )
    for line, row in enumerate(reader, start=2):
        name, entity_type = (row["canonical_name"] or "").strip(), (row["entity_type"] or "")
        if not name or entity_type not in NAMED_TYPE_FEATURES:
            raise RunError(
                f"alias file {table.source}, line {line}: need a canonical_name and an "
                f"entity_type of {', '.join(NAMED_TYPE_FEATURES)}"
            )
        raw_id = (row.get("geonames_id") or "").strip()
        if raw_id and not raw_id.isdigit():
            raise RunError(f"alias file {table.source}, line {line}: geonames_id {raw_id!r}")
        geonames_id = int(raw_id) if raw_id else None
        entity_id = (
            f"geonames:{geonames_id}"
            if geonames_id is not None
            else local_entity_id(entity_type, name)
        )
        names = (name, *(alias.strip() for alias in _split(row["aliases"] or "") if alias.strip()))
        yield AliasEntry(entity_id, name, entity_type, names, geonames_id)


def check_alias_file(table: AliasTable) -> None:
    """Raise RunError at the first bad row of a user alias file (see `alias_entries`)."""
    for _entry in alias_entries(table):
        pass


def _add_names(
    entities: dict[str, ReferenceEntity], entry: AliasEntry, country_code: str | None = None
) -> None:
    """Add the entry's names to a known entity, or declare it with them."""
    if entry.entity_id in entities:
        known = entities[entry.entity_id]
        entities[entry.entity_id] = replace(known, names=(*known.names, *entry.names))
        return
    entities[entry.entity_id] = ReferenceEntity(
        entity_id=entry.entity_id,
        canonical_name=entry.canonical_name,
        entity_type=entry.entity_type,
        feature=NAMED_TYPE_FEATURES[entry.entity_type],
        names=(*entry.names, *_surnames(entry.entity_type, entry.names)),
        country_code=country_code,
        geonames_id=entry.geonames_id,
    )


def _surnames(entity_type: str, spellings: tuple[str, ...]) -> tuple[str, ...]:
    """The family names of a person's spellings: news names a president by "Zelensky" alone."""
    if entity_type != "PERSON":
        return ()
    return tuple(dict.fromkeys(spelling.split()[-1] for spelling in spellings if " " in spelling))


def _split(joined: str) -> tuple[str, ...]:
    """The values of a `|`-joined cell."""
    return tuple(joined.split("|")) if joined else ()
