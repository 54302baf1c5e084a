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

# Qualifier phrases written right before a number, by the qualifier they give (section 3).
# "Only", "another", "an additional" keep a count exact but belong to its text.
QUALIFIER_PHRASES = {
    phrase: qualifier
    for qualifier, phrases in {
        MORE_THAN: (
            "more than", "over", "above", "well over", "just over", "slightly over", "well above",
            "just above", "slightly more than", "well more than", "far more than",
            "much more than", "in excess of", "upwards of", "upward of", "surpassed", "surpasses",
            "surpassing", "surpass", "exceeded", "exceeds", "exceeding", "exceed", "greater than",
            "topped", "topping", "tops",
        ),
        AT_LEAST: (
            "at least", "no fewer than", "no less than", "not fewer than", "not less than",
            "a minimum of", "minimum of",
        ),
        AT_MOST: (
            "up to", "at most", "at the most", "no more than", "not more than", "a maximum of",
            "maximum of", "as many as",
        ),
        LESS_THAN: (
            "nearly", "almost", "fewer than", "less than", "under", "below", "short of",
            "just under", "well under", "slightly under", "just below", "well below",
            "slightly below", "just short of", "close to",
        ),
        APPROXIMATELY: (
            "about", "just about", "approximately", "approx.", "approx", "around", "roughly",
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
POST_QUALIFIER_RE = re.compile(
    rf"(?P<{AT_LEAST}>\+(?![\d+])|-plus\b|\s+or\s+more\b)"
    rf"|(?P<{APPROXIMATELY}>-odd\b|\s+or\s+so\b)"
    rf"|(?P<{AT_MOST}>\s+or\s+(?:fewer|less)\b)"
)

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
