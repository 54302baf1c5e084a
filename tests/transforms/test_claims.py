"""Claims: plausibility of a reported count of people."""

from __future__ import annotations

import math

import pytest

from transforms.claims import WORLD_POPULATION, is_implausible_count


@pytest.mark.parametrize(
    ("value", "implausible"),
    [
        pytest.param(0, False, id="zero"),
        pytest.param(300, False, id="ordinary"),
        pytest.param(WORLD_POPULATION, False, id="world-population"),
        pytest.param(WORLD_POPULATION + 1, True, id="above-world-population"),
        pytest.param(1e18, True, id="quintillion"),
        pytest.param(math.inf, True, id="infinite"),
        pytest.param(math.nan, True, id="not-a-number"),
    ],
)
def test_is_implausible_count(value, implausible):
    assert is_implausible_count(value) is implausible
