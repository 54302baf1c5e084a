"""WARC files (ISO 28500): streaming their records, choosing which to read, hashing the file.

The reader is FastWARC (`docs/usage.md`, "WARC input", says why: measured against warcio by
`tests/benchmarks/warc_readers.py`). A file is never held: records are read one at a time and
a record's payload only once its headers say it is a wanted HTML response, so memory stays
flat however large the file. Parsing the page is `transforms.readers.warc`.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import fsspec

from schemas.errors import InputError
from schemas.input_formats import WARC, format_for_name

# Why a record gave no article without being wrong: the counts a run reports per reason.
SKIP_REQUEST = "request"
SKIP_REVISIT = "revisit"
SKIP_NOT_HTML = "not_html"  # a response whose payload is not HTML (images, JSON, PDFs)
SKIP_TRUNCATED = "truncated"  # WARC-Truncated, or the file ends inside the record
SKIP_HTTP_STATUS = "http_status"  # a response other than 200 (redirects, errors)
SKIP_OUTSIDE_DATES = "outside_dates"  # --since/--until (see `date_skip`)
SKIP_OTHER = "other_record"  # warcinfo, metadata, resource, conversion records
SKIP_TOO_LARGE = "too_large"
SKIP_REASONS = (
    SKIP_REQUEST,
    SKIP_REVISIT,
    SKIP_NOT_HTML,
    SKIP_TRUNCATED,
    SKIP_HTTP_STATUS,
    SKIP_OUTSIDE_DATES,
    SKIP_OTHER,
    SKIP_TOO_LARGE,
)

# An HTML payload larger than this is skipped unread: no news page comes near it (the largest
# of the 529 real pages in ../shared/corpus/web is 2.3 MB), and it bounds what one record holds.
MAX_PAYLOAD_BYTES = 16 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Compressed bytes decompressed to tell a whole-file gzip from gzip per record: the first
# member of a per-record file is the warcinfo record, a few hundred bytes.
GZIP_PROBE_BYTES = 1024 * 1024
HASH_CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class WarcWindow:
    """Which records a run reads: capture dates (inclusive, UTC) and a sample size."""

    since: dt.date | None = None
    until: dt.date | None = None
    max_records: int | None = None  # the first N HTML responses of the run

    @property
    def is_whole(self) -> bool:
        """True when every record is read (no bound and no sample)."""
        return self.since is None and self.until is None and self.max_records is None


@dataclass(frozen=True, slots=True)
class WarcResponse:
    """An HTML response record to read: its provenance and HTTP payload."""

    offset: int
    uri: str
    date: dt.datetime
    record_id: str
    payload: bytes


@dataclass(frozen=True, slots=True)
class WarcSkip:
    """A record not read, and why (one of SKIP_REASONS)."""

    reason: str


def is_warc(path: str) -> bool:
    """True for a `.warc` or `.warc.gz` (or other compression suffix) file name."""
    return format_for_name(path) == WARC


def file_sha256(path: str) -> str:
    """sha256 of the file's bytes as stored (compressed), read in chunks."""
    digest = hashlib.sha256()
    try:
        fs, local = fsspec.core.url_to_fs(path)
        with fs.open(local, "rb") as handle:
            while chunk := handle.read(HASH_CHUNK_BYTES):
                digest.update(chunk)
    except OSError as error:
        raise InputError(f"cannot read file: {error}") from None
    return digest.hexdigest()


def date_skip(
    date: dt.datetime | None, last_modified: dt.datetime | None, window: WarcWindow
) -> str | None:
    """SKIP_OUTSIDE_DATES when the record is outside the window, else None.

    The window bounds the capture date (WARC-Date). A page is published at or before it was
    last modified, so a Last-Modified header before `since` also skips the record; a
    Last-Modified after `until` says nothing (pages are updated after publication).
    """
    day = date.astimezone(dt.UTC).date() if date is not None else None
    modified = last_modified.astimezone(dt.UTC).date() if last_modified is not None else None
    if window.since is not None and any(
        known is not None and known < window.since for known in (day, modified)
    ):
        return SKIP_OUTSIDE_DATES
    if window.until is not None and day is not None and day > window.until:
        return SKIP_OUTSIDE_DATES
    return None


