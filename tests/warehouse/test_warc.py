"""WARC records streamed and chosen (warehouse/warc.py) on files written by warcio from real
pages: offsets, skips per reason, one reject for a corrupt record, the date window, samples."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from schemas.errors import InputError
from tests.accuracy.web_pages import ZYTE
from tests.benchmarks.warc_files import build_warc, real_pages
from tests.conftest import shared_or_skip
from warehouse.inputs import discover
from warehouse.warc import (
    SKIP_NOT_HTML,
    SKIP_OTHER,
    SKIP_OUTSIDE_DATES,
    SKIP_REQUEST,
    SKIP_REVISIT,
    SKIP_TRUNCATED,
    WarcResponse,
    WarcSkip,
    WarcWindow,
    date_skip,
    file_sha256,
    is_warc,
    iter_warc,
)

# Each file: 6 responses, a request each, warcinfo, a revisit, an image and a JSON response.
EXPECTED_SKIPS = {SKIP_REQUEST: 6, SKIP_REVISIT: 1, SKIP_NOT_HTML: 2, SKIP_OTHER: 1}


@pytest.fixture(scope="module")
def pages():
    shared_or_skip(ZYTE)
    return real_pages(6)


WHOLE = WarcWindow()


def read_all(path, window=WHOLE):
    responses, skips, rejects = [], Counter(), []
    for item in iter_warc(str(path), window):
        if isinstance(item, WarcResponse):
            responses.append(item)
        elif isinstance(item, WarcSkip):
            skips[item.reason] += 1
        else:
            rejects.append(item)
    return responses, skips, rejects


@pytest.mark.parametrize(
    "compression",
    ["record", "file", None],
    ids=["gzip-per-record", "whole-file-gzip", "uncompressed"],
)
@pytest.mark.parametrize("broken", ["none", "corrupt-middle", "truncated-tail"])
def test_every_response_is_read_with_its_provenance(tmp_path, pages, compression, broken):
    path = tmp_path / ("a.warc" if compression is None else "a.warc.gz")
    written = build_warc(
        path,
        pages,
        compression=compression,
        corrupt_at=3 if broken == "corrupt-middle" else None,
        truncate_tail=broken == "truncated-tail",
    )
    responses, skips, rejects = read_all(path)
    got = [(r.offset, r.uri, r.date.strftime("%Y-%m-%dT%H:%M:%SZ"), r.record_id) for r in responses]
    assert got == [(w.offset, w.url, w.date, w.record_id) for w in written]
    assert [len(r.payload) for r in responses] == [len(page.html) for page in pages]
    expected = Counter(EXPECTED_SKIPS)
    if broken == "truncated-tail":
        expected[SKIP_TRUNCATED] += 1
    assert skips == expected
    if broken == "corrupt-middle":
        (reject,) = rejects
        assert isinstance(reject, InputError)
        assert written[2].offset < reject.position < written[3].offset
        assert "Content-Length" in reject.reason
    else:
        assert rejects == []


def test_max_records_reads_the_first_responses_only(tmp_path, pages):
    path = tmp_path / "a.warc.gz"
    written = build_warc(path, pages)
    responses, _, _ = read_all(path, WarcWindow(max_records=2))
    assert [r.offset for r in responses] == [w.offset for w in written[:2]]


def test_the_window_skips_records_by_capture_date(tmp_path, pages):
    path = tmp_path / "a.warc.gz"
    build_warc(path, pages)  # captures on 2024-03-01; the skipped records on 2024-03-02
    inside, _, _ = read_all(path, WarcWindow(since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 1)))
    assert len(inside) == len(pages)
    after, skips, _ = read_all(path, WarcWindow(since=dt.date(2024, 3, 2)))
    assert (after, skips[SKIP_OUTSIDE_DATES]) == ([], len(pages))
    before, skips, _ = read_all(path, WarcWindow(until=dt.date(2024, 2, 29)))
    # The dates are read before the content type: the image and JSON responses count here too.
    assert (before, skips[SKIP_OUTSIDE_DATES], skips[SKIP_NOT_HTML]) == ([], len(pages) + 2, 0)


MARCH_1 = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("captured", "modified", "window", "skipped"),
    [
        (MARCH_1, None, WarcWindow(), False),
        (MARCH_1, None, WarcWindow(since=dt.date(2024, 3, 1)), False),
        (MARCH_1, None, WarcWindow(since=dt.date(2024, 3, 2)), True),
        (MARCH_1, None, WarcWindow(until=dt.date(2024, 3, 1)), False),
        (MARCH_1, None, WarcWindow(until=dt.date(2024, 2, 29)), True),
        (MARCH_1, MARCH_1 - dt.timedelta(days=30), WarcWindow(since=dt.date(2024, 2, 15)), True),
        (MARCH_1, MARCH_1 - dt.timedelta(days=1), WarcWindow(since=dt.date(2024, 2, 15)), False),
        # Updated after `until`: may still have been published before it.
        (MARCH_1, MARCH_1, WarcWindow(until=dt.date(2024, 3, 5)), False),
    ],
    ids=[
        "no-window",
        "captured-on-since",
        "captured-before-since",
        "captured-on-until",
        "captured-after-until",
        "last-modified-before-since",
        "last-modified-after-since",
        "last-modified-says-nothing-of-until",
    ],
)
def test_date_skip(captured, modified, window, skipped):
    assert (date_skip(captured, modified, window) == SKIP_OUTSIDE_DATES) is skipped


def test_warc_files_are_found_in_folders_and_hashed_as_stored(tmp_path, pages):
    build_warc(tmp_path / "a.warc.gz", pages[:1])
    build_warc(tmp_path / "b.warc", pages[:1], compression=None)
    (tmp_path / "notes.md").write_text("not an input")
    found = [input_file.path for input_file in discover([str(tmp_path)])]
    assert [path.rsplit("/", 1)[1] for path in found] == ["a.warc.gz", "b.warc"]
    assert all(is_warc(path) for path in found)
    import hashlib

    stored = (tmp_path / "a.warc.gz").read_bytes()
    assert file_sha256(found[0]) == hashlib.sha256(stored).hexdigest()
