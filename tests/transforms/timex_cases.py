"""Shared reading and checking of the TIMEX3 case files in ``tests/cases/dates/`` (issue 17).

A case is ``{"id", "anchor", "text", "expected": [{"text", "type", "value", ...}]}``. Two checks:
``assert_exact_timexes`` compares the whole list ``find_timexes`` returns, in order;
``assert_named_timexes`` looks up each expected expression by its text (``"absent": true`` means
it must not be found), so the case pins only the expressions it names.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from tests.conftest import CASES
from transforms.dates import Timex, find_timexes

# The case files' keys for the Timex attributes they may pin.
ATTRIBUTES = {
    "type": "timex_type", "value": "value", "mod": "mod", "quant": "quant", "freq": "freq",
}  # fmt: skip


def load_timex_cases(name: str) -> list[dict]:
    """The cases of ``tests/cases/dates/<name>``."""
    return json.loads((CASES / "dates" / name).read_text(encoding="utf-8"))


def case_timexes(case: dict) -> list[Timex]:
    """What ``find_timexes`` finds in the case's text, anchored at its date."""
    return find_timexes(case["text"], dt.date.fromisoformat(case["anchor"]))


def assert_exact_timexes(case: dict, extra: Sequence[str]) -> None:
    """The expressions found are exactly the expected ones, in order: text, type, value and the
    ``extra`` keys (None when a case leaves one out)."""
    keys = ("type", "value", *extra)
    got = [(t.text, *(getattr(t, ATTRIBUTES[key]) for key in keys)) for t in case_timexes(case)]
    expected = [(e["text"], *(e.get(key) for key in keys)) for e in case["expected"]]
    assert got == expected


def assert_named_timexes(
    case: dict, always: Sequence[str] = (), when_given: Sequence[str] = ()
) -> None:
    """Each expected expression is found (or, marked absent, is not) with its type and value,
    the ``always`` keys (None when left out) and the ``when_given`` keys the case states."""
    found = case_timexes(case)
    by_text = {timex.text: timex for timex in found}
    for expected in case["expected"]:
        if expected.get("absent"):
            assert expected["text"] not in by_text, found
            continue
        assert expected["text"] in by_text, found
        timex = by_text[expected["text"]]
        keys = ("type", "value", *always)
        got = tuple(getattr(timex, ATTRIBUTES[key]) for key in keys)
        assert got == tuple(expected.get(key) for key in keys), found
        for key in when_given:
            if key in expected:
                assert getattr(timex, ATTRIBUTES[key]) == expected[key], found
