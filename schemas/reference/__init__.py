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
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from importlib.resources.abc import Traversable

from transforms.entities import Gazetteer, ReferenceEntity, local_entity_id


class ReferenceDataError(ValueError):
    """A reference table does not match its descriptor (edited by hand, truncated, stale)."""

    def __init__(self, table: str, reason: str) -> None:
        super().__init__(f"{table}: {reason}")
        self.table = table
        self.reason = reason


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer over every reference table, checked against `datapackage.json`.

    Entity ids: countries and GeoNames places "geonames:<id>"; spellingukraine entries joined
    to a GeoNames place add their spellings to it; the others (people, a company, a region)
    get `local_entity_id`, the id the same name would get without the alias data.
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
        if entity_id in entities:
            known = entities[entity_id]
            entities[entity_id] = replace(known, names=(*known.names, *spellings))
            continue
        # Villages below the places.csv population cut, people, a company, a region.
        entities[entity_id] = ReferenceEntity(
            entity_id=entity_id,
            canonical_name=row["correct_spelling"],
            entity_type=entity_type,
            feature=_VOCABULARY_FEATURES[entity_type],
            names=(*spellings, *_surnames(entity_type, spellings)),
            country_code="UKR" if entity_type in ("GPE", "LOC") else None,
            geonames_id=geonames_id,
        )
    demonyms = [
        (word, country_ids[row["country_code"]])
        for row in _rows(tables["demonyms.csv"])
        for word in (row["demonym"], row["plural"])
        if word
    ]
    return Gazetteer.build(entities.values(), demonyms)


_VOCABULARY_FEATURES = {"GPE": "city", "LOC": "region", "PERSON": "person", "ORG": "organisation"}


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


__all__ = ["ReferenceDataError", "load_gazetteer", "verified_tables"]
