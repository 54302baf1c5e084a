"""Readers: every format, the accepted JSON keys, and rejects with reasons."""

from __future__ import annotations

import codecs

import pytest

from tests.conftest import CASES, CORPUS, SEED, shared_or_skip
from transforms.errors import InputError
from transforms.readers import decode_text, outlet_from_byline, parse_file

READERS = CASES / "readers"


def parse(name: str):
    return parse_file(name, (READERS / name).read_bytes())


def test_seed_text_article_has_headline_byline_date_and_exact_body():
    data = shared_or_skip(SEED).read_bytes()
    (article,) = parse_file(SEED.name, data).articles
    assert article.title.startswith("Reports Indicate Over 300 North Korean Soldiers Killed")
    assert article.source == "Department of Research, Studies and International News"
    assert article.published_raw == "13-01-2025"
    assert article.text.startswith("South Korea has disclosed alarming figures")
    assert article.text in data.decode()


@pytest.mark.parametrize(
    ("name", "title", "source", "published", "body_start"),
    [
        pytest.param(
            "headline_only.txt",
            "Floods close the coastal road for a third day",
            None,
            None,
            "Engineers said",
            id="headline-no-byline",
        ),
        pytest.param("all_body.txt", None, None, None, "This file has no headline", id="all-body"),
        pytest.param(
            "mdy_byline.txt",
            "Harbor officials count the cost of the storm",
            "Harbor Wire Staff",
            "03/14/2024",
            "The storm",
            id="mdy-byline",
        ),
    ],
)
def test_text_shapes(name, title, source, published, body_start):
    (article,) = parse(name).articles
    assert (article.title, article.source, article.published_raw) == (title, source, published)
    assert article.text.startswith(body_start)
    assert article.format == "txt"


def test_html_main_text_and_metadata():
    (article,) = parse("page.html").articles
    assert article.title == "Ceasefire talks resume in the capital"
    assert article.source == "Example Gazette"
    assert article.url == "https://gazette.example/world/ceasefire-talks"
    assert article.published_raw == "2024-05-02"
    assert article.language == "en-GB"
    assert "more than 120 detainees" in article.text
    assert "Copyright" not in article.text and "Sport" not in article.text


def test_rss_items_are_articles_with_feed_metadata():
    parsed = parse("feed.rss")
    assert parsed.format == "rss"
    first, second = parsed.articles
    assert first.title == "Aid convoy reaches the valley"
    assert first.text == (
        "An aid convoy of 12 trucks reached the valley on Tuesday.\n"
        "About 3,000 people had been waiting for supplies, organisers said."
    )
    assert first.published_raw == "Tue, 02 Apr 2024 14:30:00 +0000"
    assert (first.source, first.external_id, first.language) == (
        "Example Wire",
        "wire-1001",
        "en-us",
    )
    assert second.text == "Officials said two people were injured in the blast."
    assert second.position == 1


def test_atom_entries():
    parsed = parse("feed.atom")
    (entry,) = parsed.articles
    assert parsed.format == "atom"
    assert entry.published_raw == "2024-06-01T09:15:00+02:00"
    assert entry.url == "https://atom.example/evacuation"
    assert entry.text == "Authorities ordered the evacuation of 5,000 residents along the river."


def test_jsonl_keeps_good_lines_and_rejects_bad_ones_with_reasons():
    parsed = parse("mixed.jsonl")
    assert [a.external_id for a in parsed.articles] == ["a1", "3"]
    alt = parsed.articles[1]
    assert (alt.title, alt.text, alt.source) == ("Alt keys", "Body three.", "Wire B")
    assert alt.published_raw == "Fri, 05 Jan 2024 10:00:00 GMT"
    reasons = {reject.position: reject.reason for reject in parsed.rejects}
    assert set(reasons) == {1, 3, 5, 6}
    assert "invalid JSON" in reasons[1]
    assert "expected an object" in reasons[3]
    assert "no text" in reasons[5]
    assert "should be a string" in reasons[6]


def test_json_array_with_alternative_keys():
    first, second = parse("array.json").articles
    assert (first.title, first.text, first.published_raw, first.source) == (
        "Array one",
        "Content one.",
        "2024-02-01T12:00:00Z",
        "Outlet X",
    )
    assert second.position == 1 and second.published_raw == "01/02/2024"


def test_truncated_json_file_is_rejected_whole():
    with pytest.raises(InputError, match="invalid JSON"):
        parse("truncated.json")


def test_shared_corpus_jsonl_reads_every_article():
    data = shared_or_skip(CORPUS / "re3d" / "re3d-articles.jsonl").read_bytes()
    parsed = parse_file("re3d-articles.jsonl", data)
    assert len(parsed.articles) == 90 and not parsed.rejects


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param("Kyiv – Zelenskyy".encode(), "Kyiv – Zelenskyy", id="utf8"),
        pytest.param(codecs.BOM_UTF8 + b"caf\xc3\xa9", "café", id="utf8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + "café".encode("utf-16-le"), "café", id="utf16-bom"),
        pytest.param("café “quoted”".encode("cp1252"), "café “quoted”", id="cp1252"),
    ],
)
def test_decode_text(data, expected):
    assert decode_text(data) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", id="png"),
        pytest.param(b"   \n\t ", "empty", id="whitespace"),
    ],
)
def test_unreadable_files_raise_with_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        parse_file("x.txt", data)


@pytest.mark.parametrize(
    ("byline", "outlet"),
    [
        pytest.param("By Jakob Rennet | Northern Ledger | Mirsk", "Northern Ledger", id="bars"),
        pytest.param("Capitol Dispatch — By Owen Trask", "Capitol Dispatch", id="dash-author"),
        pytest.param(
            "Department of Research, Studies and International News",
            "Department of Research, Studies and International News",
            id="seed-commas-kept",
        ),
        pytest.param("By Staff Reporter", None, id="author-only"),
    ],
)
def test_outlet_from_byline(byline, outlet):
    assert outlet_from_byline(byline) == outlet
