"""A run's writes: buffered per table, written as Parquet parts, committed all at once.

Until `commit`, nothing a run writes is visible: the parts exist but no manifest lists them.
Buffers are written as parts when they fill, one per table and publication month, so a large
run leaves many small parts in each month; before the checks, the parts of one month are
merged into one file (`_merge_parts`). A run therefore adds at most about one file per
table and month, whatever its size: the number of files, and with it what every query and
check spends opening them, follows the months and runs, not the rows.
`commit` writes the next manifest (one atomic replace) and then rebuilds the DuckDB catalog.
A run that fails removes its parts as it fails; one that dies leaves only unlisted parts,
which the next writer removes.
"""

from __future__ import annotations

import contextlib
import itertools
import posixpath
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas import TABLES, TableSchema, table_schema
from warehouse.catalog import CatalogBuild, build_catalog
from warehouse.store import DataFile, Manifest, Store
from warehouse.tables import (
    COMPRESSION,
    ROW_GROUP_ROWS,
    read_column,
    read_file,
    read_file_column,
    write_empty,
    write_table,
)

# Rows buffered per table before a part file is written: large enough for few files,
# small enough that memory stays flat whatever the corpus size.
FLUSH_ROWS = 200_000
# ... and bytes over all tables together: article texts and claim sentences are large, so a
# row count alone would let a run's buffers grow with the corpus. Past this total the largest
# buffer is written. Parts are merged per month before the commit, so a smaller bound costs
# a few more part files during the run, not more files in the warehouse.
FLUSH_BYTES = 16 * 1024 * 1024
# Merging a month's parts: rows gathered per row group (by count, and by bytes so that article
# texts do not make one large), and rows per merged file.
MERGE_GROUP_BYTES = 8 * 1024 * 1024
MERGE_FILE_ROWS = 1_000_000
# Tables written (and merged) side by side at the end of a run, when the workers are done
# and the cores idle: Parquet's encoding and the file system calls release the GIL. Each
# thread holds one table's buffer, or one row group's rows of a merge.
WRITE_THREADS = 2


