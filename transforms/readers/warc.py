"""WARC response records: the HTTP payload of one record read as an HTML page, with provenance.

Pure: the caller (warehouse/warc.py) streams the records and hands over one payload and its
record's headers; this reads the page with the same HTML reader as an `.html` file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from schemas.articles import DATE_SOURCE_WARC
from schemas.errors import InputError
from schemas.input_formats import WARC
from transforms.readers.decoding import decode_html
from transforms.readers.html import parse_html_article
from transforms.readers.types import RawArticle


def warc_date_raw(when: dt.datetime) -> str:
    """A WARC-Date as the article's published_raw: ISO 8601 in UTC, seconds."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def article_from_warc_response(
    payload: bytes,
    *,
    uri: str,
    warc_date: dt.datetime,
    record_id: str,
    offset: int,
) -> RawArticle:
    """The article of one HTML response record; InputError (with the offset) when the page
    has none.

    Provenance: `url` is the record's URI (WARC-Target-URI), `external_id` its WARC-Record-ID,
    `position` its offset. A page that states no publication date is dated by its capture
    (WARC-Date), flagged by `date_source` DATE_SOURCE_WARC: a page is published at or before
    it is captured, so the fallback can only be late.
    """
    decoded = decode_html(payload)
    try:
        article = parse_html_article(decoded.text, url=uri)
    except InputError as error:
        raise InputError(f"record at offset {offset} ({uri}): {error.reason}", offset) from None
    flags = tuple(dict.fromkeys((*decoded.flags, *article.text_flags)))
    dated = article.published_raw is not None
    return replace(
        article,
        url=uri,
        external_id=record_id,
        format=WARC,
        position=offset,
        text_flags=flags,
        published_raw=article.published_raw if dated else warc_date_raw(warc_date),
        date_source=article.date_source if dated else DATE_SOURCE_WARC,
    )
