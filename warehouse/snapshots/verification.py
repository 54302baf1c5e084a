"""Re-checking a published release against its package, and querying one."""

from __future__ import annotations

import fnmatch
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
from warehouse.snapshots.citation import (
    CFF_REQUIRED,
    DATACITE_REQUIRED,
    datacite_licence,
    front_matter,
    hub_license,
    load_yaml_mapping,
    pretty_name_version,
)
from warehouse.snapshots.package import (
    BODY_COLUMN,
    BODY_TABLE,
    CARD,
    CITATION,
    DATACITE,
    METADATA_FILES,
    PACKAGE,
    TEXT_WITHHELD,
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
    one is a problem; so is a file in the folder that the package does not list, and an
    article body in a release whose package says the bodies are withheld. The card,
    CITATION.cff and datacite.json must be there, listed, parse, and agree with the package
    on version and licence (`check_metadata`).
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
        withheld = package.get("newsledger", {}).get("article_text") == TEXT_WITHHELD
        unreadable = any(problem.path == path for problem in problems)
        if withheld and resource["name"] == BODY_TABLE and not unreadable:
            problems += _check_no_bodies(fs, f"{root}/{path}", path)
    for relative, expected in package.get("newsledger", {}).get("files", {}).items():
        path = safe_relative(relative)
        listed.add(path)
        problems += _check_file(fs, root, path, expected.get("bytes"), expected.get("hash"))
    found_files = {found[len(root) :].lstrip("/") for found in fs.find(root)}
    for relative in sorted(found_files - listed):
        problems.append(Problem(relative, "not listed in the package"))
    # Releases written before the metadata files existed (no `article_text` entry either)
    # stay valid: a release is immutable, and its files are what its package lists.
    current_format = "article_text" in package.get("newsledger", {})
    for name in METADATA_FILES:
        if current_format and name not in listed and name not in found_files:
            problems.append(Problem(name, "missing: every release holds it"))
    failed = {problem.path for problem in problems}
    readable = {name for name in METADATA_FILES if name in listed and name not in failed}
    return problems + check_metadata(fs, root, package, readable, found_files)


def check_metadata(
    fs: fsspec.AbstractFileSystem,
    root: str,
    package: dict,
    readable: set[str],
    found_files: set[str],
) -> list[Problem]:
    """The card's front matter, CITATION.cff and datacite.json parse, have their required
    keys, point at files of the release, and give the package's version and licence.

    Only the files in `readable` (present, listed and unaltered) are read.
    """
    version = package.get("version")
    licence = (package.get("licenses") or [{}])[0].get("name")
    problems: list[Problem] = []

    def read(name: str) -> str:
        with fs.open(f"{root}/{name}", "rb") as handle:
            return handle.read().decode("utf-8")

    if CITATION in readable:
        try:
            citation = load_yaml_mapping(read(CITATION))
        except (ValueError, UnicodeDecodeError) as error:
            citation = None
            problems.append(Problem(CITATION, str(error)))
        if citation is not None:
            problems += _disagreements(
                CITATION,
                [key for key in CFF_REQUIRED if not citation.get(key)],
                [("version", citation.get("version"), version)],
                [("license", citation.get("license"), licence)],
            )
    if CARD in readable:
        try:
            card = front_matter(read(CARD))
        except (ValueError, UnicodeDecodeError) as error:
            card = None
            problems.append(Problem(CARD, f"front matter: {error}"))
        if card is not None:
            expected = hub_license(licence)
            problems += _disagreements(
                CARD,
                [key for key in ("license", "pretty_name", "configs") if not card.get(key)],
                [("version (pretty_name)", pretty_name_version(card), version)],
                [(key, card.get(key), expected.get(key)) for key in ("license", "license_name")],
            )
            problems += _check_configs(card.get("configs") or [], found_files)
    if DATACITE in readable:
        try:
            datacite = json.loads(read(DATACITE))
            attributes = datacite["data"]["attributes"]
        except (ValueError, UnicodeDecodeError, KeyError, TypeError) as error:
            attributes = None
            problems.append(Problem(DATACITE, f"not DataCite JSON:API metadata: {error!r}"))
        if attributes is not None:
            resource_type = (attributes.get("types") or {}).get("resourceTypeGeneral")
            missing = [key for key in DATACITE_REQUIRED if not attributes.get(key)]
            if resource_type != "Dataset":
                missing.append("types.resourceTypeGeneral: Dataset")
            problems += _disagreements(
                DATACITE,
                missing,
                [("version", attributes.get("version"), version)],
                [("rightsIdentifier", datacite_licence(datacite), licence and licence.lower())],
            )
    return problems


def _disagreements(
    path: str, missing: list[str], *comparisons: list[tuple[str, object, object]]
) -> list[Problem]:
    problems = [Problem(path, f"required key missing: {key}") for key in missing]
    for what, found, expected in (item for group in comparisons for item in group):
        if found != expected:
            problems.append(
                Problem(path, f"{what} is {found!r}, datapackage.json says {expected!r}")
            )
    return problems


def _check_configs(configs: list, found_files: set[str]) -> list[Problem]:
    """Every `configs` entry names data files (globs allowed) that the release holds."""
    problems = []
    for config in configs:
        name = config.get("config_name") if isinstance(config, dict) else None
        entries = config.get("data_files") if isinstance(config, dict) else None
        if not name or not entries:
            problems.append(Problem(CARD, f"config without a name or data_files: {config!r}"))
            continue
        if isinstance(entries, str | dict):
            entries = [entries]
        for entry in entries:
            paths = entry.get("path") if isinstance(entry, dict) else entry
            for pattern in [paths] if isinstance(paths, str) else paths or [None]:
                if not isinstance(pattern, str) or not fnmatch.filter(found_files, pattern):
                    problems.append(
                        Problem(CARD, f"config {name}: no file in the release for {pattern!r}")
                    )
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


def _check_no_bodies(fs: fsspec.AbstractFileSystem, full: str, path: str) -> list[Problem]:
    """A release whose package says the bodies are withheld holds none."""
    with fs.open(full, "rb") as handle:
        bodies = pq.read_table(handle, columns=[BODY_COLUMN]).column(BODY_COLUMN)
    held = len(bodies) - bodies.null_count
    if held:
        return [Problem(path, f"{held} article bodies in a release that withholds them")]
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
