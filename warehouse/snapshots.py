"""Published snapshots: immutable, versioned, checksummed releases of the warehouse.

A snapshot is a folder `<target>/<version>/` (local or any fsspec URL) holding:

- `data/<table>.parquet`: every table, one file each, sorted by its primary key;
- `datapackage.json`: a Frictionless Data Package (name, version, created, licenses,
  sources; per resource its path, bytes, `sha256:` hash and Table Schema with descriptions
  and primaryKey), plus `newsledger`: code and model versions, the runs behind the data, and
  the size and hash of every other file;
- `README.md`, the dataset card, with `claims-timeline.png`;
- `CHANGELOG.md`: rows added, removed and changed per table, and schema changes, against the
  previous version;
- `newsledger.duckdb`: the tables and views in one file.

Versions follow the Frictionless recipe: a schema change needs a new major version, new rows
a new minor one, corrections (rows removed or changed) a new patch. `publish` refuses a
version that is not greater than the last, or smaller than the change needs, and says which
version would be next. Nothing is ever overwritten: the release is built in a local staging
folder, then moved into place in one rename (local targets) or uploaded with
`datapackage.json` last (object stores), so a folder without it is an incomplete upload,
never a release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from schemas import TABLES, TableSchema
from transforms.errors import RunError
from warehouse.catalog import (
    create_table_views,
    quote_identifier,
    quote_literal,
    read_only_catalog,
)
from warehouse.snapshot_card import changelog_text, render_card, render_chart
from warehouse.store import Manifest, Store
from warehouse.tables import read_column

PACKAGE = "datapackage.json"
DATA_FOLDER = "data"
CARD = "README.md"
CHANGELOG = "CHANGELOG.md"
DATABASE = "newsledger.duckdb"
CHART = "claims-timeline.png"
_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_CHUNK = 1024 * 1024


@dataclass(frozen=True, order=True, slots=True)
class Version:
    """A MAJOR.MINOR.PATCH version; the only thing allowed as a snapshot's folder name."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _VERSION.fullmatch(text.strip())
        if not match:
            raise RunError(
                f"not a version: {text!r}", hint="use MAJOR.MINOR.PATCH, for example 1.0.0"
            )
        return cls(*(int(part) for part in match.groups()))

    def bumped(self, kind: str) -> Version:
        if kind == "major":
            return Version(self.major + 1, 0, 0)
        if kind == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(slots=True)
class TableChange:
    """How a table differs from the previous version, by primary key."""

    rows: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    schema_changes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Release:
    """What `publish` wrote."""

    version: Version
    location: str
    previous: Version | None
    required_bump: str
    changes: dict[str, TableChange]
    files: dict[str, int]  # path in the release -> bytes


@dataclass(frozen=True, slots=True)
class Problem:
    """One file of a snapshot that fails verification, and why."""

    path: str
    reason: str


# Locations and versions


def _filesystem(target: str) -> tuple[fsspec.AbstractFileSystem, str]:
    fs, root = fsspec.core.url_to_fs(target)
    return fs, root.rstrip("/")


def _uri(fs: fsspec.AbstractFileSystem, path: str) -> str:
    if isinstance(fs, LocalFileSystem):
        return path
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return f"{protocol}://{path}"


def package_digest(location: str) -> str:
    """`sha256:` of a release's `datapackage.json`, which lists every other file's hash."""
    fs, root = _filesystem(location)
    with fs.open(f"{root}/{PACKAGE}", "rb") as handle:
        return "sha256:" + hashlib.sha256(handle.read()).hexdigest()


def published_versions(target: str) -> list[Version]:
    """Complete releases under `target` (folders named by a version, with a package), sorted."""
    fs, root = _filesystem(target)
    if not fs.exists(root):
        return []
    if not isinstance(fs, LocalFileSystem):
        fs.invalidate_cache(root)
    versions = []
    for entry in fs.ls(root, detail=False):
        name = posixpath.basename(entry.rstrip("/"))
        if _VERSION.fullmatch(name) and fs.exists(f"{root}/{name}/{PACKAGE}"):
            versions.append(Version.parse(name))
    return sorted(versions)


# Tables that record how the data was made, not data: rows added there alone (the `runs` row
# a publish commits, say) make a patch release.
RECORD_TABLES = ("runs", "checks")


def required_bump(changes: dict[str, TableChange]) -> str:
    """The Frictionless recipe: schema change -> major, new rows -> minor, else patch."""
    if any(change.schema_changes for change in changes.values()):
        return "major"
    if any(change.added for name, change in changes.items() if name not in RECORD_TABLES):
        return "minor"
    return "patch"


