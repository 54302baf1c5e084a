"""SETs (with TIMEX3 quant/freq), durations, words that are not TIMEX3s (ages, frequency
adjectives before a noun, speeds) and PAST/PRESENT/FUTURE_REF words, as TBAQ and MEANTIME annotate
them, from ``tests/cases/dates/sets_durations_refs.json`` (sentences written in the shape of the
corpora's; the counts behind each convention are in ``transforms/dates/handlers_durations.py``
and ``handlers_relative.py``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import CASES
from transforms.dates import find_timexes

SET_DURATION_REF_CASES = json.loads(
    (CASES / "dates" / "sets_durations_refs.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", SET_DURATION_REF_CASES, ids=lambda case: case["id"])
def test_set_duration_ref(case: dict) -> None:
    found = find_timexes(case["text"], dt.date.fromisoformat(case["anchor"]))
    got = [(t.text, t.timex_type, t.value, t.quant, t.freq) for t in found]
    expected = [
        (e["text"], e["type"], e["value"], e.get("quant"), e.get("freq")) for e in case["expected"]
    ]
    assert got == expected
