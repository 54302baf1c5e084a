"""Classes found by reading MUC-3 wire messages (1989-1990, ``muc3-dev``) against the TimeML
1.2.1 guidelines (issue 17, round 3), from ``tests/cases/dates/audit_muc3.json`` (sentences
written for the tests in the shape of those messages; the reasons are next to each rule in
``transforms/dates/handlers_relative.py`` and ``handlers_durations.py``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.dates import find_timexes

AUDIT_CASES = json.loads((CASES / "dates" / "audit_muc3.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", AUDIT_CASES, ids=lambda case: case["id"])
def test_audit_muc3(case: dict) -> None:
    found = find_timexes(case["text"], dt.date.fromisoformat(case["anchor"]))
    got = [(t.text, t.timex_type, t.value, t.mod) for t in found]
    expected = [(e["text"], e["type"], e["value"], e.get("mod")) for e in case["expected"]]
    assert got == expected
