"""TimeML extents, day-level resolution and parts of day as TBAQ and MEANTIME annotate them, from
``tests/cases/dates/timeml_extents_days.json`` (sentences written in the shape of the corpora's
cases; the conventions' counts are in the comments of ``transforms/dates/modifiers.py``,
``scan.py``, ``patterns.py`` and ``anchoring.py``)."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_named_timexes, load_timex_cases

CASES = load_timex_cases("timeml_extents_days.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_timeml_extent_and_day(case: dict) -> None:
    assert_named_timexes(case, when_given=("mod",))
