"""The input formats newsledger reads, and the file extensions that name them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

# The formats an article is read from, as `articles.format` records them.
INPUT_FORMATS = ("txt", "html", "json", "jsonl", "rss", "atom")

# Extensions a folder scan picks up; anything else in a folder is not an article file.
# "feed" is RSS or Atom: the reader tells them apart by the content.
EXTENSION_FORMATS: Mapping[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
}

# Compressed copies of those ("feed.jsonl.gz") are read decompressed (fsspec infers the codec).
COMPRESSION_SUFFIXES = frozenset({".gz", ".bz2", ".xz"})


def format_for_name(name: str) -> str | None:
    """The reader a file name asks for by its extension, or None if it names none.

    A compression suffix is looked through: "wire.jsonl.gz" is JSONL.
    """
    path = PurePosixPath(name)
    suffix = path.suffix.lower()
    if suffix in COMPRESSION_SUFFIXES:
        suffix = PurePosixPath(path.stem).suffix.lower()
    return EXTENSION_FORMATS.get(suffix)
