"""WARC inputs in the ingest: a file streamed in bounded chunks of records, its skips counted.

`warehouse.warc` streams the records and decides which to read, in the flow;
`transforms.readers.warc` reads each HTML response as a page, on a worker (`parse_warc_chunk`).
A chunk holds at most `RECORDS_PER_CHUNK` records and `BYTES_PER_CHUNK` bytes of payload, so
what the ingest holds does not grow with the file.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from prefect import task
from prefect.cache_policies import NO_CACHE

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
    """Part of one WARC file read: its HTML responses, not parsed yet (`parse_warc_chunk` does
    that on a worker), the records that were rejects, and records skipped per reason."""

    source: SourceFile
    responses: list[WarcResponse] = field(default_factory=list)
    rejects: list[InputError] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    payload_bytes: int = 0
    is_unchanged: bool = False


def read_warc_chunks(
    path: str, ingested: frozenset[str], window: WarcWindow
) -> Iterator[WarcChunk]:
    """The chunks of one WARC file; a file whose bytes a committed run read is hashed only
    (one chunk, `is_unchanged`), an unreadable one is one whole-file reject."""
    try:
        sha256 = file_sha256(path)
    except InputError as error:
        yield WarcChunk(SourceFile(path, ""), rejects=[error])
        return
    source = SourceFile(path, sha256)
    if sha256 in ingested:
        yield WarcChunk(source, is_unchanged=True)
        return
    chunk = WarcChunk(source)
    try:
        for item in iter_warc(path, window):
            if isinstance(item, WarcSkip):
                chunk.skipped[item.reason] += 1
                continue
            if isinstance(item, InputError):
                chunk.rejects.append(item)
            else:
                chunk.payload_bytes += len(item.payload)
                chunk.responses.append(item)
            if len(chunk.responses) + len(chunk.rejects) >= RECORDS_PER_CHUNK or (
                chunk.payload_bytes >= BYTES_PER_CHUNK
            ):
                yield chunk
                chunk = WarcChunk(source)
    except OSError as error:  # the file could not be opened or read at all
        chunk.rejects.append(InputError(f"cannot read WARC: {error}"))
    yield chunk


@task(name="parse-warc-records", cache_policy=NO_CACHE)
def parse_warc_chunk(chunk: WarcChunk) -> ReadResult:
    """The articles of a chunk's HTML responses (a page without one is a reject): HTML
    extraction is most of a WARC's reading, so it runs on the workers, beside the NLP."""
    started = time.perf_counter()
    articles: list[RawArticle] = []
    rejects = list(chunk.rejects)
    for response in chunk.responses:
        try:
            articles.append(article_of(response))
        except InputError as error:
            rejects.append(error)
    return ReadResult(
        chunk.source,
        WARC,
        tuple(articles),
        tuple(rejects),
        chunk.is_unchanged,
        seconds=time.perf_counter() - started,
    )


def article_of(response: WarcResponse) -> RawArticle:
    """The article of one HTML response record (InputError when the page has none)."""
    return article_from_warc_response(
        response.payload,
        uri=response.uri,
        warc_date=response.date,
        record_id=response.record_id,
        offset=response.offset,
    )
