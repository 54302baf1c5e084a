"""Regular-expression pieces built from the calendar and number words, shared by the publication
date shapes and the temporal expression rules."""

from __future__ import annotations

import re

from transforms.vocabulary.calendar_words import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    TIME_UNITS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAY_NAMES,
)
from transforms.vocabulary.number_words import ONES, TEENS, TENS, day_ordinals

WORD_START = r"(?<![\w'])"  # start of a word (also after a hyphen, so "mid-2011" works)
WORD_END = r"(?!\w)"  # end of a word (a possessive "'s" may follow: "this year's")

MONTH_FULL = "|".join(MONTH_NAMES)
MONTH_ABBR = "|".join(MONTH_ABBREVIATIONS)
MONTH = rf"(?<![a-z])(?:(?:{MONTH_FULL})(?![a-z])|(?:{MONTH_ABBR})(?:\.|(?![a-z])))"
WEEKDAY_FULL = "|".join(WEEKDAY_NAMES)
WEEKDAY_ABBR = "|".join(WEEKDAY_ABBREVIATIONS)
# A weekday written before a date ("Mon, 13 Jan 2025", "Friday, July 18").
WEEKDAY_PREFIX = rf"(?:(?P<wd>{WEEKDAY_FULL}|{WEEKDAY_ABBR})\.?,?\s+(?:the\s+)?)?"

# Ordinal words for the days of a month ("first" to "thirty-first") -> day number.
DAY_ORDINALS: dict[str, int] = day_ordinals()
ORDINAL_DAY_WORD = "|".join(sorted(DAY_ORDINALS, key=len, reverse=True))
DAY = r"(?P<day>(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![a-z\d])|" + ORDINAL_DAY_WORD + r")"
# Not a clock ("2019:30"), but a year before a colon and a space ("Nov. 15, 2019: The ...").
YEAR4 = r"(?P<year>\d{4}|'\d{2})(?!\d|:\d)"

_ONES = "|".join(word for word, value in ONES.items() if value > 0)
# The misspelling "fourty" (in TENS for amounts) is not read as a count of time units: the date
# rules have never matched it, and the eval pins what they match.
_TENS = "|".join(word for word in TENS if word != "fourty")
NUMBER_WORD = rf"(?:(?:{_TENS})(?:[\s-](?:{_ONES}))?|{'|'.join(TEENS)}|{_ONES})(?![a-z])"
# A count of units: digits, number words, "a"/"an", vague quantities (value unknown: "X").
COUNT = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+\s+[13]/[24]|\d+(?:\.\d+)?|{NUMBER_WORD}|a\s+couple(?:\s+of)?|a\s+pair\s+of"
    rf"|a\s+dozen|a\s+hundred|a\s+few|several|many|few|single|an?)(?:\s+and\s+a\s+half)?"
)
UNIT = (
    "(?:"
    + "|".join("centur(?:y|ies)" if unit == "century" else f"{unit}s?" for unit in TIME_UNITS)
    + ")(?![a-z])"
)
# Adjectives that may sit between a count and its unit ("five trading days"), and the words
# of an added amount ("at least 20 more years", "an additional year": TBAQ dev tags 2 of 2 with
# the word inside, value of the count alone).
_UNIT_ADJECTIVE = (
    r"(?:(?:more|additional|extra|further)\s+)?"
    r"(?:(?:trading|business|working|calendar|consecutive|straight|full|long)\s+)?"
)
QUANTITY = rf"(?:{COUNT})\s*-?\s*{_UNIT_ADJECTIVE}{UNIT}"
QUANTITIES = rf"{QUANTITY}(?:(?:\s*,\s*|\s+and\s+|\s+){QUANTITY})*"
QUANTITY_RE = re.compile(
    rf"(?P<num>{COUNT})\s*-?\s*{_UNIT_ADJECTIVE}(?P<unit>{UNIT})", re.IGNORECASE
)
