"""Composite and fractional durations ("2 1/2 years" P2Y6M, "at least 20 more years"), and the
year of a yearless day (a period that "ended", a future cue in another clause, "last Oct. 23"),
as TBAQ annotates them, from ``tests/cases/dates/timeml_round2_ranges.json`` (sentences written
in the shape of the corpus's; the counts behind each convention are in
``transforms/dates/durations.py``, ``pattern_parts.py`` and ``anchoring.py``)."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_exact_timexes, load_timex_cases

CASES = load_timex_cases("timeml_round2_ranges.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_round2_duration_or_year(case: dict) -> None:
    assert_exact_timexes(case, extra=("mod",))