def _opened_stream(handle: IO[bytes]) -> IO[bytes]:
    """The WARC stream of a file: a whole-file gzip decompressed here (so record offsets are
    offsets in the WARC), anything else as stored (gzip per record: offsets in the file)."""
    head = handle.read(GZIP_PROBE_BYTES)
    handle.seek(0)
    if head[:2] != b"\x1f\x8b":
        return handle
    probe = zlib.decompressobj(wbits=31)
    try:
        probe.decompress(head)
    except zlib.error:
        return handle  # FastWARC reports the damage where it meets it
    per_record = probe.eof and bool(probe.unused_data)
    return handle if per_record else gzip.GzipFile(fileobj=handle)  # type: ignore[return-value]


def _corruption(record: Any) -> str | None:
    """What makes a record unreadable as WARC, or None: its header block lacks what every
    record has (a numeric Content-Length, WARC-Record-ID, WARC-Date)."""
    length = record.headers.get("Content-Length")
    if length is None or not length.strip().isdigit():
        return f"Content-Length {length!r} is not a number"
    for name in ("WARC-Record-ID", "WARC-Date"):
        if not record.headers.get(name):
            return f"no {name}"
    return None


def iter_warc(path: str, window: WarcWindow) -> Iterator[WarcResponse | WarcSkip | InputError]:
    """Each record of a WARC as a response to read, a skip, or an InputError (a corrupt
    record: one reject at its offset; the records after it are still read).

    Stops after `window.max_records` responses. Damage the reader cannot step over (a gzip
    member that does not decompress) ends the file with one InputError at the last offset.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    types = ((WarcRecordType.request, SKIP_REQUEST), (WarcRecordType.revisit, SKIP_REVISIT))
    fs, local = fsspec.core.url_to_fs(path)
    n_responses = 0
    offset = 0
    with fs.open(local, "rb") as handle:
        stream = _opened_stream(handle)
        records = iter(ArchiveIterator(stream, quirks_mode=True, parse_http=False))
        while window.max_records is None or n_responses < window.max_records:
            try:
                record = next(records)
            except StopIteration:
                return
            except EOFError:
                yield WarcSkip(SKIP_TRUNCATED)  # a whole-file gzip cut short
                return
            except (OSError, zlib.error) as error:
                yield InputError(f"unreadable WARC from offset {offset}: {error}", offset)
                return
            offset = record.stream_pos
            try:
                item = _record_item(record, window, types)
            except EOFError:
                yield WarcSkip(SKIP_TRUNCATED)
                return
            except (OSError, zlib.error) as error:
                yield InputError(f"unreadable WARC record at offset {offset}: {error}", offset)
                return
            if isinstance(item, WarcResponse):
                n_responses += 1
            yield item


def _record_item(
    record: Any, window: WarcWindow, types: tuple[tuple[Any, str], ...]
) -> WarcResponse | WarcSkip | InputError:
    """One record's item: the decisions read headers only; the payload is read last."""
    from fastwarc.warc import WarcRecordType

    problem = _corruption(record)
    if problem is not None:
        offset = record.stream_pos
        return InputError(f"corrupt WARC record at offset {offset}: {problem}", offset)
    for record_type, reason in types:  # FastWARC's record types are not hashable
        if record.record_type == record_type:
            return WarcSkip(reason)
    if record.record_type != WarcRecordType.response or not record.is_http:
        return WarcSkip(SKIP_OTHER)
    if record.headers.get("WARC-Truncated"):
        return WarcSkip(SKIP_TRUNCATED)
    skip = date_skip(record.record_date, None, window)
    if skip is not None:
        return WarcSkip(skip)
    record.parse_http()
    http = record.http_headers
    if http is None or http.status_code != 200:
        return WarcSkip(SKIP_HTTP_STATUS)
    content_type = (record.http_content_type or "").lower()
    if not content_type.startswith(HTML_TYPES):
        return WarcSkip(SKIP_NOT_HTML)
    skip = date_skip(record.record_date, record.http_last_modified, window)
    if skip is not None:
        return WarcSkip(skip)
    if record.content_length > MAX_PAYLOAD_BYTES:
        return WarcSkip(SKIP_TOO_LARGE)
    payload = record.reader.read()
    if len(payload) < record.content_length:
        return WarcSkip(SKIP_TRUNCATED)
    return WarcResponse(
        offset=record.stream_pos,
        uri=record.headers.get("WARC-Target-URI") or "",
        date=record.record_date,
        record_id=record.record_id,
        payload=payload,
    )
