"""A release's layout and its `datapackage.json` descriptor: resources, hashes, Table Schemas."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

import fsspec
import pyarrow as pa
from fsspec.implementations.local import LocalFileSystem

from schemas import TABLES, TableSchema
from schemas.errors import RunError
from schemas.table import Column

if TYPE_CHECKING:
    from warehouse.snapshots.versions import Version

PACKAGE = "datapackage.json"
DATA_FOLDER = "data"
CARD = "README.md"
CHANGELOG = "CHANGELOG.md"
DATABASE = "newsledger.duckdb"
CHART = "claims-timeline.png"
CITATION = "CITATION.cff"
DATACITE = "datacite.json"
# The files every release holds to be cited and found (checked by `verify`).
METADATA_FILES = (CARD, CITATION, DATACITE)
# How `publish` lists what it wrote: group name and the files in it (tables: `data/`).
FILE_GROUPS = (
    ("tables", ()),
    ("database", (DATABASE,)),
    ("metadata", (PACKAGE, CITATION, DATACITE)),
    ("documentation", (CARD, CHANGELOG, CHART)),
)

# The text policy (issue 20): by default a release carries no article bodies, which belong to
# their publishers. `articles.text` is then null in every row (the column stays, so every
# release of a warehouse has one schema and queries that name it still run); the
# `text_sha256` column, computed at publish time, identifies each body either way.
TEXT_INCLUDED = "included"
TEXT_WITHHELD = "withheld"
BODY_TABLE = "articles"
BODY_COLUMN = "text"
TEXT_SHA256 = Column(
    "text_sha256",
    pa.string(),
    "sha256 (hex) of the article's body text as UTF-8, computed when the release was "
    "published: checks a copy of the article found again by its URL, with or without the "
    "body in this release.",
    nullable=False,
)
WITHHELD_TEXT = Column(
    BODY_COLUMN,
    pa.string(),
    "Body text exactly as given when the release includes the bodies (`newsledger publish "
    "--include-text`; `newsledger.article_text` in datapackage.json says which); null in "
    "every row otherwise. Every offset indexes into it; spans keep their own surface text.",
)


def released_schema(schema: TableSchema) -> TableSchema:
    """A table's schema in a release: `articles` with a nullable body and its sha256."""
    if schema.name != BODY_TABLE:
        return schema
    columns: list[Column] = []
    for column in schema.columns:
        if column.name == BODY_COLUMN:
            columns += [WITHHELD_TEXT, TEXT_SHA256]
        else:
            columns.append(column)
    return dataclasses.replace(schema, columns=tuple(columns))


def filesystem(location: str) -> tuple[fsspec.AbstractFileSystem, str]:
    """The filesystem of a folder or URL, and the folder's path on it (no trailing slash)."""
    fs, root = fsspec.core.url_to_fs(location)
    return fs, root.rstrip("/")


def uri(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """A path on `fs` as DuckDB and users see it: local paths as they are, else a URL."""
    if isinstance(fs, LocalFileSystem):
        return path
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return f"{protocol}://{path}"


def sha256_file(path: str | os.PathLike, fs: fsspec.AbstractFileSystem | None = None) -> str:
    """The hex sha256 of a local file, or of a file on `fs`."""
    with fs.open(str(path), "rb") if fs is not None else open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def package_digest(location: str) -> str:
    """`sha256:` of a release's `datapackage.json`, which lists every other file's hash."""
    fs, root = filesystem(location)
    return f"sha256:{sha256_file(f'{root}/{PACKAGE}', fs)}"


def read_package(fs: fsspec.AbstractFileSystem, folder: str) -> dict:
    with fs.open(f"{folder}/{PACKAGE}", "rb") as handle:
        return json.loads(handle.read())


def safe_relative(path: str) -> str:
    """A path from a package, refused if it could leave the snapshot's folder."""
    normal = posixpath.normpath(path)
    if normal.startswith(("/", "..")) or "://" in path or "\\" in path:
        raise RunError(f"unsafe path in {PACKAGE}: {path!r}")
    return normal


_TABLE_SCHEMA_TYPES = (
    (pa.types.is_boolean, "boolean"),
    (pa.types.is_integer, "integer"),
    (pa.types.is_floating, "number"),
    (pa.types.is_decimal, "number"),
    (pa.types.is_date, "date"),
    (pa.types.is_timestamp, "datetime"),
    (pa.types.is_string, "string"),
    (pa.types.is_large_string, "string"),
    (pa.types.is_list, "array"),
    (pa.types.is_large_list, "array"),
    (pa.types.is_struct, "object"),
    (pa.types.is_map, "object"),
)


def table_schema_type(arrow_type: pa.DataType) -> str:
    """The Frictionless Table Schema type of an Arrow type ("any" when none fits)."""
    for test, name in _TABLE_SCHEMA_TYPES:
        if test(arrow_type):
            return name
    return "any"


def arrow_type_name(arrow_type: pa.DataType) -> str:
    """An Arrow type as text, with list items named alike whether read from Parquet or not."""
    return str(arrow_type).replace("<element: ", "<item: ")


def table_schema_descriptor(schema: TableSchema) -> dict:
    """A table's Frictionless Table Schema: fields with types and descriptions, primaryKey."""
    return {
        "fields": [
            {
                "name": column.name,
                "type": table_schema_type(column.type),
                "description": column.description,
                "constraints": {"required": not column.nullable},
                # The exact storage type, so a schema change is seen even within one type.
                "arrowType": arrow_type_name(column.type),
            }
            for column in schema.columns
        ],
        "primaryKey": list(schema.primary_key),
    }


def package_descriptor(
    staging: Path,
    version: Version,
    created: dt.datetime,
    license_id: str | None,
    sources: list[dict],
    provenance: dict,
    written: dict[str, Path],
    *,
    include_text: bool,
    title: str = "newsledger: figures reported in news articles, by whom and when",
) -> dict:
    """The `datapackage.json` of the release staged in `staging` (written last).

    No licence given, no `licenses` entry: nothing claims rights newsledger does not have.
    """
    resources = []
    for name, path in written.items():
        schema = released_schema(TABLES[name])
        resources.append(
            {
                "name": name,
                "path": f"{DATA_FOLDER}/{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": schema.description or schema.grain,
                "bytes": path.stat().st_size,
                "hash": f"sha256:{sha256_file(path)}",
                "schema": table_schema_descriptor(schema),
            }
        )
    others = {
        path.relative_to(staging).as_posix(): {
            "bytes": path.stat().st_size,
            "hash": f"sha256:{sha256_file(path)}",
        }
        for path in sorted(staging.iterdir())
        if path.is_file() and path.name != PACKAGE
    }
    licenses = {"licenses": [{"name": license_id}]} if license_id else {}
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "newsledger",
        "title": title,
        "version": str(version),
        "created": created.isoformat().replace("+00:00", "Z"),
        **licenses,
        "sources": sources,
        "resources": resources,
        "newsledger": {
            **provenance,
            "article_text": TEXT_INCLUDED if include_text else TEXT_WITHHELD,
            "files": others,
        },
    }


def file_groups(files: dict[str, int]) -> dict[str, dict[str, int]]:
    """A release's files (path -> bytes) by `FILE_GROUPS`, in order; the rest as "other"."""
    groups: dict[str, dict[str, int]] = {name: {} for name, _ in FILE_GROUPS}
    for path, size in files.items():
        group = next(
            (name for name, members in FILE_GROUPS if path in members),
            "tables" if path.startswith(f"{DATA_FOLDER}/") else "other",
        )
        groups.setdefault(group, {})[path] = size
    return {name: members for name, members in groups.items() if members}
