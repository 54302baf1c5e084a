"""Tests for how news writes one number (issue 18): scales and suffixes, digits mixed with words,
digit grouping. `parse_number` reads a whole expression; the in-text cases check where the
scanner's number reading ends and which suffixes it reads as a scale.

The sentence-level cases (every quantity of a sentence, with its kind) are data in
`tests/cases/numbers/eval/forms.json`, scored by `tests.accuracy.score_number_cases`.
"""

from __future__ import annotations

import pytest

from transforms.numbers import find_quantities, parse_number

PARSE_CASES = [
    # Scales and suffixes
    ("3 trillion", 3e12),
    ("three trillion", 3e12),
    ("1.2 trillion", 1.2e12),
    ("one point two trillion", 1.2e12),
    ("1.4 bn", 1.4e9),
    ("1.3 bln", 1.3e9),
    ("2.5 mln", 2.5e6),
    ("5 mil", 5e6),
    ("5mil", 5e6),
    ("3 trn", 3e12),
    ("3BN", 3e9),
    ("25k", 25_000),
    ("10K", 10_000),
    ("12.5k", 12_500),
    ("1.5M", 1.5e6),
    ("2.1tn", 2.1e12),
    ("hundred thousand", 1e5),
    ("a hundred thousand", 1e5),
    ("45 hundred", 4500),
    ("FORTY-FIVE HUNDRED", 4500),
    ("two dozen", 24),
    ("3 dozen", 36),
    ("four hundred and three dozen", 436),
    ("two thousand three dozen", 2036),
    ("a hundred dozen", 1200),
    ("half dozen", 6),
    ("a half dozen", 6),
    ("half a dozen", 6),
    ("a half million", 500_000),
    # Digits mixed with words
    ("6 hundred and 45", 645),
    ("2 thousand 7 hundred and 9", 2709),
    ("3 million 500 thousand", 3.5e6),
    ("two hundred and 12", 212),
    ("two thousand and 9", 2009),
    ("5 Thousand", 5000),
    # Digit grouping
    ("2 350 000", 2_350_000),
    ("1\u2009200\u2009000", 1_200_000),
    ("45\u00a0000", 45_000),
    ("120\u202f000", 120_000),
    ("14,080,125,500", 14_080_125_500),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_parse_number_forms(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected, rel=1e-12)


NOT_ONE_NUMBER = [
    "9000 2 hundred",  # a number word does not continue a finished digit number
    "6 hundred 45",  # digits after hundred only with "and"
    "5 million 30",  # digits after a scale only before hundred or a scale
    "six hundred and 145",  # after "and" only digits below a hundred
    "12 13",  # space groups have exactly three digits
    "040 890 854",  # a first group starting with 0 is a phone number or a code
    "5m wall",  # "m" before a singular noun is metres
    "dozens",  # vague: find_quantities reads it
]


@pytest.mark.parametrize("text", NOT_ONE_NUMBER)
def test_parse_number_refuses(text: str) -> None:
    assert parse_number(text) is None


# (sentence, the number texts find_quantities reads, in order)
IN_TEXT_CASES = [
    ("Of the 9000 2 hundred were hurt.", ["9000", "2 hundred"]),
    ("THE TROOPS SEIZED 2 100-CARTRIDGE AMMUNITION BELTS.", ["2", "100"]),
    ("The flood displaced 12 350 000 people.", ["12 350 000"]),
    ("Call 555 123 4567 now.", []),
    ("About 1.2m people voted.", ["1.2m"]),
    ("The club paid £5m for him.", ["5m"]),
    ("The firm raised $40MM in funding.", ["40MM"]),
    ("They built a 5m wall.", ["5"]),
    ("THE INDIVIDUALS USED 9 MM PISTOLS.", ["9"]),
    ("Officials said 1.4 bn people live there.", ["1.4 bn"]),
    ("The ad reached 5 mil viewers.", ["5 mil"]),
    ("in a half dozen states", ["a half dozen"]),
]


@pytest.mark.parametrize(("sentence", "numbers"), IN_TEXT_CASES, ids=[c[0] for c in IN_TEXT_CASES])
def test_number_extent_in_text(sentence: str, numbers: list[str]) -> None:
    assert [q.number_text for q in find_quantities(sentence)] == numbers


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("About 1.2m people voted.", 1.2e6),
        ("The club paid £5m for him.", 5e6),
        ("Public debt stands at £2.1tn.", 2.1e12),
        ("They built a 5m wall.", 5),
        ("THE INDIVIDUALS USED 9 MM PISTOLS.", 9),
    ],
)
def test_ambiguous_suffix_value(sentence: str, value: float) -> None:
    """Suffix "m", "tn", "mm": a scale after a currency sign or a plural noun, else a unit."""
    (quantity,) = find_quantities(sentence)
    assert quantity.value == pytest.approx(value)