def check_version(version: Version, previous: Version | None, bump: str) -> None:
    """Refuse a version not above the last one, or below what the changes need."""
    if previous is None:
        return
    needed = previous.bumped(bump)
    if version <= previous:
        raise RunError(
            f"version {version} is not greater than the last published version {previous}",
            hint=f"the next version would be {needed} ({bump}: see the changes listed)",
        )
    if version < needed:
        raise RunError(
            f"version {version} is too small for these changes: a {bump} release is needed",
            hint=f"the next version would be {needed}",
        )


# Publishing


def warehouse_provenance(store: Store, manifest: Manifest, code_version: str) -> dict:
    """The code, models and runs behind the warehouse's rows, for the package and the card."""
    runs = read_column(
        store,
        manifest,
        "runs",
        ["run_id", "kind", "started_at", "model_name", "model_version", "extractor_version"],
    ).to_pylist()
    models = sorted(
        {(run["model_name"], run["model_version"]) for run in runs if run["model_name"]}
    )
    return {
        "code_version": code_version,
        "models": [{"name": name, "version": version} for name, version in models],
        "extractor_versions": sorted(
            {run["extractor_version"] for run in runs if run["extractor_version"]}
        ),
        "run_ids": sorted(run["run_id"] for run in runs),
        # The runs behind the rows, each with its kind (ingest, reprocess, publish).
        "runs": [
            {
                "run_id": run["run_id"],
                "kind": run["kind"],
                "started_at": run["started_at"].isoformat(),
                "extractor_version": run["extractor_version"],
            }
            for run in sorted(runs, key=lambda run: (run["started_at"], run["run_id"]))
        ],
    }


def publish(
    store: Store,
    manifest: Manifest,
    target: str,
    version: str,
    *,
    license_id: str,
    provenance: dict,
    accuracy: dict[str, float],
) -> Release:
    """Write the warehouse as release `version` under `target`; see the module docstring."""
    wanted = Version.parse(version)
    fs, root = _filesystem(target)
    destination = f"{root}/{wanted}"
    if fs.exists(f"{destination}/{PACKAGE}"):
        raise RunError(
            f"version {wanted} is already published at {target}", hint="releases are immutable"
        )
    versions = published_versions(target)
    previous = versions[-1] if versions else None
    with tempfile.TemporaryDirectory(prefix="newsledger-publish-") as staging_folder:
        staging = Path(staging_folder)
        written = _write_tables(store, manifest, staging)
        previous_package = _read_package(fs, f"{root}/{previous}") if previous is not None else None
        changes = _compare(
            written, previous_package, fs, f"{root}/{previous}" if previous else None
        )
        bump = required_bump(changes) if previous is not None else "initial"
        check_version(wanted, previous, bump)
        created = dt.datetime.now(dt.UTC).replace(microsecond=0)
        stats = _statistics(staging)
        _write_database(staging)
        chart = render_chart(stats["timeline"], stats["timeline_title"])
        if chart is not None:
            (staging / CHART).write_bytes(chart)
        (staging / CARD).write_text(
            render_card(
                version=str(wanted),
                created=created,
                license_id=license_id,
                stats=stats,
                accuracy=accuracy,
                provenance=provenance,
                chart=CHART if chart is not None else None,
            ),
            encoding="utf-8",
        )
        (staging / CHANGELOG).write_text(
            changelog_text(str(wanted), previous and str(previous), bump, changes),
            encoding="utf-8",
        )
        package = _package(
            staging, wanted, created, license_id, stats["sources"], provenance, written
        )
        (staging / PACKAGE).write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
        files = {
            path.relative_to(staging).as_posix(): path.stat().st_size
            for path in sorted(staging.rglob("*"))
            if path.is_file()
        }
        _move_into_place(staging, fs, destination)
    return Release(wanted, _uri(fs, destination), previous, bump, changes, files)


def _write_tables(store: Store, manifest: Manifest, staging: Path) -> dict[str, Path]:
    """Every table as one Parquet file sorted by its primary key (an empty table too)."""
    (staging / DATA_FOLDER).mkdir()
    written = {}
    for name, schema in TABLES.items():
        table = read_column(store, manifest, name, list(schema.column_names))
        if table.num_rows == 0:
            table = schema.arrow_schema.empty_table()
        table = table.cast(schema.arrow_schema).sort_by(
            [(column, "ascending") for column in schema.primary_key]
        )
        path = staging / DATA_FOLDER / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd", row_group_size=256 * 1024)
        written[name] = path
    return written


