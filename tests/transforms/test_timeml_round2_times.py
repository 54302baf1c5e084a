"""Possessive years before a period, anaphoric days and parts of day as TBAQ and MEANTIME
annotate them, from ``tests/cases/dates/timeml_round2_times.json`` (sentences written in the
shape of the corpora's cases; the counts behind each convention are in the comments of
``transforms/dates/scan.py``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.dates import find_timexes

ROUND2_CASES = json.loads(
    (CASES / "dates" / "timeml_round2_times.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", ROUND2_CASES, ids=lambda case: case["id"])
def test_timeml_round2_case(case: dict) -> None:
    found = find_timexes(case["text"], dt.date.fromisoformat(case["anchor"]))
    by_text = {timex.text: timex for timex in found}
    for expected in case["expected"]:
        if expected.get("absent"):
            assert expected["text"] not in by_text, found
            continue
        assert expected["text"] in by_text, found
        timex = by_text[expected["text"]]
        assert (timex.timex_type, timex.value) == (expected["type"], expected["value"])
