"""Article identity, day/month order evidence, and planning which articles are new."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

import pytest

from transforms.articles import (
    SourceFile,
    article_id,
    date_orders_by_source,
    looks_english,
    plan_new_articles,
)
from transforms.readers import RawArticle

NOW = dt.datetime(2025, 1, 20, tzinfo=dt.UTC)


def raw(text: str, published: str | None, source: str | None, title: str = "T") -> RawArticle:
    return RawArticle(text, title, published, source, None, None, None, None, "txt", 0)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(("Title", "Body  text.\n"), ("title", "body text."), id="case-and-spaces"),
        pytest.param(("Ｔitle", "Body"), ("Title", "Body"), id="nfkc"),
    ],
)
def test_article_id_ignores_formatting_differences(a, b):
    assert article_id(*a) == article_id(*b)


def test_article_id_distinguishes_content():
    assert article_id("T", "300 killed") != article_id("T", "310 killed")
    assert len(article_id("T", "x")) == 32


@pytest.mark.parametrize(
    ("evidences", "expected"),
    [
        pytest.param(({"A": Counter(dmy=1)},), {"A": "dmy"}, id="batch-only"),
        pytest.param(({}, {"A": Counter(mdy=4)}), {"A": "mdy"}, id="stored-only"),
        pytest.param(
            ({"A": Counter(dmy=1)}, {"A": Counter(mdy=1)}), {}, id="conflict-decides-nothing"
        ),
    ],
)
def test_date_orders_by_source(evidences, expected):
    assert date_orders_by_source(*evidences) == expected


def test_ambiguous_date_follows_the_sources_other_dates():
    files = [
        (
            SourceFile("/in/a.txt", "aa"),
            (raw("one", "06-03-2024", "Ledger"), raw("two", "15-05-2024", "Ledger")),
        )
    ]
    plan = plan_new_articles(
        files, set(), stored_evidence={}, date_order_hints={}, run_id="r", ingested_at=NOW
    )
    first = plan.rows[0]
    assert (first["published_date"], first["date_order_rule"]) == (
        dt.date(2024, 3, 6),
        "source_evidence_dmy",
    )
    assert first["is_date_ambiguous"] is True


def test_stored_evidence_and_hints():
    files = [(SourceFile("/in/b.txt", "bb"), (raw("three", "03/08/2024", "Dispatch"),))]
    plan = plan_new_articles(
        files,
        set(),
        stored_evidence={"Dispatch": Counter(mdy=3)},
        date_order_hints={},
        run_id="r",
        ingested_at=NOW,
    )
    assert plan.rows[0]["published_date"] == dt.date(2024, 3, 8)
    plan = plan_new_articles(
        files,
        set(),
        stored_evidence={"Dispatch": Counter(mdy=3)},
        date_order_hints={"Dispatch": "dmy"},
        run_id="r",
        ingested_at=NOW,
    )
    assert plan.rows[0]["published_date"] == dt.date(2024, 8, 3)


def test_duplicates_within_and_across_batches_are_counted_not_stored():
    known = {article_id("T", "seen before")}
    files = [
        (SourceFile("/in/a.jsonl", "aa"), (raw("new", None, "X"), raw("seen before", None, "X"))),
        (SourceFile("/in/b.rss", "bb"), (raw("new", None, "Y"),)),
    ]
    plan = plan_new_articles(
        files, known, stored_evidence={}, date_order_hints={}, run_id="r", ingested_at=NOW
    )
    assert (plan.n_read, len(plan.rows), plan.n_duplicates) == (3, 1, 2)
    assert plan.rows[0]["source_path"] == "/in/a.jsonl"
    assert article_id("T", "new") in known


def test_future_and_pre_1900_dates_are_flagged_not_dropped():
    files = [
        (
            SourceFile("/in/c.jsonl", "cc"),
            (raw("a", "2099-01-01", "Z"), raw("b", "1800-05-05", "Z")),
        )
    ]
    plan = plan_new_articles(
        files, set(), stored_evidence={}, date_order_hints={}, run_id="r", ingested_at=NOW
    )
    assert [row["date_flags"] for row in plan.rows] == [["future"], ["before_1900"]]
    assert plan.rows[0]["published_date"] == dt.date(2099, 1, 1)


ENGLISH = (
    "Officials said 12 people were injured when the roof of the school collapsed on Tuesday, "
    "and the mayor ordered an inspection of every public building in the town."
)
FRENCH = (
    "Le toit d'un gymnase s'est effondré mardi soir pendant un entraînement, a indiqué la "
    "préfecture. Douze personnes ont été blessées, dont deux grièvement."
)
RUSSIAN = (
    "Министерство по чрезвычайным ситуациям сообщило во вторник, что двенадцать человек были "
    "эвакуированы из затопленных домов на окраине города, а школы закрыты до конца недели."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(ENGLISH, True, id="english"),
        pytest.param(ENGLISH.upper(), True, id="english-capitals"),
        pytest.param(FRENCH, False, id="french"),
        pytest.param(RUSSIAN, False, id="russian"),
        pytest.param("Douze blessés à Lyon.", None, id="too-short"),
    ],
)
def test_looks_english(text, expected):
    assert looks_english(text) is expected


def test_text_flags_carry_the_readers_and_add_not_english():
    files = [
        (
            SourceFile("/in/d.jsonl", "dd"),
            (replace(raw(ENGLISH, None, "Z"), text_flags=("mojibake",)), raw(FRENCH, None, "Z")),
        )
    ]
    plan = plan_new_articles(
        files, set(), stored_evidence={}, date_order_hints={}, run_id="r", ingested_at=NOW
    )
    assert [row["text_flags"] for row in plan.rows] == [["mojibake"], ["not_english"]]
