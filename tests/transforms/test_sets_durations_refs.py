"""SETs (with TIMEX3 quant/freq), durations, words that are not TIMEX3s (ages, frequency
adjectives before a noun, speeds) and PAST/PRESENT/FUTURE_REF words, as TBAQ and MEANTIME annotate
them, from ``tests/cases/dates/sets_durations_refs.json`` (sentences written in the shape of the
corpora's; the counts behind each convention are in ``transforms/dates/handlers_durations.py``
and ``handlers_relative.py``)."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_exact_timexes, load_timex_cases

CASES = load_timex_cases("sets_durations_refs.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_set_duration_ref(case: dict) -> None:
    assert_exact_timexes(case, extra=("quant", "freq"))
