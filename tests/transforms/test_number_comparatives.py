"""Comparatives, comparison signs and compound ranges in `find_quantities` (issue 18).

The qualifier of each wording follows the conventions of `schemas.quantities`: an inclusive
bound is `at_least` / `at_most`, a strict one `more_than` / `less_than`, and two bounds facing
each other in one expression are one `range`. Whole sentences are in
`tests/cases/numbers/eval/comparatives.json` (scored by `tests.accuracy.score_number_cases`).
"""

from __future__ import annotations

import pytest

from schemas.quantities import (
    APPROXIMATELY,
    AT_LEAST,
    AT_MOST,
    LESS_THAN,
    MORE_THAN,
    QUALIFIERS,
    RANGE,
)
from transforms.numbers import find_quantities
from transforms.numbers.context import LEFT_WINDOW
from transforms.numbers.qualifiers import (
    LONGEST_QUALIFIER,
    POST_QUALIFIER_RE,
    QUALIFIER_PHRASES,
    SIGN_BEFORE_RE,
)


def _found(text: str) -> list[tuple[str, float, float | None, float | None, str]]:
    return [(q.text, q.value, q.low, q.high, q.qualifier) for q in find_quantities(text)]


def _one(text: str, qualifier: str, value: float) -> tuple:
    low = value if qualifier in (AT_LEAST, MORE_THAN) else None
    high = value if qualifier in (AT_MOST, LESS_THAN) else None
    return text, value, low, high, qualifier


# (phrase before " people were hurt", its text, qualifier, value)
PHRASE_CASES = [
    # inclusive, written out
    ("greater than or equal to 75", AT_LEAST, 75),
    ("more than or equal to 30", AT_LEAST, 30),
    ("Greater or equal to 1,200", AT_LEAST, 1200),
    ("equal to or more than 20", AT_LEAST, 20),
    ("equal to or greater than 50", AT_LEAST, 50),
    ("equal or larger than 8", AT_LEAST, 8),
    ("at least or equal to 12", AT_LEAST, 12),
    ("no fewer than 60", AT_LEAST, 60),
    ("NOT LESS THAN FIFTEEN", AT_LEAST, 15),
    ("no smaller than 5", AT_LEAST, 5),
    ("a minimum of 40", AT_LEAST, 40),
    ("less than or equal to 400", AT_MOST, 400),
    ("less or equal than 400", AT_MOST, 400),
    ("fewer than or equal to 12", AT_MOST, 12),
    ("equal to or less than 25", AT_MOST, 25),
    ("equal or fewer than 300", AT_MOST, 300),
    ("at most or equal to 9", AT_MOST, 9),
    ("no greater than 30", AT_MOST, 30),
    ("not higher than 70", AT_MOST, 70),
    ("not exceeding 500", AT_MOST, 500),
    ("not to exceed 200", AT_MOST, 200),
    ("a maximum of 80", AT_MOST, 80),
    # strict
    ("bigger than 40", MORE_THAN, 40),
    ("Larger than 3,000", MORE_THAN, 3000),
    ("higher than 150", MORE_THAN, 150),
    ("lower than 500", LESS_THAN, 500),
    ("smaller than ten", LESS_THAN, 10),
    # after the number
    ("350 or greater", AT_LEAST, 350),
    ("60 or above", AT_LEAST, 60),
    ("1,000 or higher", AT_LEAST, 1000),
    ("25 or over", AT_LEAST, 25),
    ("two thousand or less", AT_MOST, 2000),
    ("40 or fewer", AT_MOST, 40),
    ("500 or lower", AT_MOST, 500),
    ("100 or below", AT_MOST, 100),
    ("30 or under", AT_MOST, 30),
]


@pytest.mark.parametrize(("phrase", "qualifier", "value"), PHRASE_CASES, ids=lambda x: str(x))
def test_comparative_phrase(phrase: str, qualifier: str, value: float) -> None:
    assert _found(f"Officials said {phrase} people were hurt.") == [_one(phrase, qualifier, value)]


SIGN_CASES = [
    (">15", MORE_THAN, 15),
    ("> 1,000", MORE_THAN, 1000),
    ("<15", LESS_THAN, 15),
    (">= 45", AT_LEAST, 45),
    ("> = 45", AT_LEAST, 45),
    ("≥ 30", AT_LEAST, 30),
    ("<=12", AT_MOST, 12),
    ("< = 250", AT_MOST, 250),
    ("≤20", AT_MOST, 20),
]


