"""Classes found by reading MUC-3 wire messages (1989-1990, ``muc3-dev``) against the TimeML
1.2.1 guidelines (issue 17, round 3), from ``tests/cases/dates/audit_muc3.json`` (sentences
written for the tests in the shape of those messages; the reasons are next to each rule in
``transforms/dates/handlers_relative.py`` and ``handlers_durations.py``)."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_exact_timexes, load_timex_cases

CASES = load_timex_cases("audit_muc3.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_audit_muc3(case: dict) -> None:
    assert_exact_timexes(case, extra=("mod",))
