"""Calendar classes found by reading new text (MUC-3 wire messages, Zyte English pages, re3d)
against the TimeML 1.2.1 guidelines (issue 17, round 3), from
``tests/cases/dates/audit_calendar.json`` (sentences written for the tests in the shape of the
classes; reasons next to the rules in ``transforms/dates/handlers_calendar.py`` and
``handlers_day_ranges.py``)."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_exact_timexes, load_timex_cases

CASES = load_timex_cases("audit_calendar.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_audit_calendar(case: dict) -> None:
    assert_exact_timexes(case, extra=("mod",))
