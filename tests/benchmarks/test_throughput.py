"""The rounds of tests/benchmarks/throughput.py: ratios per round, and their median."""

from __future__ import annotations

import math

import pytest

from tests.benchmarks.throughput import Round, _median, round_ratios


def turn(raw: float, blas: float, peer: float | None, newsledger: float) -> Round:
    return Round(raw, blas, peer, {"seconds": newsledger})


def test_each_round_is_compared_with_its_own_newsledger_run():
    # The machine slowed by half in the second round: every run in it alike.
    rounds = [turn(130.0, 100.0, 120.0, 100.0), turn(195.0, 150.0, 180.0, 150.0)]
    ratios = round_ratios(rounds)
    assert ratios["raw"] == pytest.approx([1.3, 1.3])
    assert ratios["raw_numpy_blas"] == pytest.approx([1.0, 1.0])
    assert ratios["peer"] == pytest.approx([1.2, 1.2])
    # Medians of the seconds across rounds would mix a fast run with a slow one; the ratio
    # per round does not.
    assert _median(ratios["raw"]) == 1.3


def test_the_median_of_three_rounds_drops_the_outlier():
    rounds = [turn(120.0, 90.0, None, 100.0), turn(160.0, 90.0, None, 100.0)]
    rounds.append(turn(130.0, 90.0, None, 100.0))
    ratios = round_ratios(rounds)
    assert ratios["peer"] == []
    assert _median(ratios["peer"]) is None
    assert _median(ratios["raw"]) == 1.3


def test_a_skipped_baseline_gives_no_ratio():
    ratios = round_ratios([turn(math.nan, math.nan, None, 100.0)])
    assert math.isnan(ratios["raw"][0])
