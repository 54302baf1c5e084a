"""Anaphoric and spelled-out years, reference words (PAST_REF / PRESENT_REF) and the TimeML mods
of calendar edges, as TBAQ and MEANTIME annotate them, from
``tests/cases/dates/timeml_round2_references.json`` (sentences written for the tests in the shape
of the corpora's; the counts behind each convention are in ``transforms/dates/handlers_relative.py``
and ``handlers_calendar.py``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.dates import find_timexes

ROUND2_CASES = json.loads(
    (CASES / "dates" / "timeml_round2_references.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", ROUND2_CASES, ids=lambda case: case["id"])
def test_round2_reference(case: dict) -> None:
    found = find_timexes(case["text"], dt.date.fromisoformat(case["anchor"]))
    got = [(t.text, t.timex_type, t.value, t.mod) for t in found]
    expected = [(e["text"], e["type"], e["value"], e.get("mod")) for e in case["expected"]]
    assert got == expected
