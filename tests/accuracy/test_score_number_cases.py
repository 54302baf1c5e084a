"""The issue-18 number-case scorer: its split, its comparison and its case files."""

from __future__ import annotations

import pytest

from schemas.quantities import (
    COUNT,
    KINDS,
    MEASURE,
    MONEY,
    ORDINAL,
    PERCENT,
    QUALIFIERS,
    RANGE,
    VAGUE,
)
from schemas.reference.currencies import iso_codes
from tests.accuracy.score_number_cases import (
    DEV,
    KEYS,
    TEST,
    case_passes,
    load_cases,
    split_of,
)
from transforms.numbers.qualifiers import bounds

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
    # Mechanical checks of the gold against the written conventions, blind to what the code
    # finds: they hold on both parts, so a slip is corrected wherever it is.
    assert case["sentence"].strip() and case["id"] and case.get("source")
    position = 0
    for expected in case["expected"]:
        assert set(KEYS) <= set(expected), case["id"]
        found = case["sentence"].find(expected["text"], position)
        assert found >= 0, f"{case['id']}: {expected['text']!r} not in the sentence, in order"
        position = found + len(expected["text"])
        assert expected["qualifier"] in QUALIFIERS and expected["kind"] in KINDS, case["id"]
        value, low, high = expected["value"], expected["low"], expected["high"]
        if expected["qualifier"] == RANGE:
            assert low is not None and high is not None and value == low < high, case["id"]
        elif expected["qualifier"] == VAGUE:  # "dozens": at least the value its word implies
            assert (low, high) == (value, None), case["id"]
        else:
            assert bounds(expected["qualifier"], value) == (low, high), case["id"]
        kind, unit = expected["kind"], expected["unit"]
        if kind == COUNT:
            assert value == int(value), f"{case['id']}: counts are whole numbers"
        if kind in (COUNT, PERCENT, ORDINAL):
            assert unit is None, case["id"]
        if kind == MEASURE:
            assert unit, case["id"]
        if kind == MONEY and unit is not None:
            assert unit.lower() in iso_codes(), case["id"]
