"""Calendar structures and ranges (issue 17, round 4), from
``tests/cases/dates/round4_calendar.json``: ranges of years with a two-digit or slashed end
("1997-98", "1997/98": two DATEs), a winter spanning two years, the first/last week of a month
or year (an ISO week), parts of a decade, century or year ("the second half of the decade",
"the century's end", "the turn of the century", "the early part of the year"), "the last days
of 1997" (a vague DURATION and the year), and their neighbours. Sentences written for the
tests, probing the TimeML 1.2.1 classes."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_exact_timexes, load_timex_cases

CASES = load_timex_cases("round4_calendar.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_calendar_structures(case: dict) -> None:
    assert_exact_timexes(case, ("mod",))
