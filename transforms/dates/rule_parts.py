"""Pieces the rule modules share: how a rule pattern is compiled, and alternations and
prefilter words built from the calendar vocabulary."""

from __future__ import annotations

import re

from transforms.vocabulary.calendar_words import (
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    SEASONS,
)


def compile_rule(pattern: str) -> re.Pattern[str]:
    """A rule's pattern, written in lower case (see ``transforms.dates.patterns``)."""
    return re.compile(pattern, re.IGNORECASE)


SPAN_DIRECTION = r"(?P<dir>past|last|next|coming|previous|following)"
SEASON_ALTERNATIVES = "|".join(SEASONS)
PART_OF_DAY_ALTERNATIVES = "|".join(PARTS_OF_DAY)
RELATIVE_DAY_ALTERNATIVES = "|".join(word.replace(" ", r"\s+") for word in RELATIVE_DAYS)
# "biweekly", "fortnightly" and "annually" contain one of these.
FREQUENCY_TRIGGERS = (
    "daily", "nightly", "weekly", "monthly", "quarterly", "yearly", "annual", "hourly",
)  # fmt: skip
HOLIDAY_TRIGGERS = (
    "christmas", "xmas", "new year", "valentine", "halloween", "easter", "good friday",
    "thanksgiving", "boxing", "black friday", "cyber monday",
)  # fmt: skip
