"""Composite and fractional durations ("2 1/2 years" P2Y6M, "at least 20 more years"), and the
year of a yearless day (a period that "ended", a future cue in another clause, "last Oct. 23"),
as TBAQ annotates them, from ``tests/cases/dates/timeml_round2_ranges.json`` (sentences written
in the shape of the corpus's; the counts behind each convention are in
``transforms/dates/durations.py``, ``pattern_parts.py`` and ``anchoring.py``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.dates import find_timexes

ROUND2_CASES = json.loads(
    (CASES / "dates" / "timeml_round2_ranges.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", ROUND2_CASES, ids=lambda case: case["id"])
def test_round2_duration_or_year(case: dict) -> None:
    found = find_timexes(case["text"], dt.date.fromisoformat(case["anchor"]))
    got = [(t.text, t.timex_type, t.value, t.mod) for t in found]
    expected = [(e["text"], e["type"], e["value"], e.get("mod")) for e in case["expected"]]
    assert got == expected
