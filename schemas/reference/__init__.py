"""Reference data for the `entities` layer, and `load_gazetteer` that reads it.

The tables and their sources and licences are listed in `datapackage.json` (see README.md);
the generated ones are rebuilt by `python -m schemas.reference.build`.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from importlib.resources.abc import Traversable

import fsspec

from transforms.entities import Gazetteer, ReferenceEntity, local_entity_id
from transforms.errors import RunError


class ReferenceDataError(ValueError):
    """A reference table does not match its descriptor (edited by hand, truncated, stale)."""

    def __init__(self, table: str, reason: str) -> None:
        super().__init__(f"{table}: {reason}")
        self.table = table
        self.reason = reason


# Columns of a user alias file (the `alias_files` setting); `geonames_id` may be left out.
ALIAS_FILE_COLUMNS = ("canonical_name", "entity_type", "aliases")


@dataclass(frozen=True, slots=True)
class AliasTable:
    """A user alias file's text and where it came from; the worker parses it."""

    source: str
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def read_alias_files(paths: Iterable[str]) -> tuple[AliasTable, ...]:
    """The alias files a run uses, read once and checked, so every worker gets the same text."""
    tables = []
    for path in paths:
        try:
            with fsspec.open(path, "r", encoding="utf-8") as handle:
                table = AliasTable(path, handle.read())
        except (OSError, UnicodeDecodeError) as error:
            raise RunError(f"cannot read alias file {path}: {error}") from None
        list(_alias_entries(table))  # a bad file fails the run before any NLP
        tables.append(table)
    return tuple(tables)


def aliases_digest(tables: tuple[AliasTable, ...]) -> str:
    """A short hash of the alias files' texts, part of the extractor version when set."""
    joined = "\n".join(table.digest for table in tables)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def _alias_entries(
    table: AliasTable,
) -> Iterator[tuple[str, str, str, tuple[str, ...], int | None]]:
    """(entity id, canonical name, type, names, geonames id) of each row of a user alias file."""
    reader = _rows(table.text)
    missing = [name for name in ALIAS_FILE_COLUMNS if name not in (reader.fieldnames or ())]
    if missing:
        raise RunError(
            f"alias file {table.source} lacks column(s) {', '.join(missing)}",
            hint="columns: canonical_name,entity_type,aliases[,geonames_id]; aliases split by |",
        )
    for line, row in enumerate(reader, start=2):
        name, entity_type = (row["canonical_name"] or "").strip(), (row["entity_type"] or "")
        if not name or entity_type not in _VOCABULARY_FEATURES:
            raise RunError(
                f"alias file {table.source}, line {line}: need a canonical_name and an "
                f"entity_type of {', '.join(_VOCABULARY_FEATURES)}"
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
        yield entity_id, name, entity_type, names, geonames_id


@functools.cache
def load_gazetteer(alias_tables: tuple[AliasTable, ...] = ()) -> Gazetteer:
    """The gazetteer over every reference table, checked against `datapackage.json`, plus the
    user's alias files (`alias_tables`, see `read_alias_files`).

    Entity ids: countries and GeoNames places "geonames:<id>"; spellingukraine entries joined
    to a GeoNames place add their spellings to it; the others (people, a company, a region)
    get `local_entity_id`, the id the same name would get without the alias data. A user
    alias row adds its names to the entity of the same id, or declares a new one.
    """
    tables = verified_tables()
    entities: dict[str, ReferenceEntity] = {}
    country_ids: dict[str, str] = {}
    extra_names: dict[str, list[str]] = {}
    for row in _rows(tables["country_aliases.csv"]):
        extra_names.setdefault(row["country_code"], []).append(row["alias"])
    for row in _rows(tables["countries.csv"]):
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
    for row in _rows(tables["places.csv"]):
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
    for row in _rows(tables["spellingukraine.csv"]):
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
            entity_id,
            row["correct_spelling"],
            entity_type,
            spellings,
            geonames_id,
            country_code="UKR" if entity_type in ("GPE", "LOC") else None,
        )
    for table in alias_tables:
        for entity_id, name, entity_type, names, geonames_id in _alias_entries(table):
            _add_names(entities, entity_id, name, entity_type, names, geonames_id)
    demonyms = [
        (word, country_ids[row["country_code"]])
        for row in _rows(tables["demonyms.csv"])
        for word in (row["demonym"], row["plural"])
        if word
    ]
    return Gazetteer.build(entities.values(), demonyms)


_VOCABULARY_FEATURES = {"GPE": "city", "LOC": "region", "PERSON": "person", "ORG": "organisation"}


def _add_names(
    entities: dict[str, ReferenceEntity],
    entity_id: str,
    canonical_name: str,
    entity_type: str,
    names: tuple[str, ...],
    geonames_id: int | None,
    country_code: str | None = None,
) -> None:
    """Add `names` to a known entity, or declare it with them."""
    if entity_id in entities:
        known = entities[entity_id]
        entities[entity_id] = replace(known, names=(*known.names, *names))
        return
    entities[entity_id] = ReferenceEntity(
        entity_id=entity_id,
        canonical_name=canonical_name,
        entity_type=entity_type,
        feature=_VOCABULARY_FEATURES[entity_type],
        names=(*names, *_surnames(entity_type, names)),
        country_code=country_code,
        geonames_id=geonames_id,
    )


def _surnames(entity_type: str, spellings: tuple[str, ...]) -> tuple[str, ...]:
    """The family names of a person's spellings: news names a president by "Zelensky" alone."""
    if entity_type != "PERSON":
        return ()
    return tuple(dict.fromkeys(spelling.split()[-1] for spelling in spellings if " " in spelling))


def verified_tables(folder: Traversable | None = None) -> dict[str, str]:
    """Text of every table `datapackage.json` names, by path, after checking size and hash.

    `folder` defaults to this package; ReferenceDataError names the first table that fails.
    """
    folder = folder or resources.files(__package__)
    descriptor = json.loads(folder.joinpath("datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in descriptor["resources"]:
        data = folder.joinpath(resource["path"]).read_bytes()
        if len(data) != resource["bytes"]:
            raise ReferenceDataError(
                resource["path"], f"{len(data)} bytes, expected {resource['bytes']}"
            )
        digest = f"sha256:{hashlib.sha256(data).hexdigest()}"
        if digest != resource["hash"]:
            raise ReferenceDataError(
                resource["path"], f"hash {digest}, expected {resource['hash']}"
            )
        tables[resource["path"]] = data.decode("utf-8")
    return tables


def _rows(text: str) -> Iterator[dict[str, str]]:
    return csv.DictReader(io.StringIO(text, newline=""))


def _split(joined: str) -> tuple[str, ...]:
    return tuple(joined.split("|")) if joined else ()


__all__ = [
    "AliasTable",
    "ReferenceDataError",
    "aliases_digest",
    "load_gazetteer",
    "read_alias_files",
    "verified_tables",
]
