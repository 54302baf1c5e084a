"""Re-checking a published release against its package, and querying one."""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from schemas import TABLES
from schemas.errors import RunError
from warehouse.catalog import create_table_views, read_only_catalog
from warehouse.snapshots.package import (
    PACKAGE,
    arrow_type_name,
    filesystem,
    read_package,
    safe_relative,
    sha256_file,
    uri,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One file of a snapshot that fails verification, and why."""

    path: str
    reason: str


def verify(location: str) -> list[Problem]:
    """Re-check a release's sizes, hashes and table schemas; every problem found, by file.

    `location` is a release folder (`<target>/<version>`). A file the package lists but that
    is missing, of another size or hash, or whose Parquet schema differs from the declared
    one is a problem; so is a file in the folder that the package does not list.
    """
    fs, root = filesystem(location)
    if not isinstance(fs, LocalFileSystem):
        fs.invalidate_cache(root)
    if not fs.exists(f"{root}/{PACKAGE}"):
        return [Problem(PACKAGE, "missing: not a complete release")]
    try:
        package = read_package(fs, root)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return [Problem(PACKAGE, f"not valid JSON: {error}")]
    problems: list[Problem] = []
    listed: set[str] = {PACKAGE}
    for resource in package.get("resources", []):
        path = safe_relative(resource["path"])
        listed.add(path)
        problems += _check_file(fs, root, path, resource.get("bytes"), resource.get("hash"))
        if not any(problem.path == path for problem in problems):
            problems += _check_parquet_schema(fs, f"{root}/{path}", path, resource["schema"])
    for relative, expected in package.get("newsledger", {}).get("files", {}).items():
        path = safe_relative(relative)
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
    actual = f"sha256:{sha256_file(full, fs)}"
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
    fs, root = filesystem(location)
    if not fs.exists(f"{root}/{PACKAGE}"):
        raise RunError(
            f"no published snapshot at {location}",
            hint="name a release folder, e.g. releases/1.0.0 (newsledger verify checks one)",
        )
    package = read_package(fs, root)
    files: dict[str, list[str]] = {}
    for resource in package.get("resources", []):
        if resource["name"] in TABLES:
            files[resource["name"]] = [uri(fs, f"{root}/{safe_relative(resource['path'])}")]
    return fs, files


def connect_snapshot(location: str) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection with a release's tables and the analytic views."""
    fs, files = snapshot_files(location)
    return read_only_catalog(
        lambda connection: create_table_views(connection, files),
        None if isinstance(fs, LocalFileSystem) else fs,
    )
