"""The SQL surface: a DuckDB connection that reads the warehouse (or a release) and nothing else.

`newsledger sql` runs a user's query in the same process that holds the warehouse, often behind
a scheduler, a notebook server or on a shared machine, so "read-only" has to hold for anything
the query can say. DuckDB's own settings do it, set on the read-only catalog before the query:

- `allowed_paths`: exactly the Parquet files the manifest (or the release's package) lists. A
  whole folder would not do: DuckDB lets a query write wherever it may read.
- `enable_external_access = false`: no other file, URL or bucket key, no COPY TO, EXPORT or
  ATTACH elsewhere, no INSTALL or LOAD of an extension from disk or the network.
- `autoinstall_known_extensions` and `autoload_known_extensions` off; the extensions the views
  need (`NEEDED_EXTENSIONS`) are loaded before the lock.
- `memory_limit`, `max_temp_directory_size` and a `temp_directory` of the sandbox's own, removed
  when the connection closes.
- `lock_configuration = true`, last, so no SET or PRAGMA can switch any of this back.

Two holes remain that no setting closes, measured with DuckDB 2.0.1: a read-only database still
takes temporary tables, views, macros and sequences; and a COPY TO an allowed object-store
key overwrites it (on a local disk DuckDB writes a `tmp_` file first, which is refused). So
statements whose kind, as DuckDB's parser reports it, is not a query (`QUERY_STATEMENTS`) are
refused before any statement of the text runs.

`allow_files` is the escape hatch for a user's own shell: external access stays on, nothing is
locked and every statement kind runs; the catalog is still opened read-only.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field

import duckdb
from fsspec.implementations.local import LocalFileSystem

from schemas import TABLES
from schemas.errors import RunError
from warehouse.catalog import connect, create_table_views, read_only_catalog
from warehouse.snapshots import snapshot_files
from warehouse.store import Manifest, Store

# Statement kinds a query may be made of. PRAGMAs that change a setting are refused by the lock,
# CALL runs table functions (CHECKPOINT parses as one: a no-op on a read-only database).
QUERY_STATEMENTS = frozenset(
    {
        duckdb.StatementType.SELECT,
        duckdb.StatementType.EXPLAIN,
        duckdb.StatementType.PRAGMA,
        duckdb.StatementType.CALL,
    }
)
# Statically linked in the duckdb wheel, so loading them reads no file; the views use
# read_parquet, json and time zones.
NEEDED_EXTENSIONS = ("parquet", "json", "icu")
REFUSED = "the query surface is read-only and sandboxed"
TEMPORARY_PREFIX = "newsledger-sql-"


@dataclass(frozen=True, slots=True)
class Limits:
    """What one query may use: DuckDB sizes such as "2GB" (settings `sql_memory_limit`,
    `sql_temp_directory_limit`)."""

    memory: str
    temp_directory_size: str


class QueryRefused(RunError):
    """The sandbox refused a query: it would write, change a setting or read outside."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"{REFUSED}: {reason}")
        self.reason = reason


class QueryTooLarge(RunError):
    """A query needed more memory or temporary disk than the limits allow."""

    def __init__(self, limits: Limits, reason: str) -> None:
        super().__init__(
            f"the query needs more than the sandbox allows (sql_memory_limit "
            f"{limits.memory}, sql_temp_directory_limit {limits.temp_directory_size}): {reason}"
        )
        self.limits = limits
        self.reason = reason


@dataclass(slots=True)
class QueryResult:
    """Column names and rows of a query's last statement."""

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)


class Sandbox:
    """A read-only connection locked to its allowed files; `query` runs one text of SQL."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        allowed_paths: list[str],
        limits: Limits,
        allow_files: bool = False,
    ) -> None:
        self.limits = limits
        self.allow_files = allow_files
        self.temp_directory = tempfile.mkdtemp(prefix=TEMPORARY_PREFIX)
        self.connection = connection
        try:
            _configure(connection, allowed_paths, limits, self.temp_directory, allow_files)
        except BaseException:
            self.close()
            raise

    def query(self, sql: str) -> QueryResult:
        """Run `sql` (one or more statements); the columns and rows of the last one.

        A refusal raises QueryRefused, a query past the limits QueryTooLarge; any other DuckDB
        error (a mistake in the query) is raised as it is.
        """
        kinds = [statement.type for statement in self.connection.extract_statements(sql)]
        if not kinds:
            raise RunError("SQL: the query holds no statement")
        if not self.allow_files:
            refused = [kind for kind in kinds if kind not in QUERY_STATEMENTS]
            if refused:
                names = ", ".join(sorted({kind.name for kind in refused}))
                raise QueryRefused(f"{names} statements do not run here, only queries")
        try:
            cursor = self.connection.execute(sql)
            columns = [item[0] for item in cursor.description or []]
            return QueryResult(columns, cursor.fetchall())
        except duckdb.PermissionException as error:
            raise QueryRefused(_first_line(error)) from error
        except duckdb.OutOfMemoryException as error:
            raise QueryTooLarge(self.limits, _first_line(error)) from error
        except duckdb.InvalidInputException as error:
            # A PRAGMA or CALL that changes a setting meets the lock.
            if not self.allow_files and set(kinds) & {
                duckdb.StatementType.PRAGMA,
                duckdb.StatementType.CALL,
            }:
                raise QueryRefused(_first_line(error)) from error
            raise

    def close(self) -> None:
        """Close the connection and remove the sandbox's temporary folder."""
        try:
            self.connection.close()
        finally:
            shutil.rmtree(self.temp_directory, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _first_line(error: Exception) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]


def _configure(
    connection: duckdb.DuckDBPyConnection,
    allowed_paths: list[str],
    limits: Limits,
    temp_directory: str,
    allow_files: bool,
) -> None:
    """Set the limits, then (unless `allow_files`) the sandbox, the lock last."""
    # Settings take no bound parameters in every position: SET with `?` is DuckDB's own way.
    connection.execute("set memory_limit = ?", [limits.memory])
    connection.execute("set temp_directory = ?", [temp_directory])
    connection.execute("set max_temp_directory_size = ?", [limits.temp_directory_size])
    if allow_files:
        return
    connection.execute("set autoinstall_known_extensions = false")
    connection.execute("set autoload_known_extensions = false")
    for extension in NEEDED_EXTENSIONS:
        connection.execute(f"load {extension}")
    # allowed_paths can be set only while external access is on (DuckDB refuses it after).
    connection.execute("set allowed_paths = ?", [allowed_paths])
    connection.execute("set enable_external_access = false")
    connection.execute("set lock_configuration = true")


def warehouse_sandbox(
    store: Store, manifest: Manifest, limits: Limits, allow_files: bool = False
) -> Sandbox:
    """A sandbox over a warehouse's views, allowed to read the files its manifest lists."""
    allowed = [store.uri(data_file.path) for name in TABLES for data_file in manifest.files(name)]
    return Sandbox(connect(store, manifest), allowed, limits, allow_files)


def snapshot_sandbox(location: str, limits: Limits, allow_files: bool = False) -> Sandbox:
    """A sandbox over a published release's tables and views, allowed to read its Parquet."""
    fs, files = snapshot_files(location)
    allowed = [path for paths in files.values() for path in paths]
    registered = None if isinstance(fs, LocalFileSystem) else fs
    connection = read_only_catalog(lambda c: create_table_views(c, files), registered)
    return Sandbox(connection, allowed, limits, allow_files)