def _move_into_place(staging: Path, fs: fsspec.AbstractFileSystem, destination: str) -> None:
    if isinstance(fs, LocalFileSystem):
        parent = os.path.dirname(destination)
        os.makedirs(parent, exist_ok=True)
        if os.path.exists(destination):
            # An earlier upload died before its package: not a release, safe to replace.
            shutil.rmtree(destination)
        temporary = os.path.join(parent, f".staging-{uuid.uuid4().hex[:8]}")
        shutil.copytree(staging, temporary)
        os.chmod(temporary, 0o755)  # the staging folder was private; a release is for reading
        os.rename(temporary, destination)  # the release appears whole, or not at all
        return
    for path in sorted(staging.rglob("*")):
        relative = path.relative_to(staging).as_posix()
        if path.is_file() and relative != PACKAGE:
            fs.put_file(str(path), f"{destination}/{relative}")
    fs.put_file(str(staging / PACKAGE), f"{destination}/{PACKAGE}")


# What goes into the package and the card


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


def _package(
    staging: Path,
    version: Version,
    created: dt.datetime,
    license_id: str,
    sources: list[dict],
    provenance: dict,
    written: dict[str, Path],
) -> dict:
    resources = []
    for name, path in written.items():
        schema = TABLES[name]
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
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "newsledger",
        "title": "newsledger: figures reported in news articles, by whom and when",
        "version": str(version),
        "created": created.isoformat().replace("+00:00", "Z"),
        "licenses": [{"name": license_id}],
        "sources": sources,
        "resources": resources,
        "newsledger": {**provenance, "files": others},
    }


def _statistics(staging: Path) -> dict:
    """What the card reports, queried from the staged tables."""
    connection = duckdb.connect(":memory:")
    try:
        create_table_views(
            connection,
            {name: [str(staging / DATA_FOLDER / f"{name}.parquet")] for name in TABLES},
        )

        def rows(sql: str) -> list[tuple]:
            return connection.execute(sql).fetchall()

        counts = {
            name: rows(f"select count(*) from {quote_identifier(name)}")[0][0]  # noqa: S608
            for name in TABLES
        }
        (first, last) = rows("select min(published_date), max(published_date) from articles")[0]
        outlets = rows(
            "select coalesce(source, '(unknown)') as outlet, count(*) as n from articles "
            "group by all order by n desc, outlet limit 10"
        )
        entities = rows(
            "select e.canonical_name, e.entity_type, count(*) as n "
            "from entity_mentions as m join entities as e using (entity_id) "
            "group by all order by n desc, e.canonical_name limit 10"
        )
        main = rows(
            "select subject_key, category, count(*) as n from claims_timeline "
            "where subject_key <> '(unspecified)' group by all "
            "order by n desc, subject_key, category limit 1"
        )
        timeline: list[tuple] = []
        title = ""
        if main:
            subject, category, _ = main[0]
            timeline = connection.execute(
                "select t.published_date, t.value, t.low, t.high, "
                "coalesce(e.canonical_name, t.claimant_text, '(unattributed)') "
                "from claims_timeline as t "
                "left join entities as e on e.entity_id = t.claimant_entity_id "
                "where t.subject_key = ? and t.category = ? "
                "order by t.published_date, t.start_char",
                [subject, category],
            ).fetchall()
            (label,) = connection.execute(
                "select coalesce(max(subject_text), ?) from claims_timeline "
                "where subject_key = ? and category = ?",
                [subject, subject, category],
            ).fetchone()
            title = f"{category}: {label}"
        sources = [
            {"title": outlet}
            for (outlet,) in rows(
                "select distinct coalesce(source, '(unknown)') from articles order by 1"
            )
        ]
    finally:
        connection.close()
    return {
        "counts": counts,
        "first_date": first,
        "last_date": last,
        "outlets": outlets,
        "entities": entities,
        "timeline": timeline,
        "timeline_title": title,
        "sources": sources,
    }


