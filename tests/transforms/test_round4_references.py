"""Anaphoric and reference-time expressions (issue 17, round 4), from
``tests/cases/dates/round4_references.json`` (sentences written for the tests): "that week",
"later that month", "that summer", "that month's end", "that night", "at that time", "the day
after", "the previous night", "the next morning", parts of day after a preposition ("in the
morning", "by evening", "in afternoon trading"), "the days ahead", and what is left untagged
("said that night patrols", "the day before authorities issued", "overnight")."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_named_timexes, load_timex_cases

CASES = load_timex_cases("round4_references.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_round4_reference_case(case: dict) -> None:
    assert_named_timexes(case, always=("mod",))
