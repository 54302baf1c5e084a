"""Error classes found by reading modern web news (2018-2020 English pages of the Zyte article
extraction benchmark) against the TimeML 1.2.1 / TempEval-3 guidelines, from
``tests/cases/dates/audit_web.json`` (sentences written in the shape of the pages' cases): sets
of a month ("every November"), quarters named by their last month ("the September quarter"),
shopping holidays after Thanksgiving, halves and quarters of a match, and house numbers after
"at" read as clock times."""

from __future__ import annotations

import pytest

from tests.transforms.timex_cases import assert_named_timexes, load_timex_cases

CASES = load_timex_cases("audit_web.json")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_audit_web_case(case: dict) -> None:
    assert_named_timexes(case, always=("quant",))
