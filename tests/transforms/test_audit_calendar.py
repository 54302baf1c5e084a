"""Calendar classes found by reading new text (MUC-3 wire messages, Zyte English pages, re3d)
against the TimeML 1.2.1 guidelines (issue 17, round 3), from
``tests/cases/dates/audit_calendar.json`` (sentences written for the tests in the shape of the
classes; reasons next to the rules in ``transforms/dates/handlers_calendar.py`` and
``handlers_day_ranges.py``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.dates import find_timexes

AUDIT_CASES = json.loads((CASES / "dates" / "audit_calendar.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", AUDIT_CASES, ids=lambda case: case["id"])
def test_audit_calendar(case: dict) -> None:
    found = find_timexes(case["text"], dt.date.fromisoformat(case["anchor"]))
    got = [(t.text, t.timex_type, t.value, t.mod) for t in found]
    expected = [(e["text"], e["type"], e["value"], e.get("mod")) for e in case["expected"]]
    assert got == expected
