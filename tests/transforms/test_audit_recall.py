"""Classes found by reading re3d press releases and the seed article against the TimeML 1.2.1
guidelines (issue 17, round 3), from ``tests/cases/dates/audit_recall.json`` (sentences written
for the tests in the shape of those texts; the counts behind each rule are in
``transforms/dates/anchoring.py``)."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_exact_timexes, load_timex_cases

CASES = load_timex_cases("audit_recall.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_audit_recall(case: dict) -> None:
    assert_exact_timexes(case, extra=("mod",))
