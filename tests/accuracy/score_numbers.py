"""Number scorer: pass rate of ``transforms.numbers`` on each peer suite (text2num,
number-parser, quantulum3, Duckling numerals), in-scope cases only.

The cases, scope rules and convention mappings live in ``tests/accuracy/test_numbers_peer.py``;
``quantulum3-units`` (a number with a unit must not come back as a count) is reported there as
informative and appears here as the quantulum3 ``units_pass_rate`` row.
"""

from __future__ import annotations

from tests.accuracy import Row, make_row

# Peer suite of test_numbers_peer.py -> (corpus, metric) of its gate row.
SUITE_ROWS = {
    "text2num": ("text2num", "pass_rate"),
    "number_parser": ("number_parser", "pass_rate"),
    "quantulum3": ("quantulum3", "pass_rate"),
    "quantulum3-units": ("quantulum3", "units_pass_rate"),
    "duckling": ("duckling", "pass_rate"),
}


def score() -> list[Row]:
    """One row per peer suite: pass rate over its in-scope cases (n = in-scope cases)."""
    # Imported here: the peer module is a pytest test file that reads its cases at import.
    from tests.accuracy.test_numbers_peer import peer_pass_rates

    rows = []
    for suite, (_, total, rate) in peer_pass_rates().items():
        corpus, metric = SUITE_ROWS[suite]
        rows.append(make_row("numbers", corpus, metric, value=rate, n=total))
    return rows