def _write_database(staging: Path) -> None:
    """One DuckDB file with every table copied in and the analytic views over them."""
    from warehouse.catalog import view_sql_files

    connection = duckdb.connect(str(staging / DATABASE))
    try:
        for name in TABLES:
            path = staging / DATA_FOLDER / f"{name}.parquet"
            # DDL takes no bound parameters: the name is declared, the path a quoted literal.
            connection.execute(
                f"create table {quote_identifier(name)} as "  # noqa: S608
                f"select * from read_parquet({quote_literal(str(path))})"
            )
        for _, sql in view_sql_files():
            connection.execute(sql)
        connection.execute("checkpoint")
    finally:
        connection.close()


# Comparing with the previous version


def _read_package(fs: fsspec.AbstractFileSystem, folder: str) -> dict:
    with fs.open(f"{folder}/{PACKAGE}", "rb") as handle:
        return json.loads(handle.read())


def _compare(
    written: dict[str, Path],
    previous_package: dict | None,
    fs: fsspec.AbstractFileSystem,
    previous_folder: str | None,
) -> dict[str, TableChange]:
    changes: dict[str, TableChange] = {}
    connection = duckdb.connect(":memory:")
    try:
        if not isinstance(fs, LocalFileSystem):
            connection.register_filesystem(fs)
        old_resources = {
            resource["name"]: resource for resource in (previous_package or {}).get("resources", [])
        }
        for name, path in written.items():
            schema = TABLES[name]
            change = TableChange(rows=pq.read_metadata(path).num_rows)
            changes[name] = change
            old = old_resources.get(name)
            if previous_package is None:
                change.added = change.rows
                continue
            if old is None:
                change.schema_changes.append("new table")
                change.added = change.rows
                continue
            change.schema_changes = _schema_differences(
                old["schema"], table_schema_descriptor(schema)
            )
            old_path = _uri(fs, f"{previous_folder}/{_safe_relative(old['path'])}")
            old_columns = {field_["name"] for field_ in old["schema"]["fields"]}
            common = [column for column in schema.column_names if column in old_columns]
            key = [column for column in schema.primary_key if column in old_columns]
            if len(key) != len(schema.primary_key):
                change.added, change.removed = change.rows, _count_rows(connection, old_path)
                continue
            change.added, change.removed, change.changed = _row_differences(
                connection, str(path), old_path, key, common
            )
        for name in sorted(set(old_resources) - set(written)):
            changes[name] = TableChange(
                removed=int(old_resources[name].get("rows", 0)), schema_changes=["table removed"]
            )
    finally:
        connection.close()
    return changes


def _schema_differences(old: dict, new: dict) -> list[str]:
    old_fields = {field_["name"]: field_ for field_ in old.get("fields", [])}
    new_fields = {field_["name"]: field_ for field_ in new.get("fields", [])}
    differences = [f"column {name} added" for name in new_fields if name not in old_fields]
    differences += [f"column {name} removed" for name in old_fields if name not in new_fields]
    for name in new_fields.keys() & old_fields.keys():
        before = old_fields[name].get("arrowType", old_fields[name].get("type"))
        after = new_fields[name].get("arrowType", new_fields[name].get("type"))
        if before != after:
            differences.append(f"column {name}: {before} -> {after}")
    if old.get("primaryKey") != new.get("primaryKey"):
        differences.append(f"primary key {old.get('primaryKey')} -> {new.get('primaryKey')}")
    return sorted(differences)


def _count_rows(connection: duckdb.DuckDBPyConnection, path: str) -> int:
    return connection.execute("select count(*) from read_parquet(?)", [path]).fetchone()[0]


def _row_differences(
    connection: duckdb.DuckDBPyConnection,
    new_path: str,
    old_path: str,
    key: list[str],
    columns: list[str],
) -> tuple[int, int, int]:
    """Rows added, removed, and changed (same key, other content) between two files."""
    keys = ", ".join(quote_identifier(column) for column in key)
    row = ", ".join(quote_identifier(column) for column in columns)
    join = " and ".join(
        f"n.{quote_identifier(column)} is not distinct from o.{quote_identifier(column)}"
        for column in key
    )
    # Identifiers are checked against the declared schemas; the paths are bound parameters.
    sql = f"""
        with n as (select {keys}, hash(row({row})) as h from read_parquet($new)),
             o as (select {keys}, hash(row({row})) as h from read_parquet($old))
        select
            count(*) filter (where o.h is null),
            count(*) filter (where n.h is null),
            count(*) filter (where n.h is not null and o.h is not null and n.h <> o.h)
        from n full outer join o on {join}
    """  # noqa: S608
    added, removed, changed = connection.execute(sql, {"new": new_path, "old": old_path}).fetchone()
    return int(added), int(removed), int(changed)


