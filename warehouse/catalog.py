"""DuckDB over the warehouse: a view per table on its live Parquet files, plus the SQL views.

Table views are generated from the manifest (the files) and the declared schemas (the
names); the analytic views are the SQL files in `warehouse/views/`, one view per file,
applied in name order. Nothing a user types is formatted into SQL here.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import duckdb
from fsspec import AbstractFileSystem

from schemas import TABLES
from warehouse.store import CATALOG, CATALOG_TEMPORARY_PREFIX, Manifest, Store

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")

# The storage format of the `.duckdb` files newsledger writes for others to open (the
# warehouse catalog, a release's database). DuckDB 2.x writes format 69 by default, which
# every DuckDB 1.x refuses ("Trying to read a database file with version number 69"): the
# CLI on PyPI, R's, Node's and the browser's. v1.1.0 is read by DuckDB 1.1 and later.
STORAGE_VERSION = "v1.1.0"

# DuckDB's memory budgets for building a `.duckdb` file (the catalog at each commit, a
# release's database), tried in turn. Within a budget the sorts and aggregates that store the
# MATERIALIZED views spill to a temporary folder, so a commit's peak memory does not follow the
# archive's size: unbounded, the catalog build of a generated 1,000,000-article archive peaked
# at 2.6 GB, and it was the peak of a 20,000-record WARC run (docs/benchmarks.md). A sort of
# wide rows still pins some blocks in memory, more for a larger archive: when a budget is too
# small DuckDB stops with an out-of-memory error, and the build starts again on twice the budget
# (None: DuckDB's own default, 80 % of the machine). The build runs on one thread, which pins
# fewer blocks at once (at 1,000,000 articles, 256 MB fails on two threads and holds on one).
# The retries are the price: a 20,000-record WARC archive builds in 64 MB, 100,000 generated
# articles in 128 MB, 1,000,000 in 256 MB after two failed tries (54 s, against 12 s unbounded).
BUILD_MEMORY_LIMITS: tuple[str | None, ...] = ("64MB", "128MB", "256MB", "512MB", "1GB", None)

# Analytic views stored as tables in the warehouse catalog when it is built (every commit and
# compaction), with the order their rows are stored in: a view that recomputes the archive
# (joins, windows, aggregates over every claim or mention) is computed once per generation,
# and the view then reads the stored rows, sorted so that DuckDB's zone maps skip every row
# group but one subject's (or entity's). Views are materialized in this order, so a later one
# (claimant_divergence) reads an earlier one's stored rows. Connections that build their
# views on the fly (object stores, a stale catalog, checks, releases) compute the same rows.
MATERIALIZED = {
    "all_claims_timeline": "subject_key, category, published_date, start_char",
    "claim_clusters": "subject_key, category, cluster_id",
    "claimant_divergence": "subject_key, category, month",
    "mention_trends": "entity_id, granularity, period_start",
    "source_coverage": "source, published_month",
}


def quote_identifier(name: str) -> str:
    """A table or column name checked against the declared schemas, then quoted."""
    known = set(TABLES) | {column for schema in TABLES.values() for column in schema.column_names}
    if name not in known or not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a declared table or column: {name!r}")
    return f'"{name}"'


def quote_literal(value: str) -> str:
    """A string literal for DDL, where DuckDB takes no bound parameters (file lists in views)."""
    return "'" + value.replace("'", "''") + "'"


def view_sql_files() -> list[tuple[str, str]]:
    """(view name, SQL) of every analytic view, in application order."""
    folder = resources.files("warehouse") / "views"
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".sql")),
        key=lambda entry: entry.name,
    )
    return [(Path(entry.name).stem.split("_", 1)[-1], entry.read_text()) for entry in files]


@functools.cache
def views_fingerprint() -> str:
    """sha256 over the analytic views' SQL: a catalog built by other code is stale."""
    digest = hashlib.sha256()
    for name, sql in view_sql_files():
        digest.update(f"{name}\n{sql}\n".encode())
    for name, order in MATERIALIZED.items():
        digest.update(f"stored {name} order by {order}\n".encode())
    return digest.hexdigest()


