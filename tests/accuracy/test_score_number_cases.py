"""The issue-18 number-case scorer: its split, its comparison and its case files."""

from __future__ import annotations

import pytest

from tests.accuracy.score_number_cases import (
    DEV,
    KEYS,
    TEST,
    case_passes,
    load_cases,
    split_of,
)

RECORD = {
    "text": "more than 300",
    "value": 300.0,
    "low": 300.0,
    "high": None,
    "qualifier": "more_than",
    "kind": "count",
    "unit": None,
}


def test_split_is_fixed_by_id_and_uses_both_parts() -> None:
    ids = [f"case-{k}" for k in range(200)]
    parts = [split_of(case_id) for case_id in ids]
    assert parts == [split_of(case_id) for case_id in ids]
    assert 60 < parts.count(DEV) < 140 and parts.count(TEST) == 200 - parts.count(DEV)


def test_a_case_passes_only_on_the_exact_list() -> None:
    case = {"expected": [RECORD]}
    assert case_passes(case, [dict(RECORD, value=300)])  # 300 == 300.0
    assert not case_passes(case, [])
    assert not case_passes(case, [RECORD, RECORD])
    for key in KEYS:
        changed = dict(RECORD, **{key: 301.0 if key in ("value", "low", "high") else "other"})
        assert not case_passes(case, [changed]), key


@pytest.mark.parametrize("case", load_cases(), ids=lambda case: case["id"])
def test_case_files_are_well_formed(case: dict) -> None:
    assert case["sentence"].strip() and case["id"] and case.get("source")
    for expected in case["expected"]:
        assert set(KEYS) <= set(expected), case["id"]
        assert expected["text"] in case["sentence"], case["id"]