def _safe_relative(path: str) -> str:
    """A path from a package, refused if it could leave the snapshot's folder."""
    normal = posixpath.normpath(path)
    if normal.startswith(("/", "..")) or "://" in path or "\\" in path:
        raise RunError(f"unsafe path in {PACKAGE}: {path!r}")
    return normal


# Verifying and querying


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_remote(fs: fsspec.AbstractFileSystem, path: str) -> str:
    digest = hashlib.sha256()
    with fs.open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify(location: str) -> list[Problem]:
    """Re-check a release's sizes, hashes and table schemas; every problem found, by file.

    `location` is a release folder (`<target>/<version>`). A file the package lists but that
    is missing, of another size or hash, or whose Parquet schema differs from the declared
    one is a problem; so is a file in the folder that the package does not list.
    """
    fs, root = _filesystem(location)
    if not isinstance(fs, LocalFileSystem):
        fs.invalidate_cache(root)
    if not fs.exists(f"{root}/{PACKAGE}"):
        return [Problem(PACKAGE, "missing: not a complete release")]
    try:
        package = _read_package(fs, root)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return [Problem(PACKAGE, f"not valid JSON: {error}")]
    problems: list[Problem] = []
    listed: set[str] = {PACKAGE}
    for resource in package.get("resources", []):
        path = _safe_relative(resource["path"])
        listed.add(path)
        problems += _check_file(fs, root, path, resource.get("bytes"), resource.get("hash"))
        if not any(problem.path == path for problem in problems):
            problems += _check_parquet_schema(fs, f"{root}/{path}", path, resource["schema"])
    for relative, expected in package.get("newsledger", {}).get("files", {}).items():
        path = _safe_relative(relative)
        listed.add(path)
        problems += _check_file(fs, root, path, expected.get("bytes"), expected.get("hash"))
    for found in sorted(fs.find(root)):
        relative = found[len(root) :].lstrip("/")
        if relative not in listed:
            problems.append(Problem(relative, "not listed in the package"))
    return problems


def _check_file(
    fs: fsspec.AbstractFileSystem, root: str, path: str, size: int | None, digest: str | None
) -> list[Problem]:
    full = f"{root}/{path}"
    if not fs.exists(full):
        return [Problem(path, "missing")]
    actual_size = fs.size(full)
    if size is not None and actual_size != size:
        return [Problem(path, f"size {actual_size} bytes, expected {size}")]
    actual = f"sha256:{_sha256_remote(fs, full)}"
    if digest is not None and actual != digest:
        return [Problem(path, f"hash {actual}, expected {digest}")]
    return []


def _check_parquet_schema(
    fs: fsspec.AbstractFileSystem, full: str, path: str, declared: dict
) -> list[Problem]:
    try:
        with fs.open(full, "rb") as handle:
            actual = pq.read_schema(handle)
    except (OSError, pa.ArrowInvalid) as error:
        return [Problem(path, f"not a readable Parquet file: {error}")]
    expected = [(field_["name"], field_.get("arrowType")) for field_ in declared["fields"]]
    found = [(field_.name, arrow_type_name(field_.type)) for field_ in actual]
    if [name for name, _ in expected] != [name for name, _ in found]:
        return [Problem(path, "columns differ from the declared schema")]
    for (name, declared_type), (_, actual_type) in zip(expected, found, strict=True):
        if declared_type is not None and declared_type != actual_type:
            return [Problem(path, f"column {name} is {actual_type}, declared {declared_type}")]
    return []


def snapshot_files(location: str) -> tuple[fsspec.AbstractFileSystem, dict[str, list[str]]]:
    """The filesystem and the Parquet file of each table of a release, for querying."""
    fs, root = _filesystem(location)
    if not fs.exists(f"{root}/{PACKAGE}"):
        raise RunError(
            f"no published snapshot at {location}",
            hint="name a release folder, e.g. releases/1.0.0 (newsledger verify checks one)",
        )
    package = _read_package(fs, root)
    files: dict[str, list[str]] = {}
    for resource in package.get("resources", []):
        if resource["name"] in TABLES:
            files[resource["name"]] = [_uri(fs, f"{root}/{_safe_relative(resource['path'])}")]
    return fs, files


def connect_snapshot(location: str) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection with a release's tables and the analytic views."""
    fs, files = snapshot_files(location)
    return read_only_catalog(
        lambda connection: create_table_views(connection, files),
        None if isinstance(fs, LocalFileSystem) else fs,
    )
