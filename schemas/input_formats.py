"""The input formats newsledger reads, and the file extensions that name them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

TXT = "txt"
HTML = "html"
JSON = "json"
JSONL = "jsonl"
RSS = "rss"
ATOM = "atom"
# A JSON Feed (jsonfeed.org): a ".json" file whose first bytes name a jsonfeed.org version.
JSON_FEED = "json_feed"
# RSS or Atom, before the content tells which: what a feed's extension (or, without one, its
# first bytes) asks for. A feed read records RSS or ATOM; FEED is recorded only as the format
# of a whole file rejected whose extension names a feed (`rejects.format`).
FEED = "feed"
# A web archive (ISO 28500): each HTML response record is read as an HTML page.
WARC = "warc"

# The formats an article is read from, as `articles.format` records them.
INPUT_FORMATS = (TXT, HTML, JSON, JSONL, RSS, ATOM, JSON_FEED, WARC)

# Extensions a folder scan picks up; anything else in a folder is not an article file.
EXTENSION_FORMATS: Mapping[str, str] = {
    ".txt": TXT,
    ".text": TXT,
    ".html": HTML,
    ".htm": HTML,
    ".json": JSON,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".xml": FEED,
    ".rss": FEED,
    ".atom": FEED,
    ".rdf": FEED,
    ".warc": WARC,
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
