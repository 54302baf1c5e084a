"""Error classes found by reading new text (MUC-3 wire news, Zyte web pages, re3d) against the
TimeML 1.2.1 / TempEval-3 guidelines (issue 17, round 3), from
``tests/cases/dates/audit_relative.json`` (sentences written in the shape of the cases): "now" /
"today" in names and shop labels, anaphoric "the previous year" counted from the reference time,
vague and per-unit sets, counted nights and vague durations, clock times with a written date,
a future in the past ("was to arrive Sunday"), and generic "throughout the day"."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.dates import find_timexes

AUDIT_RELATIVE_CASES = json.loads(
    (CASES / "dates" / "audit_relative.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", AUDIT_RELATIVE_CASES, ids=lambda case: case["id"])
def test_audit_relative_case(case: dict) -> None:
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
        if "freq" in expected:
            assert timex.freq == expected["freq"], found
