"""`newsledger run` on WARC files written by warcio from real pages: articles with their
provenance, skips per reason in the summary, one reject for a corrupt record, the date window
and sample, and a rerun that hashes the file and parses nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.ingest import run_ingest
from flows.settings import Settings
from schemas.articles import DATE_SOURCE_WARC
from tests.accuracy.web_pages import ZYTE
from tests.benchmarks.warc_files import build_warc, real_pages
from tests.conftest import query, shared_or_skip
from transforms.urls import normalize_url
from warehouse.warc import (
    SKIP_NOT_HTML,
    SKIP_OTHER,
    SKIP_OUTSIDE_DATES,
    SKIP_REQUEST,
    SKIP_REVISIT,
    SKIP_TRUNCATED,
    WarcWindow,
)

pytestmark = pytest.mark.usefixtures("prefect_harness")
N_PAGES = 3


@pytest.fixture(scope="module")
def pages():
    shared_or_skip(ZYTE)
    return real_pages(N_PAGES)


def test_a_warc_is_ingested_with_provenance_and_a_rerun_parses_nothing(tmp_path, pages):
    path = tmp_path / "crawl.warc.gz"
    written = build_warc(path, pages, corrupt_at=1, truncate_tail=True)
    settings = Settings(warehouse=str(tmp_path / "wh"), processes=1)
    summary = run_ingest([str(path)], settings)
    assert (summary.n_files, summary.n_articles_read, summary.n_rejected) == (1, N_PAGES, 1)
    assert summary.warc_skipped == {
        SKIP_NOT_HTML: 2,
        SKIP_OTHER: 1,
        SKIP_REQUEST: N_PAGES,
        SKIP_REVISIT: 1,
        SKIP_TRUNCATED: 1,
    }
    rows = query(
        settings.warehouse,
        "select url, external_id, source_position, format, source_path, date_source,"
        " published_raw from articles order by source_position",
    )
    # The record's URI, normalized as every input's URL is (transforms/urls.py).
    assert [row[:5] for row in rows] == [
        (normalize_url(w.url), w.record_id, w.offset, "warc", str(path)) for w in written
    ]
    for (*_, date_source, published_raw), response in zip(rows, written, strict=True):
        # A page that states no date is dated by its capture, and says so.
        assert (date_source == DATE_SOURCE_WARC) is (published_raw == response.date)
    (reject,) = query(settings.warehouse, "select source_position, format, reason from rejects")
    assert written[0].offset < reject[0] < written[1].offset
    assert reject[1:] == ("warc", reject[2]) and "corrupt WARC record" in reject[2]

    again = run_ingest([str(path)], settings)
    assert (again.n_files_unchanged, again.n_articles_read, again.n_rejected) == (1, 0, 0)
    assert again.warc_skipped == {}  # hashed only: no record was looked at
    for table in ("articles", "article_sketches", "rejects", "entity_mentions", "quantities"):
        assert again.rows_added.get(table, 0) == 0, table


def test_a_window_or_sample_reads_part_and_leaves_the_rest_for_a_later_run(tmp_path, pages):
    path = tmp_path / "crawl.warc"
    build_warc(path, pages, compression=None)
    settings = Settings(warehouse=str(tmp_path / "wh"), processes=1)
    outside = run_ingest([str(path)], settings, WarcWindow(since=dt.date(2024, 3, 2)))
    assert outside.n_articles_read == 0
    assert outside.warc_skipped[SKIP_OUTSIDE_DATES] == N_PAGES
    sample = run_ingest([str(path)], settings, WarcWindow(max_records=1))
    assert (sample.n_articles_read, sample.n_articles_new) == (1, 1)
    # Neither run read the whole file: the next one reads it and adds the rest.
    rest = run_ingest([str(path)], settings)
    assert (rest.n_files_unchanged, rest.n_articles_read, rest.n_duplicates) == (0, N_PAGES, 1)
    assert query(settings.warehouse, "select count(*) from articles") == [(N_PAGES,)]
