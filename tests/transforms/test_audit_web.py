"""Error classes found by reading modern web news (2018-2020 English pages of the Zyte article
extraction benchmark) against the TimeML 1.2.1 / TempEval-3 guidelines, from
``tests/cases/dates/audit_web.json`` (sentences written in the shape of the pages' cases): sets
of a month ("every November"), quarters named by their last month ("the September quarter"),
shopping holidays after Thanksgiving, halves and quarters of a match, and house numbers after
"at" read as clock times."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.dates import find_timexes

AUDIT_WEB_CASES = json.loads((CASES / "dates" / "audit_web.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", AUDIT_WEB_CASES, ids=lambda case: case["id"])
def test_audit_web_case(case: dict) -> None:
    found = find_timexes(case["text"], dt.date.fromisoformat(case["anchor"]))
    by_text = {timex.text: timex for timex in found}
    for expected in case["expected"]:
        if expected.get("absent"):
            assert expected["text"] not in by_text, found
            continue
        assert expected["text"] in by_text, found
        timex = by_text[expected["text"]]
        got = (timex.timex_type, timex.value, timex.quant)
        assert got == (expected["type"], expected["value"], expected.get("quant")), found
