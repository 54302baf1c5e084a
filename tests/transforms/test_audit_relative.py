"""Error classes found by reading new text (MUC-3 wire news, Zyte web pages, re3d) against the
TimeML 1.2.1 / TempEval-3 guidelines (issue 17, round 3), from
``tests/cases/dates/audit_relative.json`` (sentences written in the shape of the cases): "now" /
"today" in names and shop labels, anaphoric "the previous year" counted from the reference time,
vague and per-unit sets, counted nights and vague durations, clock times with a written date,
a future in the past ("was to arrive Sunday"), and generic "throughout the day"."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_named_timexes, load_timex_cases

CASES = load_timex_cases("audit_relative.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_audit_relative_case(case: dict) -> None:
    assert_named_timexes(case, always=("quant",), when_given=("freq",))
