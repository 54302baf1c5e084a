"""Language detected from the text, the declared tag normalized, and the pipeline chosen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transforms.articles import extraction_language
from transforms.language import (
    MIN_CONFIDENCE,
    MIN_LETTERS,
    count_letters,
    detect_language,
    iso_639_1,
    primary_subtag,
)

CASES = Path(__file__).resolve().parents[1] / "cases" / "language"


def _cases(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _cases("detection.json"), ids=lambda case: case["id"])
def test_detect_language(case):
    guess = detect_language(case["text"])
    assert guess.language == case["language"]
    if case["language"] is not None:
        assert guess.confidence >= MIN_CONFIDENCE


def test_too_few_letters_are_not_judged():
    text = "Kyiv, 12.03.2024, 14:05 UTC"
    assert count_letters(text) < MIN_LETTERS
    assert detect_language(text).confidence is None


def test_cjk_characters_count_as_letters():
    assert count_letters("東京都は水曜日") == 7


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-US", "en"),
        ("en_GB", "en"),
        ("DE", "de"),
        ("de_CH", "de"),
        (" fr ", "fr"),
        ("zh-Hant-TW", "zh"),
        ("lang=", None),
        ("*", None),
        ("", None),
        (None, None),
    ],
    ids=repr,
)
def test_primary_subtag(tag, expected):
    assert primary_subtag(tag) == expected


@pytest.mark.parametrize(
    ("code", "expected"), [("de", "de"), ("yue", "zh"), ("arz", "ar"), ("ast", None)], ids=repr
)
def test_iso_639_1(code, expected):
    assert iso_639_1(code) == expected


@pytest.mark.parametrize("case", _cases("routing.json"), ids=lambda case: case["id"])
def test_extraction_language(case):
    assert extraction_language(case["language"], case["declared"], case["text"]) == case["expected"]
