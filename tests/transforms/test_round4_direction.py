"""Which time a relative date counts from (issue 17, round 4), from
``tests/cases/dates/round4_direction.json``: a reporting verb in the past before a bare day fixes
it in the past whatever the reported clause says ("said Tuesday it will ..."), a scheduled event
in the present puts it ahead ("the leaders meet Monday", "the vote is Friday"), "until" follows
the tense of its main clause, and "N units later" counts from the last time told, of any
granularity. Sentences written for the tests, probing the TimeML 1.2.1 rule that a relative
date resolves against the time the text speaks of."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_named_timexes, load_timex_cases

CASES = load_timex_cases("round4_direction.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_weekday_direction(case: dict) -> None:
    assert_named_timexes(case)
