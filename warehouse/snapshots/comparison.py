"""What changed since the previous release: rows added, removed and changed per table (by
primary key), and schema changes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import fsspec
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from schemas import TABLES
from warehouse.catalog import quote_identifier
from warehouse.snapshots.package import (
    released_schema,
    safe_relative,
    table_schema_descriptor,
    uri,
)
from warehouse.snapshots.versions import TableChange


def compare(
    written: dict[str, Path],
    previous_package: dict | None,
    fs: fsspec.AbstractFileSystem,
    previous_folder: str | None,
) -> dict[str, TableChange]:
    """Per table, how the staged files in `written` differ from the previous release's."""
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
            change.schema_changes = schema_differences(
                old["schema"], table_schema_descriptor(released_schema(schema))
            )
            old_path = uri(fs, f"{previous_folder}/{safe_relative(old['path'])}")
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


def schema_differences(old: dict, new: dict) -> list[str]:
    """Columns added, removed or retyped, and a changed primary key, between Table Schemas."""
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
    """Rows added, removed, and changed (same key, other content) between two files.

    A column the previous release stored narrower (`source_position`, once int32) is read as
    the new file's type: DuckDB hashes an INTEGER and a BIGINT of one value differently.
    """
    keys = ", ".join(quote_identifier(column) for column in key)
    row = ", ".join(quote_identifier(column) for column in columns)
    new_types, old_types = _column_types(connection, new_path), _column_types(connection, old_path)
    old_row = ", ".join(
        quote_identifier(column)
        if old_types[column] == new_types[column]
        else f"try_cast({quote_identifier(column)} as {new_types[column]})"
        for column in columns
    )
    join = " and ".join(
        f"n.{quote_identifier(column)} is not distinct from o.{quote_identifier(column)}"
        for column in key
    )
    # Identifiers are checked against the declared schemas, types are DuckDB's own names; the
    # paths are bound parameters.
    sql = f"""
        with n as (select {keys}, hash(row({row})) as h from read_parquet($new)),
             o as (select {keys}, hash(row({old_row})) as h from read_parquet($old))
        select
            count(*) filter (where o.h is null),
            count(*) filter (where n.h is null),
            count(*) filter (where n.h is not null and o.h is not null and n.h <> o.h)
        from n full outer join o on {join}
    """  # noqa: S608
    added, removed, changed = connection.execute(sql, {"new": new_path, "old": old_path}).fetchone()
    return int(added), int(removed), int(changed)


def _column_types(connection: duckdb.DuckDBPyConnection, path: str) -> dict[str, str]:
    """Each column of a Parquet file with its DuckDB type."""
    cursor = connection.execute("select * from read_parquet(?) limit 0", [path])
    return {name: str(kind) for name, kind, *_ in cursor.description}
