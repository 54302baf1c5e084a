"""URL normalization, and linking the same story reached under two URLs."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.articles import SourceFile, plan_new_articles
from transforms.readers import RawArticle
from transforms.urls import link_same_urls, normalize_url, registered_domain, stored_urls

NOW = dt.datetime(2025, 1, 20, tzinfo=dt.UTC)
URL_CASES = json.loads((CASES / "html" / "urls.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", URL_CASES, ids=lambda case: case["id"])
def test_normalize_url(case):
    assert normalize_url(case["url"], case.get("base")) == case["expected"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("https://edition.cnn.com/2024/x", "cnn.com", id="subdomain"),
        pytest.param("https://www.bbc.co.uk/news", "bbc.co.uk", id="two-part-suffix"),
        pytest.param("http://user:pw@www.bbc.co.uk:8080/a", "bbc.co.uk", id="port-and-userinfo"),
        pytest.param("https://192.168.0.1/a", None, id="ip-address"),
        pytest.param("www.cnn.com/x", None, id="no-scheme"),
        pytest.param(None, None, id="none"),
    ],
)
def test_registered_domain(url, expected):
    assert registered_domain(url) == expected


def row(article_id: str, url: str | None, day: int | None = None, duplicate_of=None) -> dict:
    published = dt.date(2024, 5, day) if day else None
    return {"article_id": article_id, "url": url, "published_date": published,
            "duplicate_of": duplicate_of}  # fmt: skip


def test_same_url_in_a_batch_links_to_the_earliest_published():
    rows = [row("b", "https://x.com/a", day=3), row("a", "https://x.com/a", day=2)]
    assert link_same_urls(rows) == 1
    assert [r["duplicate_of"] for r in rows] == ["a", None]


def test_stored_url_links_and_near_duplicate_link_is_kept():
    known = {"https://x.com/a": "stored"}
    rows = [row("n1", "https://x.com/a"), row("n2", "https://x.com/a", duplicate_of="other"),
            row("n3", "https://x.com/b"), row("n4", None)]  # fmt: skip
    assert link_same_urls(rows, known) == 1
    assert [r["duplicate_of"] for r in rows] == ["stored", "other", None, None]
    assert known["https://x.com/b"] == "n3"


def test_plan_links_a_story_reached_under_two_urls():
    def raw(text: str, url: str) -> RawArticle:
        return RawArticle(text, "Storm", "2024-05-02", "Gazette", None, url, None, "en", "html", 0)

    files = [
        (SourceFile("a.html", "a" * 64), (raw("Storm hits the coast.", "https://www.x.com/s"),)),
        (SourceFile("b.html", "b" * 64),
         (raw("Storm hits the coast, updated.", "http://x.com/s/?utm_source=tw#top"),)),
    ]  # fmt: skip
    plan = plan_new_articles(
        files, set(), stored_evidence={}, date_order_hints={}, run_id="r", ingested_at=NOW
    )
    first, second = plan.rows
    assert first["url"] == second["url"] == "https://x.com/s"
    assert (first["duplicate_of"], second["duplicate_of"]) == (None, first["article_id"])


def test_stored_urls_are_normalized_and_copies_left_out():
    stored = [
        {"article_id": "a", "url": "http://www.x.com/s?utm_source=tw", "duplicate_of": None},
        {"article_id": "b", "url": "https://x.com/s", "duplicate_of": "a"},
        {"article_id": "c", "url": None, "duplicate_of": None},
        {"article_id": "d", "url": "https://x.com/t/", "duplicate_of": None},
    ]
    assert stored_urls(stored) == {"https://x.com/s": "a", "https://x.com/t": "d"}
