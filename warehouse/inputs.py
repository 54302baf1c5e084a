"""Input files: finding them (files, folders, globs, fsspec URLs) and reading their bytes.

The one place that reads articles' source files; parsing is `transforms.readers`.
"""

from __future__ import annotations

import hashlib
import lzma
import os
import zlib
from dataclasses import dataclass

import fsspec
from fsspec.implementations.local import LocalFileSystem

from schemas.errors import InputError, RunError
from schemas.input_formats import format_for_name

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read: how to name it in the tables, and where it is."""

    path: str  # local absolute path, or protocol URL
    size: int | None = None  # bytes as listed; None when the listing did not say


@dataclass(frozen=True, slots=True)
class InputBytes:
    """A file's content and its sha256."""

    path: str
    data: bytes
    sha256: str


def discover(inputs: list[str]) -> list[InputFile]:
    """Every article file the inputs name, sorted, each once.

    A folder is read recursively and gives the files whose extension names a reader (hidden
    files and folders skipped); a file named directly is read whatever its extension; a glob
    gives what it matches. An input that matches nothing is an error, not an empty run.
    """
    found: dict[str, int | None] = {}
    for given in inputs:
        fs, path = fsspec.core.url_to_fs(given)
        if not isinstance(fs, LocalFileSystem):
            # Object-store listings are cached per process: see files that arrived since.
            fs.invalidate_cache(path)
        matches = fs.glob(path) if _GLOB_CHARS & set(path) else ([path] if fs.exists(path) else [])
        if not matches:
            raise RunError(f"input not found: {given}", hint="check the path or quote the glob")
        for match in matches:
            if fs.isdir(match):
                # One listing gives names and sizes: no request per file on object stores.
                for name, info in sorted(fs.find(match, detail=True).items()):
                    relative = name[len(str(match)) :]
                    hidden = any(part.startswith(".") for part in relative.split("/") if part)
                    if not hidden and format_for_name(name):
                        found.setdefault(_name(fs, name), info.get("size"))
            else:
                found.setdefault(_name(fs, match), fs.size(match))
    return [InputFile(path, size) for path, size in sorted(found.items())]


def _name(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """How the tables name an input file: its absolute path, or its URL."""
    if isinstance(fs, LocalFileSystem):
        return os.path.abspath(path)
    return fs.unstrip_protocol(path)


# Bigger files are refused rather than read: one input must not exhaust memory.
MAX_FILE_BYTES = 256 * 1024 * 1024
# What a damaged .xz, .gz or .bz2 raises besides OSError.
_CORRUPT_COMPRESSED = (lzma.LZMAError, zlib.error)


def read(input_file: InputFile) -> InputBytes:
    """The bytes of one input; InputError (recorded as a reject) when it cannot be read."""
    try:
        fs, path = fsspec.core.url_to_fs(input_file.path)
        size = fs.size(path)
        if size is not None and size > MAX_FILE_BYTES:
            raise InputError(f"file too large ({size} bytes; limit {MAX_FILE_BYTES})")
        with fs.open(path, "rb", compression="infer") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except EOFError as error:
        # Decompressors raise it when the compressed stream stops before its end marker.
        raise InputError(f"truncated compressed file: {error}") from None
    except (*_CORRUPT_COMPRESSED, OSError) as error:
        # gzip.BadGzipFile is an OSError: both mean the bytes could not be read as the file.
        raise InputError(f"cannot read file: {error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"file too large after decompression (limit {MAX_FILE_BYTES} bytes)")
    return InputBytes(input_file.path, data, hashlib.sha256(data).hexdigest())
