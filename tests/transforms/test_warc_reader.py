"""A WARC response's payload read as a page (transforms/readers/warc.py): provenance and the
capture date as a flagged fallback publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from schemas.articles import DATE_SOURCE_WARC
from schemas.errors import InputError
from schemas.input_formats import WARC
from tests.accuracy.web_pages import ZYTE
from tests.benchmarks.warc_files import real_pages
from tests.conftest import shared_or_skip
from transforms.readers import parse_html_article
from transforms.readers.decoding import decode_html
from transforms.readers.warc import article_from_warc_response, warc_date_raw

CAPTURED = dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC)
RECORD_ID = "<urn:uuid:0b40319a-c65f-47b4-9cb5-13ddfcdeff36>"

# Written for this test: a page with an article and no date anywhere in it.
UNDATED_PAGE = (
    "<html lang='en'><head><title>Harbor crane repaired</title></head><body><article>"
    "<h1>Harbor crane repaired</h1><p>"
    + "The harbor authority said the damaged crane at the north pier was repaired and "
    "that loading would resume for the ships waiting in the bay outside the breakwater. "
    * 3
    + "</p></article></body></html>"
).encode()


def read(payload: bytes, uri: str = "https://example.org/harbor", offset: int = 4096):
    return article_from_warc_response(
        payload, uri=uri, warc_date=CAPTURED, record_id=RECORD_ID, offset=offset
    )


def test_a_page_without_a_date_is_dated_by_its_capture_and_flagged():
    article = read(UNDATED_PAGE)
    assert (article.published_raw, article.date_source) == (
        "2024-03-01T08:30:00Z",
        DATE_SOURCE_WARC,
    )
    assert (article.url, article.external_id, article.position, article.format) == (
        "https://example.org/harbor",
        RECORD_ID,
        4096,
        WARC,
    )


def test_a_real_page_reads_as_the_html_reader_reads_it():
    shared_or_skip(ZYTE)
    for page in real_pages(5):
        article = read(page.html, uri=page.url)
        alone = parse_html_article(decode_html(page.html).text, url=page.url)
        assert (article.text, article.title) == (alone.text, alone.title)
        if alone.published_raw is not None:  # the page's own date wins over the capture
            assert (article.published_raw, article.date_source) == (
                alone.published_raw,
                alone.date_source,
            )
        else:
            assert article.date_source == DATE_SOURCE_WARC
        assert (article.url, article.position) == (page.url, 4096)


def test_a_page_without_an_article_is_a_reject_at_the_record_offset():
    with pytest.raises(InputError) as raised:
        read(b"<html><body><nav>Home News Sport</nav></body></html>", offset=777)
    assert raised.value.position == 777
    assert "offset 777" in raised.value.reason


def test_warc_date_raw_is_utc():
    eastern = dt.datetime(2024, 3, 1, 3, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert warc_date_raw(eastern) == "2024-03-01T08:30:00Z"
