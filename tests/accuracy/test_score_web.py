"""The real-web scorer's helpers on tiny synthetic inputs (no corpus, no spaCy)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.accuracy import gate
from tests.accuracy.score_web import (
    CORPORA,
    Page,
    Report,
    declared_language,
    feed_date_matches,
    gold_language,
    item_row,
    page_host,
    parse_instant,
    reason_class,
    score_feeds,
    score_zyte,
    title_exact,
    title_has_site_name,
    title_key,
    title_matches,
)
from tests.accuracy.web_pages import multiset_counts

HOST_CASES = [
    ("https://www.zeit.de/2019/43/klimaschutz", "zeit.de"),
    ("https://web.archive.org/web/20190101000000/https://www.spiegel.de/a.html", "spiegel.de"),
    ("www.bbc.co.uk/news/world", "bbc.co.uk"),
    (None, ""),
]


@pytest.mark.parametrize(("url", "host"), HOST_CASES, ids=lambda v: str(v)[:30])
def test_page_host(url: str | None, host: str) -> None:
    assert page_host(url) == host


DECLARED_CASES = [
    pytest.param(b'<!DOCTYPE html><html lang="en-US" class="x">', "en", id="region-subtag"),
    pytest.param(b'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de">', "de", id="xml-lang"),
    pytest.param(b"<html class='no-js' lang=FR>", "fr", id="unquoted-upper"),
    pytest.param(b"<html><head><meta lang='en'>", None, id="not-on-html"),
]


@pytest.mark.parametrize(("head", "expected"), DECLARED_CASES)
def test_declared_language(head: bytes, expected: str | None) -> None:
    assert declared_language(head) == expected


GOLD_CASES = [
    pytest.param("de", "https://www.zeit.de/a", "de", id="cctld-agrees"),
    pytest.param("fr", "https://www.letemps.ch/a", "fr", id="multilingual-cctld"),
    pytest.param("en", "https://www.example.de/a", None, id="cctld-disagrees-left-out"),
    pytest.param("en", "https://www.reuters.com/a", "en", id="generic-tld-declared"),
    pytest.param(None, "https://www.zeit.de/a", None, id="nothing-declared"),
    pytest.param(
        "de", "https://web.archive.org/web/2019/https://taz.de/a", "de", id="archived-host"
    ),
]


@pytest.mark.parametrize(("declared", "url", "expected"), GOLD_CASES)
def test_gold_language(declared: str | None, url: str, expected: str | None) -> None:
    gold = gold_language(declared, url)
    assert gold.code == expected
    assert gold.rule


TITLE_CASES = [
    pytest.param("Senate passes the bill | CNN Politics", "https://edition.cnn.com/a", None, True,
                 id="site-and-section-after-bar"),
    pytest.param("Senate passes the bill", "https://edition.cnn.com/a", None, False,
                 id="headline-only"),
    pytest.param("CNN anchor leaves the network after 20 years", "https://cnn.com/a", None, False,
                 id="headline-naming-outlet"),
    pytest.param("Tide turns -- Sott.net", "https://www.sott.net/a", None, True,
                 id="double-dash-domain"),
    pytest.param("Storm hits coast - The New York Times", "https://www.nytimes.com/a",
                 "The New York Times", True, id="site-name-from-metadata"),
    pytest.param("BBC News", "https://www.bbc.co.uk/news", None, True, id="title-is-site"),
    pytest.param("Vote: what it means - opinion", "https://www.theguardian.com/a", None, False,
                 id="separators-without-site"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "url", "site", "expected"), TITLE_CASES)
def test_title_has_site_name(title: str, url: str, site: str | None, expected: bool) -> None:
    assert title_has_site_name(title, url, site) is expected


REASON_CASES = [
    ("HTML page has no article (main text of 12 words; minimum 25)",
     "HTML page has no article (main text of N words; minimum N)"),
    ("item 3: no text", "no text"),
    ("record 0: no text (expected one of text, body)", "no text (expected one of text, body)"),
]  # fmt: skip


@pytest.mark.parametrize(("reason", "expected"), REASON_CASES, ids=lambda v: v[:20])
def test_reason_class(reason: str, expected: str) -> None:
    assert reason_class(reason) == expected


EDT = dt.timezone(dt.timedelta(hours=-4))
INSTANT_CASES = [
    pytest.param("2021-10-29T12:00:00-04:00", dt.datetime(2021, 10, 29, 12, tzinfo=EDT),
                 id="json-feed-iso"),
    pytest.param("2009-09-09T10:00:00Z", dt.datetime(2009, 9, 9, 10, tzinfo=dt.UTC), id="zulu"),
    pytest.param("Fri, 29 Oct 2021 12:00:00 -0400", dt.datetime(2021, 10, 29, 12, tzinfo=EDT),
                 id="rfc-2822"),
    pytest.param("2009-09-09", dt.date(2009, 9, 9), id="day-only"),
    pytest.param("last Tuesday", None, id="not-a-date"),
    pytest.param(None, None, id="absent"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), INSTANT_CASES)
def test_parse_instant(value: str | None, expected: object) -> None:
    assert parse_instant(value) == expected


LATE_EVENING = dt.datetime(2021, 10, 29, 22, 30, tzinfo=EDT)  # 02:30 UTC the next day
MATCH_CASES = [
    pytest.param({"published_date": dt.date(2021, 10, 29),
                  "published_at": dt.datetime(2021, 10, 30, 2, 30)}, True,
                 id="local-day-and-utc-instant"),
    pytest.param({"published_date": dt.date(2021, 10, 30),
                  "published_at": dt.datetime(2021, 10, 30, 2, 30)}, False,
                 id="utc-day-is-not-the-feed-day"),
    pytest.param({"published_date": dt.date(2021, 10, 29), "published_at": None}, True,
                 id="day-without-time"),
    pytest.param({"published_date": dt.date(2021, 10, 29),
                  "published_at": dt.datetime(2021, 10, 29, 22, 30)}, False,
                 id="offset-dropped"),
    pytest.param({"published_date": None, "published_at": None}, False, id="no-date"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "expected"), MATCH_CASES)
def test_feed_date_matches(row: dict, expected: bool) -> None:
    assert feed_date_matches(LATE_EVENING, row) is expected


def test_item_row_by_url_then_position() -> None:
    rows = [
        {"url": "https://a/1", "source_position": 0},
        {"url": None, "source_position": 2},
    ]
    assert item_row({"url": "https://a/1"}, 5, rows) is rows[0]
    assert item_row({"url": "https://a/9"}, 2, rows) is rows[1]
    assert item_row({"url": "https://a/9"}, 1, rows) is None


def _feed_page() -> Page:
    items = [
        {"url": "https://a/1", "date": "2021-10-29T12:00:00-04:00"},
        {"url": "https://a/2", "date": "2021-10-28T09:00:00-04:00"},
        {"url": "https://a/3", "date": "2021-10-27"},
    ]
    rows = [
        {"url": "https://a/1", "source_position": 0, "published_date": dt.date(2021, 10, 29),
         "published_at": dt.datetime(2021, 10, 29, 16)},
        {"url": "https://a/2", "source_position": 1, "published_date": dt.date(2021, 10, 29),
         "published_at": None},
    ]  # fmt: skip
    return Page("feed.json", rows, ["item 2: no text"], gold={"items": items})


def test_score_feeds_counts_items_and_dates() -> None:
    report = Report()
    score_feeds(report, "feeds", [_feed_page()])
    values = {row["metric"]: (row["value"], row["n"]) for row in report.rows}
    assert values == {"item_date_exact": (0.3333, 3), "items_kept": (0.6667, 3)}
    assert report.rejects["feeds"] == {"no text": 1}
    assert len(report.misses["feeds"]) == 2


def test_score_zyte_body_and_titles() -> None:
    body = "one two three four five six"
    kept = Page("a.html.gz", [{"text": body, "title": "Six words | Example", "source": None}],
                url="https://www.example.com/a", gold={"body": body})  # fmt: skip
    rejected = Page("b.html.gz", [], ["HTML page has no main text"], gold={"body": body})
    report = Report()
    score_zyte(report, "zyte-dev", [kept, rejected])
    rows = {row["metric"]: row for row in report.rows}
    assert rows["kept_rate"]["value"] == 0.5
    # Three shingles found out of six gold: precision 1, recall 0.5 (micro over both pages).
    assert (rows["body_f1"]["precision"], rows["body_f1"]["recall"]) == (1.0, 0.5)
    assert (rows["title_clean_rate"]["value"], rows["title_clean_rate"]["n"]) == (0.0, 1)
    # No hand-read headline on either page: the exact rate has nothing to count.
    assert (rows["title_exact_rate"]["value"], rows["title_exact_rate"]["n"]) == (None, 0)


def test_score_zyte_title_exact_counts_rejects_as_misses() -> None:
    def page(name: str, title: str | None, gold: str | None) -> Page:
        rows = [{"text": "a b c d", "title": title, "source": None}] if title else []
        return Page(name, rows, [] if rows else ["rejected"], gold={"body": "a b c d",
                    "title": gold})  # fmt: skip

    pages = [
        page("a.html.gz", "\u201cWe got her!\u201d \u2013 rescue", '"We got her!" - Rescue'),
        page("b.html.gz", "We got her rescue", '"We got her!" - Rescue'),
        page("c.html.gz", None, "Storm hits the coast"),
        page("d.html.gz", "Unlabelled page", None),
    ]
    report = Report()
    score_zyte(report, "zyte-dev", pages)
    rows = {row["metric"]: (row["value"], row["n"]) for row in report.rows}
    assert rows["title_exact_rate"] == (0.3333, 3)
    assert rows["title_match_rate"] == (0.6667, 3)
    assert sum("title exact" in line for line in report.misses["zyte-dev"]) == 2


TITLE_KEY_CASES = [
    pytest.param("\u2018Meth. We\u2019re on it\u2019", "'meth. we're on it'", id="curly-quotes"),
    pytest.param("\u00abHello\u00bb \u201cthere\u201d", '"hello" "there"', id="guillemets"),
    pytest.param("Storm \u2014 and  rain \u2013 hit", "storm - and rain - hit", id="dashes-spaces"),
    pytest.param("Play\u2026and Pay", "play...and pay", id="ellipsis-nfkc"),
    pytest.param("\uff21\uff22\uff23 \uff01", "abc !", id="fullwidth-nfkc"),
    pytest.param("STRASSE Stra\u00dfe", "strasse strasse", id="casefold"),
    pytest.param(None, "", id="absent"),
]


@pytest.mark.parametrize(("text", "expected"), TITLE_KEY_CASES)
def test_title_key(text: str | None, expected: str) -> None:
    assert title_key(text) == expected


COMPARE_CASES = [
    pytest.param("Storm hits \u2013 coast", "Storm hits - coast", True, True, id="dash-variant"),
    pytest.param("Storm hits the coast.", "Storm hits the coast", False, True, id="full-stop"),
    pytest.param("Storm hits the coast | CNN", "Storm hits the coast", False, False,
                 id="site-name-kept"),
    pytest.param("Storm hits", "Storm hits the coast", False, False, id="shortened"),
    pytest.param(None, "Storm hits the coast", False, False, id="no-title"),
    pytest.param("", "", False, False, id="both-empty"),
]  # fmt: skip


@pytest.mark.parametrize(("found", "gold", "exact", "loose"), COMPARE_CASES)
def test_title_exact_and_match(found: str | None, gold: str, exact: bool, loose: bool) -> None:
    assert title_exact(found, gold) is exact
    assert title_matches(found, gold) is loose


def test_rows_follow_the_gate_contract_and_corpora_are_registered() -> None:
    report = Report()
    score_feeds(report, "feeds", [_feed_page()])
    for row in report.rows:
        gate.validate_row(row)
        assert row["corpus"] in CORPORA
    # The pages and labels of ../shared/corpus/web, plus the repository's hand-read languages
    # and headlines.
    assert all(
        path.startswith(("web/", "repo:tests/cases/", "repo:tests/accuracy/web_titles.json"))
        for globs in CORPORA.values()
        for path in globs
    )


MULTISET_CASES = [
    # (expected, found, (tp, fp, fn))
    ({"Q1": 2, "Q2": 1}, {"Q1": 1, "Q3": 1}, (1, 1, 2)),
    ({"Q1": 1}, {"Q1": 3}, (1, 2, 0)),
    ({}, {"Q1": 1}, (0, 1, 0)),
    ({"Q1": 1}, {}, (0, 0, 1)),
]


@pytest.mark.parametrize(("expected", "found", "counts"), MULTISET_CASES)
def test_multiset_counts(expected: dict, found: dict, counts: tuple[int, int, int]) -> None:
    # An item found more often than expected counts its extra occurrences as false positives.
    result = multiset_counts(Counter(expected), Counter(found))
    assert (result.tp, result.fp, result.fn) == counts
