"""WARC files built with warcio's writer from the real pages in ``../shared/corpus/web/``.

Used by the WARC reader bench (`tests/benchmarks/warc_readers.py`) and the WARC tests. Pages are
written as HTTP 200 responses under their upstream URL; `build_warc` adds the records a crawl
also holds (warcinfo, requests, revisits, non-HTML responses) and, on request, the broken cases:
a record whose header block is not WARC, and a file cut short in its last record.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.accuracy.web_pages import ZYTE, load_body_pages, page_bytes

# A page's capture time in the generated file: one minute apart from this.
FIRST_CAPTURE = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
# Bytes cut from the end of the file for the truncated-tail case.
TRUNCATED_BYTES = 300


@dataclass(frozen=True, slots=True)
class Page:
    """A real page to write as a response: its URL and bytes."""

    url: str
    html: bytes


@dataclass(frozen=True, slots=True)
class WrittenResponse:
    """One HTML response written: where it starts in the file, and what it says."""

    offset: int
    url: str
    date: str  # WARC-Date
    record_id: str


def real_pages(count: int, root: Path = ZYTE) -> list[Page]:
    """The first `count` Zyte benchmark pages (sorted by name) as pages to write."""
    pages = sorted(load_body_pages(root), key=lambda page: page.name)[:count]
    return [Page(page.url, page_bytes(page)) for page in pages]


def _headers(content_type: str, length: int, extra: Sequence[tuple[str, str]] = ()) -> list:
    return [("Content-Type", content_type), ("Content-Length", str(length)), *extra]


def build_warc(
    path: Path,
    pages: Sequence[Page],
    *,
    repeat: int = 1,
    compression: str | None = "record",  # "record" (gzip per record), "file", or None
    extras: bool = True,
    corrupt_at: int | None = None,
    truncate_tail: bool = False,
) -> list[WrittenResponse]:
    """Write `pages` (`repeat` times) to a WARC at `path`; the HTML responses written, in order.

    `extras` adds per page a request, and once a revisit, an image and a JSON response.
    `corrupt_at`: before the response with this index, a record whose header block is garbage.
    `truncate_tail`: the file ends in one more response, cut short (not in the returned list).
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compression == "record")
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsledger tests"}))
    written: list[WrittenResponse] = []
    index = 0
    for round_ in range(repeat):
        for page in pages:
            url = page.url if round_ == 0 else f"{page.url}#copy{round_}"
            when = FIRST_CAPTURE + dt.timedelta(minutes=index)
            date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            if extras:
                request = StatusAndHeaders(
                    f"GET {url} HTTP/1.1", [("Host", "x")], is_http_request=True
                )
                record = writer.create_warc_record(
                    url, "request", http_headers=request, warc_headers_dict={"WARC-Date": date}
                )
                writer.write_record(record)
            if corrupt_at is not None and index == corrupt_at:
                buffer.write(_corrupt_record(compression == "record"))
            http = StatusAndHeaders(
                "200 OK", _headers("text/html; charset=utf-8", len(page.html)), protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(page.html),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            offset = buffer.tell()
            writer.write_record(record)
            written.append(
                WrittenResponse(offset, url, date, record.rec_headers.get_header("WARC-Record-ID"))
            )
            index += 1
    if extras:
        _write_extras(writer, pages[0].url)
    data = buffer.getvalue()
    if truncate_tail:
        data += _cut(pages[-1], compression == "record")
    if compression == "file":
        data = gzip.compress(data)
    path.write_bytes(data)
    return written


def _write_extras(writer, url: str) -> None:
    """A revisit of `url`, an image and a JSON response: records a reader skips."""
    from warcio.statusandheaders import StatusAndHeaders

    date = {"WARC-Date": "2024-03-02T00:00:00Z"}
    revisit_http = StatusAndHeaders("200 OK", _headers("text/html", 0), protocol="HTTP/1.1")
    revisit = writer.create_revisit_record(
        url, "sha1:AAAA", url, "2024-03-01T00:00:00Z", http_headers=revisit_http
    )
    writer.write_record(revisit)
    others = (("image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)), ("application/json", b'{"a": 1}'))
    for kind, body in others:
        http = StatusAndHeaders("200 OK", _headers(kind, len(body)), protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url + "#" + kind.replace("/", "-"),
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict=date,
            )
        )


def _corrupt_record(gzipped: bool) -> bytes:
    """A record whose version line and headers are not WARC, with a body after them."""
    raw = (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\n"
        b"<html>lost</html>\r\n\r\n"
    )
    return gzip.compress(raw) if gzipped else raw


def _cut(page: Page, gzipped: bool) -> bytes:
    """A response record whose block stops `TRUNCATED_BYTES` before its Content-Length says."""
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
        + str(len(page.html)).encode()
        + b"\r\n\r\n"
        + page.html
    )
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: "
        + page.url.encode()
        + b"#cut\r\nWARC-Date: 2024-03-03T00:00:00Z\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000cut0>\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
        + str(len(http)).encode()
        + b"\r\n\r\n"
    )
    record = head + http[: len(http) - TRUNCATED_BYTES]
    if gzipped:
        whole = gzip.compress(record)
        return whole[: len(whole) - 40]  # the gzip member stops before its end too
    return record