@pytest.mark.parametrize(("sign", "qualifier", "value"), SIGN_CASES, ids=lambda x: str(x))
def test_comparison_sign(sign: str, qualifier: str, value: float) -> None:
    assert _found(f"Villages with {sign} deaths were listed.") == [_one(sign, qualifier, value)]
    assert _found(sign) == [_one(sign, qualifier, value)]  # the sign and number as whole text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Step 2 -> 15 people", [("2", 2, 2, 2, "exact"), ("15", 15, 15, 15, "exact")]),
        ("<b>15</b> people", [("15", 15, 15, 15, "exact")]),
        ("x=>15 people", [("15", 15, 15, 15, "exact")]),
    ],
    ids=["arrow", "markup-tag", "glued-to-a-word"],
)
def test_no_comparison_sign(text: str, expected: list[tuple]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "10 or more than 20 people",
            [("10", 10, 10, 10, "exact"), _one("more than 20", MORE_THAN, 20)],
        ),
        ("40 or less 20 people", [("40", 40, 40, 40, "exact"), ("20", 20, 20, 20, "exact")]),
    ],
    ids=["or-more-than-a-number", "or-less-then-a-number"],
)
def test_or_comparative_before_another_number_is_no_post_qualifier(
    text: str, expected: list[tuple]
) -> None:
    assert _found(text) == expected


RANGE_CASES = [
    ("bigger than 40 and below 90", 40, 90),
    ("no less than 15 and no more than 35", 15, 35),
    ("at most 600 and at least 250", 250, 600),
    ("less than 90 and more than 40", 40, 90),
    ("up to 600 but no fewer than 250", 250, 600),
    ("More than 50 but fewer than 100", 50, 100),
    ("greater than or equal to 20 and less than or equal to 60", 20, 60),
    ("> 40 and < 90", 40, 90),
    (">= 100 and <= 500", 100, 500),
    ("<= 500 and >= 100", 100, 500),
    ("AT LEAST FIFTEEN AND AT MOST THIRTY-FIVE", 15, 35),
    ("from two thousand to two thousand five hundred", 2000, 2500),
    ("between 40 and 50", 40, 50),
    ("40 to 50", 40, 50),
    ("40-50", 40, 50),
]


@pytest.mark.parametrize(("phrase", "low", "high"), RANGE_CASES, ids=lambda x: str(x))
def test_compound_range(phrase: str, low: float, high: float) -> None:
    assert _found(f"Witnesses said {phrase} people were hurt.") == [(phrase, low, low, high, RANGE)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a verb between the bounds: two statements
            "More than 30 were killed and fewer than 10 are missing.",
            [_one("More than 30", MORE_THAN, 30), _one("fewer than 10", LESS_THAN, 10)],
        ),
        (  # the bounds do not face each other
            "at least 20 and more than 30 people",
            [_one("at least 20", AT_LEAST, 20), _one("more than 30", MORE_THAN, 30)],
        ),
        (  # no room between them
            "More than 20 and fewer than 5 people",
            [_one("More than 20", MORE_THAN, 20), _one("fewer than 5", LESS_THAN, 5)],
        ),
        (
            "at most 250 and at least 600 people",
            [_one("at most 250", AT_MOST, 250), _one("at least 600", AT_LEAST, 600)],
        ),
    ],
    ids=["verb-between", "same-direction", "lower-above-upper", "upper-below-lower"],
)
def test_two_bounds_that_are_no_range(text: str, expected: list[tuple]) -> None:
    assert _found(text) == expected


def test_qualifier_phrases_can_be_matched() -> None:
    """qualifier_before matches lower-case phrases of letters and periods, whole words, within
    the left window: a phrase that breaks this would silently never match."""
    for phrase, qualifier in QUALIFIER_PHRASES.items():
        assert qualifier in QUALIFIERS, phrase
        assert phrase == phrase.lower() == " ".join(phrase.split()), phrase
        assert all(w.rstrip(".").isalpha() for w in phrase.split()), phrase
        assert len(phrase.split()) <= LONGEST_QUALIFIER
        assert len(phrase) < LEFT_WINDOW, phrase


@pytest.mark.parametrize(
    ("before", "qualifier"),
    [(">", MORE_THAN), ("<", LESS_THAN), (">=", AT_LEAST), ("< =", AT_MOST), ("≤ ", AT_MOST)],
)
def test_sign_pattern(before: str, qualifier: str) -> None:
    m = SIGN_BEFORE_RE.search(f"with {before}")
    assert m is not None and m.lastgroup == qualifier


@pytest.mark.parametrize(
    ("after", "qualifier"),
    [
        (" or greater", AT_LEAST),
        (" or over", AT_LEAST),
        (" or lower", AT_MOST),
        (" or so", APPROXIMATELY),
    ],
)
def test_post_qualifier_pattern(after: str, qualifier: str) -> None:
    m = POST_QUALIFIER_RE.match(after + " people")
    assert m is not None and m.lastgroup == qualifier