class RunWriter:
    """Collects one run's rows and commits them atomically."""

    def __init__(self, store: Store, manifest: Manifest, run_id: str) -> None:
        self.store = store
        self.base = manifest
        self.run_id = run_id
        self._buffers: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self._buffered_rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self._buffered_bytes: dict[str, int] = dict.fromkeys(TABLES, 0)
        self._written: dict[str, list[DataFile]] = {name: [] for name in TABLES}
        self._sequences = itertools.count(1)  # part numbers; `next` is atomic
        self.rows_added: dict[str, int] = dict.fromkeys(TABLES, 0)
        # Reprocessing: the articles whose committed derived rows this run replaces.
        self._replaced_ids: pa.Array | None = None
        self._replaced_months: set[str] = set()
        self._kept_entities: pa.Array | None = None
        self._kept: dict[str, list[DataFile]] | None = None
        self.superseded: list[str] = []

    def replace_derived(self, articles: pa.Table, kept_entities: pa.Array) -> None:
        """Drop the committed derived rows of these articles (`article_id`, `published_month`)
        in the next manifest, and every stored entity but `kept_entities`: the run's own rows
        take their place.

        Files that hold none of the dropped rows stay listed; files that hold only them are
        unlisted; the rest are rewritten without them, under this run's id. Readers see
        either the old rows or the new ones (one manifest replace), never both.
        """
        if self._kept is not None:
            raise RuntimeError("replace_derived after the run's files were listed")
        self._replaced_ids = pc.unique(articles.column("article_id").combine_chunks())
        self._replaced_months = set(articles.column("published_month").to_pylist())
        self._kept_entities = kept_entities

    def add(self, table: str, rows: pa.Table) -> None:
        """Buffer rows of a declared table; writes a part when the buffer is full."""
        table_schema(table)
        if rows.num_rows == 0:
            return
        self._buffers[table].append(rows)
        self._buffered_rows[table] += rows.num_rows
        self._buffered_bytes[table] += rows.nbytes
        self.rows_added[table] += rows.num_rows
        if self._buffered_rows[table] >= FLUSH_ROWS:
            self._flush(table)
        if sum(self._buffered_bytes.values()) >= FLUSH_BYTES:
            self._flush(max(self._buffered_bytes, key=self._buffered_bytes.__getitem__))

    def _flush(self, table: str) -> None:
        if not self._buffers[table]:
            return
        combined = pa.concat_tables(self._buffers[table], promote_options="permissive")
        self._buffers[table] = []
        self._buffered_rows[table] = 0
        self._buffered_bytes[table] = 0
        self._written[table] += write_table(
            self.store, table_schema(table), combined, self.run_id, next(self._sequences)
        )

    def flush_all(self) -> None:
        """Write every buffered row as parts (still unlisted: nothing becomes visible)."""
        self.flush(TABLES)

    def flush(self, tables: Iterable[str]) -> None:
        """Write the buffered rows of these tables as parts, side by side."""
        with ThreadPoolExecutor(WRITE_THREADS) as pool:
            for _ in pool.map(self._flush, tables):
                pass

    def files_after_commit(self) -> dict[str, list[DataFile]]:
        """Write what is buffered, then the files per table the next manifest would list:
        the committed ones and this run's parts. Lets checks read the state before it commits.
        """
        self.flush_all()
        if self._kept is None:
            with ThreadPoolExecutor(WRITE_THREADS) as pool:
                self._written = dict(zip(TABLES, pool.map(self._merge_parts, TABLES), strict=True))
            # One table at a time: a committed file a reprocess rewrites is read whole.
            self._kept = {name: self._keep_committed(name) for name in TABLES}
        return {name: self._kept[name] + self._written[name] for name in TABLES}

    def _merge_parts(self, name: str) -> list[DataFile]:
        """This run's parts of `name`, those of each month merged into one file.

        Streams: one part is read at a time and row groups are cut at ROW_GROUP_ROWS rows or
        MERGE_GROUP_BYTES, so memory stays that of a part. Each part is sorted by the key
        (`write_table`), the merged file part after part; `compact` sorts it whole.
        """
        by_folder: dict[str, list[DataFile]] = {}
        for data_file in self._written[name]:
            by_folder.setdefault(posixpath.dirname(data_file.path), []).append(data_file)
        merged = []
        for folder, parts in by_folder.items():
            if len(parts) == 1:
                merged += parts
                continue
            merged += self._merge_folder(table_schema(name), folder, parts)
            for part in parts:
                with contextlib.suppress(OSError):
                    self.store.fs.rm_file(self.store.path(part.path))
        return merged

    def _merge_folder(
        self, schema: TableSchema, folder: str, parts: list[DataFile]
    ) -> list[DataFile]:
        merged: list[DataFile] = []
        pending: list[pa.Table] = []
        start = 0
        while start < len(parts):
            # Parts for one file: up to MERGE_FILE_ROWS rows (at least one part).
            end, rows = start + 1, parts[start].rows
            while end < len(parts) and rows + parts[end].rows <= MERGE_FILE_ROWS:
                rows += parts[end].rows
                end += 1
            relative = f"{folder}/part-{self.run_id}-{next(self._sequences):05d}.parquet"
            with (
                self.store.writing(relative) as handle,
                pq.ParquetWriter(handle, schema.arrow_schema, compression=COMPRESSION) as out,
            ):
                for part in parts[start:end]:
                    pending.append(read_file(self.store, schema, part))
                    if (
                        sum(table.num_rows for table in pending) >= ROW_GROUP_ROWS
                        or sum(table.nbytes for table in pending) >= MERGE_GROUP_BYTES
                    ):
                        out.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP_ROWS)
                        pending = []
                if pending:
                    out.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP_ROWS)
                    pending = []
            merged.append(DataFile(relative, rows, self.store.size(relative), self.run_id))
            start = end
        return merged

    def _keep_committed(self, name: str) -> list[DataFile]:
        """The committed files of `name` the next manifest keeps, rewritten where needed."""
        schema = table_schema(name)
        files = self.base.files(name)
        if self._replaced_ids is None or not (schema.derived or name == "entities"):
            return files
        kept = []
        for data_file in files:
            if data_file.rows == 0 or not self._may_hold_replaced(schema, data_file):
                kept.append(data_file)
                continue
            if name == "entities":
                ids = read_file_column(self.store, data_file, "entity_id")
                replaced = pc.invert(pc.is_in(ids, value_set=self._kept_entities))
            else:
                ids = read_file_column(self.store, data_file, "article_id")
                replaced = pc.is_in(ids, value_set=self._replaced_ids)
            n_replaced = pc.sum(replaced).as_py() or 0
            if n_replaced == 0:
                kept.append(data_file)
                continue
            self.superseded.append(data_file.path)
            if n_replaced < data_file.rows:
                rest = read_file(self.store, schema, data_file).filter(pc.invert(replaced))
                kept += write_table(self.store, schema, rest, self.run_id, next(self._sequences))
        return kept

    def _may_hold_replaced(self, schema: TableSchema, data_file: DataFile) -> bool:
        # Derived files sit in one publication-month folder each: a month none of the
        # replaced articles has is skipped unread.
        if schema.partition_by is None:
            return True
        folder = posixpath.basename(posixpath.dirname(data_file.path))
        prefix = f"{schema.partition_by}="
        if not folder.startswith(prefix):
            return True
        return folder.removeprefix(prefix) in self._replaced_months

    def catalog_beside(self) -> CatalogBuild:
        """Start building, on a thread, the catalog of the files the next manifest would list
        (`files_after_commit`); `commit` with it puts it in place."""
        return CatalogBuild(
            self.store,
            Manifest(generation=self.base.generation + 1, tables=self.files_after_commit()),
        )

    def commit(self, catalog: CatalogBuild | None = None) -> Manifest:
        """Write what is buffered, then make the whole run visible in one manifest replace;
        the catalog is `catalog` (from `catalog_beside`), else built now."""
        manifest = Manifest(generation=self.base.generation + 1, tables=self.files_after_commit())
        self.store.write_manifest(manifest)
        if catalog is None:
            build_catalog(self.store, manifest)
        else:
            catalog.install(manifest)
        # Replaced files are unlisted now; a reader still on the previous generation loses
        # them here, as after `compact`. One that cannot be removed is left to the next GC.
        for relative in self.superseded:
            with contextlib.suppress(OSError):
                self.store.fs.rm_file(self.store.path(relative))
        return manifest


