"""Qualifier phrases around a number ("more than", "up to", "or so") and the bounds they give.

The qualifier values are the `quantities.qualifier` values declared in `schemas.quantities`.
"""

from __future__ import annotations

import re

from schemas.quantities import (
    APPROXIMATELY,
    AT_LEAST,
    AT_MOST,
    EXACT,
    LESS_THAN,
    MORE_THAN,
)

# Comparative words: "more"-like ones bound a number from below, "less"-like ones from above.
_UPWARD = ("more", "greater", "bigger", "larger", "higher")
_DOWNWARD = ("less", "fewer", "lower", "smaller")


def _or_equal(comparative: str) -> tuple[str, ...]:
    """The inclusive forms of a comparative: "greater than or equal to", "equal to or more than"."""
    c = comparative
    return (
        f"{c} than or equal to", f"{c} than or equal", f"{c} or equal to", f"{c} or equal than",
        f"equal to or {c} than", f"equal or {c} than", f"{c} than or equal with",
    )  # fmt: skip


def _negated(comparative: str) -> tuple[str, ...]:
    """Negated forms ("no more than", "not greater than"): the opposite inclusive bound."""
    return f"no {comparative} than", f"not {comparative} than"


# Qualifier phrases written right before a number, by the qualifier they give (section 3).
# "Only", "another", "an additional" keep a count exact but belong to its text.
QUALIFIER_PHRASES = {
    phrase: qualifier
    for qualifier, phrases in {
        MORE_THAN: (
            "more than", "over", "above", "well over", "just over", "slightly over", "well above",
            "just above", "slightly more than", "well more than", "far more than",
            "much more than", "in excess of", "upwards of", "upward of", "surpassed", "surpasses",
            "surpassing", "surpass", "exceeded", "exceeds", "exceeding", "exceed", "topped",
            "topping", "tops", *(f"{c} than" for c in _UPWARD),
        ),
        AT_LEAST: (
            "at least", "no fewer than", "no less than", "not fewer than", "not less than",
            "a minimum of", "minimum of", "at least or equal to", "at a minimum", "at minimum",
            "at the very least", "at the least",
            *(p for c in _UPWARD for p in _or_equal(c)),
            *(p for c in _DOWNWARD for p in _negated(c)),
        ),
        AT_MOST: (
            "up to", "at most", "at the most", "no more than", "not more than", "a maximum of",
            "maximum of", "as many as", "as much as", "at most or equal to", "not exceeding",
            "not to exceed", "at a maximum", "at maximum", "at the very most",
            "not exceed", "never more than", *(p for c in _DOWNWARD for p in _or_equal(c)),
            *(p for c in _UPWARD for p in _negated(c)),
        ),
        LESS_THAN: (
            "nearly", "almost", "fewer than", "less than", "under", "below", "short of",
            "just under", "well under", "slightly under", "just below", "well below",
            "slightly below", "just short of", "close to", *(f"{c} than" for c in _DOWNWARD),
        ),
        APPROXIMATELY: (
            "about", "just about", "approximately", "approximate", "approx.", "approx", "around",
            "roughly",
            "some", "an estimated", "estimated", "circa", "ca.", "an approximate",
            "more or less",
        ),
        EXACT: (
            "only", "just", "exactly", "precisely", "another", "an additional", "additional",
            "a further", "a total of", "total of",
        ),
    }.items()
    for phrase in phrases
}  # fmt: skip
LONGEST_QUALIFIER = max(len(p.split()) for p in QUALIFIER_PHRASES)

# Qualifiers written right after a number ("300+", "300-odd", "300 or more"); the name of the
# group that matched is the qualifier.
# "300 or greater", "300 or fewer": not "300 or more than 400", nor "300 or less 20".
_NOT_AFTER_OR = r"(?!\s+(?:than\b|\d))"
# "20 at least", "30 at the very most": not "20 at least 10".
_AT_THE = r"\s+at\s+(?:the\s+(?:very\s+)?)?"
_NO_NUMBER_AFTER = r"(?!\s*(?:\d|a\b|an\b|one\b))"
POST_QUALIFIER_RE = re.compile(
    rf"(?P<{AT_LEAST}>\+(?![\d+])|-plus\b|\s+or\s+(?:more|greater|higher|above|over)\b{_NOT_AFTER_OR}"
    rf"|{_AT_THE}least\b{_NO_NUMBER_AFTER})"
    rf"|(?P<{APPROXIMATELY}>-odd\b|-?ish\b|\s+or\s+so\b|\s+or\s+thereabouts\b"
    r"|\s+odd(?=\s+(?:people|men|women|children|[a-z]+s)\b))"  # "twenty odd people"
    rf"|(?P<{AT_MOST}>\s+or\s+(?:fewer|less|lower|below|under)\b{_NOT_AFTER_OR}"
    rf"|{_AT_THE}most\b{_NO_NUMBER_AFTER})"
)
# Comparison signs right before a number (">15", ">= 45", "=>20", "< = 250", "≤20"), not inside
# an arrow or a tag ("->", "<b>"): the name of the group that matched is the qualifier.
SIGN_BEFORE_RE = re.compile(
    rf"(?<![-=<>\w])(?:(?P<{AT_LEAST}>>\s*=|=\s*>|≥|⩾)|(?P<{AT_MOST}><\s*=|=\s*<|≤|⩽)"
    rf"|(?P<{MORE_THAN}>>)|(?P<{LESS_THAN}><))\s*\Z"
)
SIGN_WINDOW = 6  # characters before a number that can hold a sign and its spaces

# A qualifier that leaves a number's own value as its least or its greatest.
LOWER_BOUND_QUALIFIERS = (MORE_THAN, AT_LEAST)
UPPER_BOUND_QUALIFIERS = (AT_MOST, LESS_THAN)


def bounds(qualifier: str, value: float) -> tuple[float | None, float | None]:
    """(low, high) of a single number with this qualifier (guidelines section 3)."""
    if qualifier == EXACT:
        return value, value
    if qualifier in LOWER_BOUND_QUALIFIERS:
        return value, None
    if qualifier in UPPER_BOUND_QUALIFIERS:
        return None, value
    return None, None
