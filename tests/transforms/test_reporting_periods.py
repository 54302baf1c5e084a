"""Reporting periods (quarters, "the quarter", "the year-ago quarter", "a year earlier" after a
quarter, fiscal years) as TimeML annotates them, from ``tests/cases/dates/reporting_periods.json``
(sentences written in the shape of TBAQ's earnings reports; the conventions' counts are in
``transforms/dates/handlers_periods.py``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.dates import find_timexes

PERIOD_CASES = json.loads((CASES / "dates" / "reporting_periods.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PERIOD_CASES, ids=lambda case: case["id"])
def test_reporting_period(case: dict) -> None:
    found = find_timexes(case["text"], dt.date.fromisoformat(case["anchor"]))
    by_text = {timex.text: timex for timex in found}
    for expected in case["expected"]:
        if expected.get("absent"):
            assert expected["text"] not in by_text, found
            continue
        assert expected["text"] in by_text, found
        timex = by_text[expected["text"]]
        assert (timex.timex_type, timex.value) == (expected["type"], expected["value"])
