"""Reading the reference data: the packaged tables, checked against `datapackage.json`, and the
user's alias files (local paths or any fsspec URL).

Returns plain data (texts and rows); `transforms.entities.build_gazetteer` builds the gazetteer
from it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from importlib import resources
from importlib.resources.abc import Traversable

import fsspec

from schemas.errors import ReferenceDataError, RunError
from schemas.reference import AliasTable

# The tables read on their own (not by the gazetteer): language codes, NER label mappings.
LANGUAGES_TABLE = "languages.csv"
NER_LABELS_TABLE = "ner_labels.csv"


def verified_tables(folder: Traversable | None = None) -> dict[str, str]:
    """Text of every table `datapackage.json` names, by path, after checking size and hash.

    `folder` defaults to the `schemas.reference` package; ReferenceDataError names the first
    table that fails.
    """
    folder = folder or resources.files("schemas.reference")
    return {resource["path"]: _verified_text(folder, resource) for resource in _resources(folder)}


def verified_table(path: str, folder: Traversable | None = None) -> str:
    """Text of one table `datapackage.json` names, after checking its size and hash."""
    folder = folder or resources.files("schemas.reference")
    for resource in _resources(folder):
        if resource["path"] == path:
            return _verified_text(folder, resource)
    raise ReferenceDataError(path, "not listed in datapackage.json")


def language_codes(folder: Traversable | None = None) -> tuple[str, ...]:
    """The ISO 639-1 codes of `languages.csv`, the allowed values of the language columns."""
    return tuple(row["alpha2"] for row in table_rows(verified_table(LANGUAGES_TABLE, folder)))


def ner_label_rows(folder: Traversable | None = None) -> list[dict[str, str]]:
    """The rows of `ner_labels.csv`: language, a pipeline's NER label, the entity type."""
    return table_rows(verified_table(NER_LABELS_TABLE, folder))


def _resources(folder: Traversable) -> list[dict]:
    descriptor = json.loads(folder.joinpath("datapackage.json").read_text(encoding="utf-8"))
    return descriptor["resources"]


def _verified_text(folder: Traversable, resource: dict) -> str:
    data = folder.joinpath(resource["path"]).read_bytes()
    if len(data) != resource["bytes"]:
        raise ReferenceDataError(
            resource["path"], f"{len(data)} bytes, expected {resource['bytes']}"
        )
    digest = f"sha256:{hashlib.sha256(data).hexdigest()}"
    if digest != resource["hash"]:
        raise ReferenceDataError(resource["path"], f"hash {digest}, expected {resource['hash']}")
    return data.decode("utf-8")


def reference_rows(folder: Traversable | None = None) -> dict[str, list[dict[str, str]]]:
    """The rows of every verified table (see `verified_tables`), by path."""
    return {path: table_rows(text) for path, text in verified_tables(folder).items()}


def table_rows(text: str) -> list[dict[str, str]]:
    """The rows of a reference table's CSV text, by its header.

    Leading `#` lines are skipped: the generated tables start with one that names their build
    (`commentChar` in `datapackage.json`); the hash covers it, the rows do not.
    """
    while text.startswith("#"):
        text = text.partition("\n")[2]
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_alias_file(path: str) -> AliasTable:
    """The text of one user alias file; RunError if it cannot be read.

    Its rows are checked by `transforms.entities.check_alias_file`.
    """
    try:
        with fsspec.open(path, "r", encoding="utf-8") as handle:
            return AliasTable(path, handle.read())
    except (OSError, UnicodeDecodeError) as error:
        raise RunError(f"cannot read alias file {path}: {error}") from None


def aliases_digest(tables: tuple[AliasTable, ...]) -> str:
    """A short hash of the alias files' texts, part of the extractor version when set."""
    joined = "\n".join(table.digest for table in tables)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]