@contextlib.contextmanager
def open_for_write(store: Store) -> Iterator[Manifest]:
    """Lock the warehouse, clear what a dead run left, and yield the committed manifest."""
    store.ensure()
    with store.lock():
        manifest = store.read_manifest()
        if manifest.generation == 0 or any(not manifest.files(name) for name in TABLES):
            manifest = _initialize(store, manifest)
        store.collect_garbage(manifest)
        build_catalog(store, manifest)
        try:
            yield manifest
        except BaseException:
            # A failed run's parts are unlisted, so no reader sees them; removing them now
            # leaves the warehouse as it was. The committed manifest is read again: a failure
            # after the commit must not remove what it listed. Should this fail too, the
            # next writer removes them.
            with contextlib.suppress(OSError):
                store.collect_garbage(store.read_manifest())
            raise


def _initialize(store: Store, manifest: Manifest) -> Manifest:
    # Every table starts with a zero-row file carrying its schema, so every view exists.
    tables = dict(manifest.tables)
    for name, schema in TABLES.items():
        if not tables.get(name):
            tables[name] = [write_empty(store, schema)]
    initialized = Manifest(generation=manifest.generation + 1, tables=tables)
    store.write_manifest(initialized)
    return initialized


def known_values(store: Store, manifest: Manifest, table: str, column: str) -> set[str]:
    """Every value of one string column of a table: the ids a run must not add again."""
    return set(read_column(store, manifest, table, [column]).column(column).to_pylist())
