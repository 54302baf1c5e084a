"""The selection variants of tests/benchmarks/selection_shares.py, sentence kind by kind."""

from __future__ import annotations

import pytest

from tests.benchmarks.selection_shares import VARIANTS, selected

PLAIN = {"needed": False, "reporting": False, "casualty": False, "negated": False}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param({"needed": True}, (True, True, True, True), id="count-or-quote"),
        pytest.param({}, (False, False, False, False), id="nothing"),
        pytest.param({"casualty": True}, (True, False, False, False), id="casualty"),
        pytest.param(
            {"casualty": True, "negated": True}, (True, True, True, True), id="negated-casualty"
        ),
        pytest.param({"reporting": True}, (True, True, False, False), id="reporting-far"),
        pytest.param(
            {"reporting": True, "named": True}, (True, True, True, False), id="reporting-named"
        ),
        pytest.param(
            {"reporting": True, "near": True}, (True, True, True, True), id="reporting-near"
        ),
    ],
)
def test_variants(kind, expected):
    full = {**PLAIN, "named": False, "near": False, **kind}
    assert tuple(selected(full, variant) for variant in VARIANTS) == expected