def stored_table(view: str) -> str:
    """The name of the table that holds a materialized view's rows in the catalog."""
    return f"{view}_stored"


def materialize_views(connection: duckdb.DuckDBPyConnection) -> None:
    """Store each MATERIALIZED view's rows as a table, sorted, and point the view at it."""
    for name, order in MATERIALIZED.items():
        # DDL over constant names of this module (no user input).
        stored = stored_table(name)
        connection.execute(
            f"create or replace table {stored} as select * from {name} order by {order}"  # noqa: S608
        )
        # No `order by` here: the rows are stored in order and a scan returns them so
        # (DuckDB keeps insertion order), while an `order by` would sort the whole table under
        # every aggregate over the view.
        connection.execute(f"create or replace view {name} as select * from {stored}")  # noqa: S608


@contextlib.contextmanager
def compatible_database(
    path: str, memory_limit: str | None = BUILD_MEMORY_LIMITS[0]
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection whose default database is a new file at `path` in STORAGE_VERSION.

    The file is attached with the storage version (a plain `connect` would write 2.x's own)
    and made the default, so unqualified names in views resolve wherever the file is opened.
    It is checkpointed and detached when the block ends without error. DuckDB works on one
    thread within `memory_limit` (None: its default) and spills to a temporary folder past it.
    """
    spill = tempfile.mkdtemp(prefix="newsledger-build-")
    config = {"threads": 1, "temp_directory": spill}
    if memory_limit is not None:
        config["memory_limit"] = memory_limit
    connection = duckdb.connect(":memory:", config=config)
    try:
        connection.execute(
            f"attach {quote_literal(path)} as written "
            f"(storage_version {quote_literal(STORAGE_VERSION)})"
        )
        connection.execute("use written")
        yield connection
        connection.execute("checkpoint written")
        connection.execute("use memory")
        connection.execute("detach written")
    finally:
        connection.close()
        shutil.rmtree(spill, ignore_errors=True)


def build_database(path: str, fill: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Write a new `.duckdb` file at `path` (`compatible_database`) with what `fill` puts in it,
    within the first of BUILD_MEMORY_LIMITS that suffices. A failed build leaves no file."""
    for memory_limit in BUILD_MEMORY_LIMITS:
        try:
            with compatible_database(path, memory_limit) as connection:
                fill(connection)
            return
        except Exception as error:
            for leftover in (path, path + ".wal"):
                if os.path.exists(leftover):
                    os.remove(leftover)
            last = memory_limit == BUILD_MEMORY_LIMITS[-1]
            if last or not isinstance(error, duckdb.OutOfMemoryException):
                raise


def create_views(connection: duckdb.DuckDBPyConnection, store: Store, manifest: Manifest) -> None:
    """Create one view per declared table over its live files, then the analytic views.

    Object-store files are read through the store's filesystem, registered by the caller.
    """
    create_table_views(
        connection,
        {
            name: [store.uri(data_file.path) for data_file in manifest.files(name)]
            for name in TABLES
        },
    )
    # `warehouse`: the root the table views' paths name (a copied warehouse needs new ones).
    connection.execute(
        "create or replace table newsledger_catalog"
        "(generation integer, views_sha256 varchar, warehouse varchar)"
    )
    connection.execute(
        "insert into newsledger_catalog values (?, ?, ?)",
        [manifest.generation, views_fingerprint(), store.root],
    )


def create_table_views(
    connection: duckdb.DuckDBPyConnection, files_by_table: dict[str, list[str]]
) -> None:
    """A view per declared table over the given Parquet files, then every analytic view."""
    for name, files in files_by_table.items():
        create_table_view(connection, name, files)
    for _, sql in view_sql_files():
        connection.execute(sql)


def create_table_view(connection: duckdb.DuckDBPyConnection, name: str, files: list[str]) -> None:
    """The view of declared table `name` over these Parquet files (none: no view)."""
    if not files:
        return
    listing = ", ".join(quote_literal(path) for path in files)
    # Files of older schemas (a column added or widened since) are read by name, their
    # types promoted; DuckDB then holds what it read of every file's schema in each view
    # that binds the table, about 16 KB a file (2 KB otherwise): a run writes thousands
    # of files, so union_by_name is asked for only when the files' schemas differ.
    union = "" if _one_schema(connection, files) else ", union_by_name = true"
    # DDL takes no bound parameters: the name is checked, the paths quoted as literals.
    source = f"read_parquet([{listing}]{union})"
    ddl = f"create or replace view {quote_identifier(name)} as select * from {source}"  # noqa: S608
    connection.execute(ddl)
    missing = _missing_columns(connection, name)
    if missing:
        # Files written before a nullable column was declared lack it (union_by_name adds
        # it only when one file has it): the view adds it as null, so views that name it
        # work on an older warehouse until it is reprocessed.
        added = ", ".join(f"cast(null as {kind}) as {quote_identifier(c)}" for c, kind in missing)
        ddl = (
            f"create or replace view {quote_identifier(name)} as "  # noqa: S608
            f"select *, {added} from {source}"
        )
        connection.execute(ddl)


def _one_schema(connection: duckdb.DuckDBPyConnection, files: list[str]) -> bool:
    """Whether every file has the same columns, in the same order, of the same types."""
    if len(files) < 2:
        return True
    rows = connection.execute(
        "select file_name, name, type, logical_type, repetition_type from parquet_schema(?)",
        [files],
    ).fetchall()
    by_file: dict[str, list[tuple]] = {}
    for file_name, *column in rows:
        by_file.setdefault(file_name, []).append(tuple(column))
    return len({tuple(columns) for columns in by_file.values()}) == 1


def _missing_columns(connection: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    """Declared nullable columns of table `name` its view lacks, with their DuckDB types."""
    probe = f"select * from {quote_identifier(name)} limit 0"  # noqa: S608
    present = {column[0] for column in connection.execute(probe).description}
    schema = TABLES[name]
    declared = connection.from_arrow(schema.arrow_schema.empty_table())
    types = dict(zip(declared.columns, (str(t) for t in declared.types), strict=True))
    return [
        (column.name, types[column.name])
        for column in schema.columns
        if column.nullable and column.name not in present
    ]


def _is_current(store: Store, manifest: Manifest) -> bool:
    """Whether the store's catalog file was built for this generation, these views and this
    folder (a copied warehouse's catalog names the original's files)."""
    path = store.path(CATALOG)
    if not os.path.exists(path):
        return False
    try:
        with duckdb.connect(path, read_only=True) as connection:
            ((generation, views, root),) = connection.execute(
                "select generation, views_sha256, warehouse from newsledger_catalog"
            ).fetchall()
    except (duckdb.Error, ValueError):
        return False
    return (generation, views, root) == (manifest.generation, views_fingerprint(), store.root)


def build_catalog(store: Store, manifest: Manifest) -> str | None:
    """Write the `.duckdb` catalog file (local warehouses) atomically; returns its path.

    The catalog holds the MATERIALIZED views' rows, so a catalog already built for this
    generation and these views is kept as it is (a writer taking the lock rebuilds nothing).
    """
    if not store.is_local:
        return None
    target = store.path(CATALOG)
    if _is_current(store, manifest):
        return target
    temporary = _temporary_catalog(store)
    try:
        build_database(temporary, _catalog_fill(store, manifest))
        os.replace(temporary, target)
    finally:
        _remove_database(temporary)
    return target


class CatalogBuild:
    """The catalog of a generation not committed yet, built on a thread of its own into a
    temporary file while the caller does other work (a run's data checks, which leave a core
    idle); `install` puts it in place once the manifest is written. Leaving the block without
    `install` removes it.

    Rows added meanwhile (the checks' own) change the files of tables no analytic view reads:
    `install` points those tables' views at the files committed. Should a table the analytic
    views read have changed, the catalog is built again.
    """

    def __init__(self, store: Store, manifest: Manifest) -> None:
        self.store, self.manifest = store, manifest
        self._temporary = _temporary_catalog(store) if store.is_local else None
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="newsledger-catalog")
        self._built: Future[None] | None = None
        if self._temporary is not None:
            self._built = self._pool.submit(
                build_database, self._temporary, _catalog_fill(store, manifest)
            )

    def __enter__(self) -> CatalogBuild:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._built is not None:
            # Not installed: the caller failed, and why it failed is what it raises.
            with contextlib.suppress(Exception):
                self._built.result()
        self._pool.shutdown()
        if self._temporary is not None:
            _remove_database(self._temporary)

    def install(self, manifest: Manifest) -> str | None:
        """Put in place the catalog of `manifest`, the one just committed; returns its path."""
        if self._temporary is None or self._built is None:
            return None
        built, self._built = self._built, None
        built.result()  # a failed build raises here, as `build_catalog` would
        changed = {name for name in TABLES if manifest.files(name) != self.manifest.files(name)}
        if manifest.generation != self.manifest.generation or changed & tables_read_by_views():
            return build_catalog(self.store, manifest)
        if changed:
            with compatible_database(self._temporary) as connection:
                for name in changed:
                    uris = [self.store.uri(data_file.path) for data_file in manifest.files(name)]
                    create_table_view(connection, name, uris)
        target = self.store.path(CATALOG)
        os.replace(self._temporary, target)
        return target


@functools.cache
def tables_read_by_views() -> frozenset[str]:
    """The declared tables whose name the analytic views' SQL holds as a word: those the
    views (and so the materialized rows) may read."""
    sql = "\n".join(sql for _, sql in view_sql_files())
    return frozenset(name for name in TABLES if re.search(rf"\b{name}\b", sql))


def _catalog_fill(store: Store, manifest: Manifest) -> Callable[[duckdb.DuckDBPyConnection], None]:
    def fill(connection: duckdb.DuckDBPyConnection) -> None:
        create_views(connection, store, manifest)
        materialize_views(connection)

    return fill


def _temporary_catalog(store: Store) -> str:
    """A free name for a catalog being built, in the warehouse's root (the rename is atomic)."""
    handle, temporary = tempfile.mkstemp(
        prefix=CATALOG_TEMPORARY_PREFIX, suffix=".duckdb", dir=store.root
    )
    os.close(handle)
    os.remove(temporary)  # DuckDB must create the file itself
    return temporary


def _remove_database(path: str) -> None:
    for leftover in (path, path + ".wal"):
        if os.path.exists(leftover):
            os.remove(leftover)


def connect(store: Store, manifest: Manifest) -> duckdb.DuckDBPyConnection:
    """A read-only connection with every view: the catalog file where there is one."""
    catalog = store.path(CATALOG)
    if store.is_local and os.path.exists(catalog):
        connection = duckdb.connect(catalog, read_only=True)
        try:
            ((generation, views),) = connection.execute(
                "select generation, views_sha256 from newsledger_catalog"
            ).fetchall()
        except duckdb.BinderException:  # a catalog from before views were fingerprinted
            generation, views = None, None
        if generation == manifest.generation and views == views_fingerprint():
            return connection
        # A writer died between its commit and the catalog rebuild, or the installed code
        # defines other views than the catalog holds: build views afresh.
        connection.close()
    return read_only_catalog(
        lambda connection: create_views(connection, store, manifest),
        None if store.is_local else store.fs,
    )


def read_only_catalog(
    create: Callable[[duckdb.DuckDBPyConnection], None], fs: AbstractFileSystem | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to views that `create` defines, in a temporary catalog file.

    Views over object-store files (or a catalog that is stale) cannot use the warehouse's own
    catalog file; an in-memory database would accept writes, so the views go to a temporary
    file that is reopened read-only: a write statement fails as it does on the catalog.
    """
    with tempfile.TemporaryDirectory(prefix="newsledger-catalog-") as folder:
        path = os.path.join(folder, "views.duckdb")
        connection = duckdb.connect(path)
        try:
            if fs is not None:
                connection.register_filesystem(fs)
            create(connection)
        finally:
            connection.close()
        # The open connection keeps its own handle on the file; the folder can go.
        connection = duckdb.connect(path, read_only=True)
    if fs is not None:
        connection.register_filesystem(fs)
    return connection
