"""Reporting periods (quarters, "the quarter", "the year-ago quarter", "a year earlier" after a
quarter, fiscal years) as TimeML annotates them, from ``tests/cases/dates/reporting_periods.json``
(sentences written in the shape of TBAQ's earnings reports; the conventions' counts are in
``transforms/dates/handlers_periods.py``)."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_named_timexes, load_timex_cases

CASES = load_timex_cases("reporting_periods.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_reporting_period(case: dict) -> None:
    assert_named_timexes(case)
