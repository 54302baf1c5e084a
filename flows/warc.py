"""WARC inputs in the ingest: a file streamed in bounded chunks of articles, its skips counted.

`warehouse.warc` streams the records and decides which to read; `transforms.readers.warc`
reads each HTML response as a page. A chunk holds at most `RECORDS_PER_CHUNK` records' results
and `BYTES_PER_CHUNK` bytes of payload, so what the ingest holds does not grow with the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from flows.tasks import ReadResult
from schemas.errors import InputError
from schemas.input_formats import WARC
from transforms.articles import SourceFile
from transforms.readers import RawArticle
from transforms.readers.warc import article_from_warc_response
from warehouse.warc import WarcResponse, WarcSkip, WarcWindow, file_sha256, iter_warc

# As many records as a group of ordinary files (FILES_PER_READ), and the same bytes bound.
RECORDS_PER_CHUNK = 64
BYTES_PER_CHUNK = 16 * 1024 * 1024


@dataclass(slots=True)
class WarcChunk:
    """Part of one WARC file read: its articles and rejects, and records skipped per reason."""

    result: ReadResult
    skipped: Counter[str] = field(default_factory=Counter)
    payload_bytes: int = 0


def read_warc_chunks(
    path: str, ingested: frozenset[str], window: WarcWindow
) -> Iterator[WarcChunk]:
    """The chunks of one WARC file; a file whose bytes a committed run read is hashed only
    (one chunk, `is_unchanged`), an unreadable one is one whole-file reject."""
    try:
        sha256 = file_sha256(path)
    except InputError as error:
        yield WarcChunk(ReadResult(SourceFile(path, ""), WARC, (), (error,)))
        return
    source = SourceFile(path, sha256)
    if sha256 in ingested:
        yield WarcChunk(ReadResult(source, WARC, (), (), is_unchanged=True))
        return
    articles: list[RawArticle] = []
    rejects: list[InputError] = []
    chunk = WarcChunk(ReadResult(source, WARC, (), ()))
    try:
        for item in iter_warc(path, window):
            if isinstance(item, WarcSkip):
                chunk.skipped[item.reason] += 1
                continue
            if isinstance(item, InputError):
                rejects.append(item)
            else:
                chunk.payload_bytes += len(item.payload)
                try:
                    articles.append(article_of(item))
                except InputError as error:
                    rejects.append(error)
            if len(articles) + len(rejects) >= RECORDS_PER_CHUNK or (
                chunk.payload_bytes >= BYTES_PER_CHUNK
            ):
                chunk.result = ReadResult(source, WARC, tuple(articles), tuple(rejects))
                yield chunk
                articles, rejects = [], []
                chunk = WarcChunk(ReadResult(source, WARC, (), ()))
    except OSError as error:  # the file could not be opened or read at all
        rejects.append(InputError(f"cannot read WARC: {error}"))
    chunk.result = ReadResult(source, WARC, tuple(articles), tuple(rejects))
    yield chunk


def article_of(response: WarcResponse) -> RawArticle:
    """The article of one HTML response record (InputError when the page has none)."""
    return article_from_warc_response(
        response.payload,
        uri=response.uri,
        warc_date=response.date,
        record_id=response.record_id,
        offset=response.offset,
    )
