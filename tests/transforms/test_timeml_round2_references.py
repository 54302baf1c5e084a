"""Anaphoric and spelled-out years, reference words (PAST_REF / PRESENT_REF) and the TimeML mods
of calendar edges, as TBAQ and MEANTIME annotate them, from
``tests/cases/dates/timeml_round2_references.json`` (sentences written for the tests in the shape
of the corpora's; the counts behind each convention are in ``transforms/dates/handlers_relative.py``
and ``handlers_calendar.py``)."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_exact_timexes, load_timex_cases

CASES = load_timex_cases("timeml_round2_references.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_round2_reference(case: dict) -> None:
    assert_exact_timexes(case, extra=("mod",))
