"""Parquet reads and writes of the declared tables (zstd, partitioned by publication month)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas import TableSchema, table_schema
from schemas.errors import RunError
from schemas.table import conform
from warehouse.store import TABLES_DIR, DataFile, Manifest, Store

COMPRESSION = "zstd"
# Row groups of this size keep min/max statistics useful for pruning without tiny pages.
ROW_GROUP_ROWS = 64_000

_Data = TypeVar("_Data", pa.Table, pa.RecordBatch)


def write_table(
    store: Store, schema: TableSchema, table: pa.Table, run_id: str, sequence: int
) -> list[DataFile]:
    """Write `table` as one file per partition; files appear whole or not at all.

    The files are not live until a manifest lists them (see `warehouse.commit`).
    """
    table = conform(schema, table)
    if table.num_rows == 0:
        return []
    written = []
    for partition, part in _sorted_partitions(schema, table):
        folder = f"{TABLES_DIR}/{schema.name}"
        if partition is not None:
            folder += f"/{schema.partition_by}={partition}"
        relative = f"{folder}/part-{run_id}-{sequence:05d}.parquet"
        with store.writing(relative) as handle:
            pq.write_table(
                part,
                handle,
                compression=COMPRESSION,
                row_group_size=ROW_GROUP_ROWS,
            )
        written.append(DataFile(relative, part.num_rows, store.size(relative), run_id))
    return written


def write_empty(store: Store, schema: TableSchema) -> DataFile:
    """A zero-row file carrying the schema, so views have their columns before any data."""
    relative = f"{TABLES_DIR}/{schema.name}/schema.parquet"
    with store.writing(relative) as handle:
        pq.write_table(schema.arrow_schema.empty_table(), handle, compression=COMPRESSION)
    return DataFile(relative, 0, store.size(relative), "schema")


def _sorted_partitions(schema: TableSchema, table: pa.Table) -> list[tuple[str | None, pa.Table]]:
    """`table` cut into its partitions, in partition order, each sorted by the primary key."""
    if schema.partition_by is None:
        return [(None, sorted_by_key(schema, table))]
    # One sort by partition then key, cut where the partition changes: a run's buffer spans
    # a hundred months and more, and filtering it once per month cost more than the sort.
    ordered = table.sort_by(
        [(schema.partition_by, "ascending")] + [(name, "ascending") for name in schema.primary_key]
    )
    runs = pc.run_end_encode(ordered.column(schema.partition_by).combine_chunks())
    parts, start = [], 0
    for value, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist(), strict=True):
        parts.append((value, ordered.slice(start, end - start)))
        start = end
    return parts


def sorted_by_key(schema: TableSchema, table: pa.Table) -> pa.Table:
    """`table` sorted by the primary key of `schema`."""
    # Sorting by the key clusters an article's rows and tightens row-group statistics.
    return table.sort_by([(name, "ascending") for name in schema.primary_key])


def read_file(store: Store, schema: TableSchema, data_file: DataFile) -> pa.Table:
    """One committed file, whole, cast to the table's declared schema.

    Files written before a nullable column was declared lack it; the views read it as null
    (union_by_name), and so does this. A column since widened (`source_position`, once int32)
    is cast to its declared type, as the views' union_by_name does.
    """
    with store.fs.open(store.path(data_file.path), "rb") as handle:
        table = pq.read_table(handle)
    for column in schema.columns:
        if column.name not in table.column_names and column.nullable:
            table = table.append_column(
                schema.arrow_schema.field(column.name), pa.nulls(table.num_rows, column.type)
            )
    try:
        return conform(schema, table)
    except ValueError as error:
        raise RunError(f"cannot read {data_file.path}: {error}") from None


def read_file_column(store: Store, data_file: DataFile, column: str) -> pa.Array:
    """One column of one committed file."""
    with store.fs.open(store.path(data_file.path), "rb") as handle:
        return pq.read_table(handle, columns=[column]).column(column).combine_chunks()


def iter_batches(
    store: Store, manifest: Manifest, table: str, columns: list[str], batch_rows: int = 4096
) -> Iterator[pa.RecordBatch]:
    """Selected columns of every live file of `table`, `batch_rows` at a time: one row
    group in memory at once, however large the table. Every batch has the declared types,
    also from a file written when a column was narrower."""
    declared = table_schema(table).arrow_schema
    for data_file in manifest.files(table):
        if not data_file.rows:
            continue
        with store.fs.open(store.path(data_file.path), "rb") as handle:
            for batch in pq.ParquetFile(handle).iter_batches(
                batch_size=batch_rows, columns=columns
            ):
                yield with_declared_types(batch, declared)


def read_column(store: Store, manifest: Manifest, table: str, columns: list[str]) -> pa.Table:
    """Selected columns of every live file of `table` (cheap: Parquet reads only those).

    A file written before a nullable column was declared reads as null in that column, so a
    warehouse stays readable after the schema gains columns (reprocessing fills them); a column
    since widened (`source_position`, once int32) reads as its declared type.
    """
    declared = table_schema(table).arrow_schema
    filesystem = None if store.is_local else store.fs
    parts = []
    for data_file in manifest.files(table):
        if not data_file.rows:
            continue
        path = store.path(data_file.path)
        try:
            part = pq.read_table(path, columns=columns, filesystem=filesystem)
        except pa.ArrowInvalid:
            available = set(pq.read_schema(path, filesystem=filesystem).names)
            part = _with_declared_nulls(
                pq.read_table(
                    path, columns=[c for c in columns if c in available], filesystem=filesystem
                ),
                declared,
                columns,
                path,
            )
        parts.append(part)
    if not parts:
        return pa.schema([declared.field(name) for name in columns]).empty_table()
    return with_declared_types(pa.concat_tables(parts, promote_options="permissive"), declared)


def with_declared_types(data: _Data, declared: pa.Schema) -> _Data:
    """`data` with each column whose type differs from `declared` cast to the declared type
    (a file written when the column was narrower); the rest, and the fields, as they are."""
    if all(field.type == declared.field(field.name).type for field in data.schema):
        return data
    fields, columns = [], []
    for field, column in zip(data.schema, data.columns, strict=True):
        kind = declared.field(field.name).type
        fields.append(field.with_type(kind))
        columns.append(column if field.type == kind else column.cast(kind))
    return type(data).from_arrays(columns, schema=pa.schema(fields, data.schema.metadata))


def _with_declared_nulls(
    part: pa.Table, declared: pa.Schema, columns: list[str], path: str
) -> pa.Table:
    arrays = []
    for name in columns:
        if name in part.column_names:
            arrays.append(part[name])
            continue
        field = declared.field(name)
        if not field.nullable:
            raise RunError(
                f"{path} has no column {name!r}, which the schema requires",
                hint="the file predates the schema: rebuild the warehouse from its inputs",
            )
        arrays.append(pa.nulls(part.num_rows, field.type))
    return pa.table(arrays, names=columns)
