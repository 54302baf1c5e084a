"""Compaction: merge a table's small Parquet files into few large, sorted ones.

Every run writes one part per table and publication-month partition, so a warehouse fed by
many small runs collects many small files, and DuckDB opens every one of them (its footer and
schema) on each query. `compact` rewrites each partition that holds more than one small file
as one file (or, past `MAX_FILE_ROWS`, as a few files with disjoint key ranges), sorted by the
table's primary key, so each file holds one partition value and tight min/max statistics that
DuckDB uses to skip files and row groups. Query results do not change: the same rows, cast to
the same declared schema, in the same views.

How it stays safe, in order:

1. It runs under the warehouse lock (`open_for_write`), on the manifest just committed, after
   the garbage collection of whatever a dead run left.
2. The merged files are written under new names (`part-compact-<time>-<id>-<n>.parquet`),
   atomically, next to the files they replace; no manifest lists them yet.
3. One new manifest (generation + 1), in which the merged files replace the old ones, is
   committed by one atomic replace; then the DuckDB catalog is rebuilt.
4. Only then are the replaced files deleted.

A failure before step 3 leaves the committed manifest and every file it lists untouched; its
unlisted merged files are deleted as it fails, or, after a crash, by the next writer's garbage
collection. A crash between 3 and 4 leaves unlisted old files, deleted by that garbage
collection too; a stale catalog is detected by `connect`.
A reader that opened its views on the previous generation reads the old files until step 4; a
query it starts after the deletion fails and must reconnect to see the new generation.

The zero-row `schema.parquet` of each table stays listed as it is. Compaction records no row in
`runs`: it changes how rows are stored, not which rows there are. A second compaction with
nothing new to merge changes nothing and commits no generation.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import time
import uuid
from dataclasses import dataclass, field

import pyarrow as pa

from schemas import TABLES, TableSchema, table_schema
from schemas.errors import RunError
from warehouse.catalog import build_catalog
from warehouse.store import DataFile, Manifest, Store
from warehouse.tables import read_file, sorted_by_key, write_table
from warehouse.writer import open_for_write

# A file with this many rows, or this many bytes, is big enough: it is never rewritten, and
# merged partitions are cut into files of at most MAX_FILE_ROWS rows. Splitting only by rows
# keeps compaction idempotent: after it, a partition holds at most one file below the cap.
MAX_FILE_ROWS = 1_000_000
TARGET_FILE_BYTES = 256 * 1024 * 1024


@dataclass(slots=True)
class TableCompaction:
    """What compaction did to one table; files and bytes count every listed file."""

    table: str
    files_before: int
    files_after: int
    rows_before: int
    rows_after: int
    bytes_before: int
    bytes_after: int
    partitions_merged: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class CompactionReport:
    """The outcome of one `compact`: per table counts, generations and time taken."""

    warehouse: str
    generation_before: int
    generation_after: int
    tables: list[TableCompaction] = field(default_factory=list)
    files_removed: int = 0
    seconds: float = 0.0
    run_id: str | None = None

    @property
    def changed(self) -> bool:
        return self.generation_after != self.generation_before


def _is_schema_file(data_file: DataFile) -> bool:
    return data_file.rows == 0 and posixpath.basename(data_file.path) == "schema.parquet"


def _is_small(data_file: DataFile) -> bool:
    return data_file.rows < MAX_FILE_ROWS and data_file.bytes < TARGET_FILE_BYTES


def plan(manifest: Manifest) -> dict[str, list[list[DataFile]]]:
    """Per table, the groups of files to merge: a partition folder's small files, when two or more.

    Groups keep manifest order. Big files and the zero-row schema file are left where they are.
    """
    groups: dict[str, list[list[DataFile]]] = {}
    for name in TABLES:
        folders: dict[str, list[DataFile]] = {}
        for data_file in manifest.files(name):
            if _is_schema_file(data_file) or not _is_small(data_file):
                continue
            folders.setdefault(posixpath.dirname(data_file.path), []).append(data_file)
        merge = [files for files in folders.values() if len(files) > 1]
        if merge:
            groups[name] = merge
    return groups


def _merge(store: Store, schema: TableSchema, group: list[DataFile]) -> pa.Table:
    merged = pa.concat_tables([read_file(store, schema, data_file) for data_file in group])
    expected = sum(data_file.rows for data_file in group)
    if merged.num_rows != expected:
        raise RunError(
            f"{schema.name}: {posixpath.dirname(group[0].path)} holds {merged.num_rows} rows, "
            f"the manifest says {expected}; nothing was changed",
            hint="the warehouse files differ from its manifest; inspect them before compacting",
        )
    return merged


def _chunks(schema: TableSchema, table: pa.Table) -> list[pa.Table]:
    """The partition as files of at most MAX_FILE_ROWS rows, in key order (disjoint ranges)."""
    if table.num_rows <= MAX_FILE_ROWS:
        return [table]  # write_table sorts it
    ordered = sorted_by_key(schema, table)
    return [
        ordered.slice(start, MAX_FILE_ROWS) for start in range(0, ordered.num_rows, MAX_FILE_ROWS)
    ]


def _totals(files: list[DataFile]) -> tuple[int, int, int]:
    return len(files), sum(f.rows for f in files), sum(f.bytes for f in files)


def compact(store: Store, manifest: Manifest) -> CompactionReport:
    """Merge small files and commit the result as one new generation; see the module docstring.

    Call it under the lock, with the manifest `open_for_write(store)` yields
    (`compact_warehouse` does both).
    """
    started = time.perf_counter()
    committed = store.read_manifest()
    if committed.generation != manifest.generation:
        raise RunError(
            f"the warehouse manifest moved from generation {manifest.generation} to "
            f"{committed.generation} while compacting was prepared",
            hint="compact under open_for_write, with the manifest it yields",
        )
    report = CompactionReport(store.url, manifest.generation, manifest.generation)
    groups = plan(manifest)
    stats: dict[str, TableCompaction] = {}
    for name in TABLES:
        files, rows, size = _totals(manifest.files(name))
        stats[name] = TableCompaction(name, files, files, rows, rows, size, size)
    report.tables = list(stats.values())
    if not groups:
        report.seconds = time.perf_counter() - started
        return report

    run_id = f"compact-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    report.run_id = run_id
    # The first file of each group is where its merged files take its place in the listing.
    replacement: dict[str, list[DataFile]] = {}
    replaced: set[str] = set()
    sequence = 0
    for name, table_groups in groups.items():
        table_started = time.perf_counter()
        schema = table_schema(name)
        for group in table_groups:
            merged = _merge(store, schema, group)
            written: list[DataFile] = []
            for chunk in _chunks(schema, merged):
                sequence += 1
                written += write_table(store, schema, chunk, run_id, sequence)
            if sum(data_file.rows for data_file in written) != merged.num_rows:
                raise RunError(f"{name}: merged files lost rows; nothing was changed")
            replacement[group[0].path] = written
            replaced.update(data_file.path for data_file in group)
        stats[name].partitions_merged = len(table_groups)
        stats[name].seconds = time.perf_counter() - table_started

    tables: dict[str, list[DataFile]] = {}
    for name, files in manifest.tables.items():
        listed: list[DataFile] = []
        for data_file in files:
            if data_file.path in replacement:
                listed += replacement[data_file.path]
            elif data_file.path not in replaced:
                listed.append(data_file)
        tables[name] = listed
    compacted = Manifest(generation=manifest.generation + 1, tables=tables)
    for name, stat in stats.items():
        stat.files_after, stat.rows_after, stat.bytes_after = _totals(compacted.files(name))
        if stat.rows_after != stat.rows_before:
            raise RunError(f"{name}: compaction would change the row count; nothing was changed")

    store.write_manifest(compacted)  # the commit: readers see the merged files from here on
    build_catalog(store, compacted)
    report.generation_after = compacted.generation
    report.files_removed = _remove(store, sorted(replaced))
    report.seconds = time.perf_counter() - started
    return report


def _remove(store: Store, relatives: list[str]) -> int:
    """Delete replaced files after the commit; one that cannot be is left to the next GC."""
    removed = 0
    for relative in relatives:
        try:
            store.fs.rm_file(store.path(relative))
        except OSError:
            continue  # gone already, or unlisted now and removed by the next writer's GC
        removed += 1
    return removed


def compact_warehouse(store: Store) -> CompactionReport:
    """Take the warehouse lock and compact; a missing warehouse or a held lock is a RunError."""
    store.require_existing()
    with open_for_write(store) as manifest:
        return compact(store, manifest)
