"""Possessive years before a period, anaphoric days and parts of day as TBAQ and MEANTIME
annotate them, from ``tests/cases/dates/timeml_round2_times.json`` (sentences written in the
shape of the corpora's cases; the counts behind each convention are in the comments of
``transforms/dates/scan.py``)."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_named_timexes, load_timex_cases

CASES = load_timex_cases("timeml_round2_times.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_timeml_round2_case(case: dict) -> None:
    assert_named_timexes(case)
