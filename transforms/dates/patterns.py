"""The rule table: each temporal expression pattern with its handler, rank and prefilters.

Compiled once, at import. Patterns are written in lower case: the scan also runs them,
case-sensitively, on lower-cased text (see ``transforms.dates.scan``).
"""

from __future__ import annotations

import re

from transforms.dates.handlers_calendar import (
    SPELLED_YEAR,
    handle_apostrophe_year,
    handle_century,
    handle_day_month,
    handle_decade,
    handle_every_month,
    handle_fiscal_year,
    handle_holiday,
    handle_iso_date,
    handle_month,
    handle_month_of_year,
    handle_month_quarter,
    handle_month_year,
    handle_numeric_date,
    handle_quarter,
    handle_quarter_code,
    handle_season,
    handle_spelled_year,
    handle_year,
    handle_year_month_day,
)
from transforms.dates.handlers_clock import handle_clock
from transforms.dates.handlers_durations import (
    handle_duration,
    handle_every,
    handle_frequency_word,
    handle_half_unit,
    handle_past_unit,
    handle_plural_weekday,
    handle_rate,
    handle_reporting_year,
    handle_span,
    handle_vague_plural,
)
from transforms.dates.handlers_periods import handle_period_reference, handle_year_ago
from transforms.dates.handlers_relative import (
    handle_anaphoric_year,
    handle_calendar_unit,
    handle_day_month_of_year,
    handle_day_part_of_day,
    handle_day_word,
    handle_offset,
    handle_part_of_day,
    handle_reference_word,
    handle_the_day,
    handle_the_unit,
    handle_the_weekend,
    handle_unit_before,
    handle_weekday,
    handle_weekday_of_week,
)
from transforms.dates.matching import Rule
from transforms.dates.pattern_parts import (
    COUNT,
    DAY,
    MONTH,
    ORDINAL_DAY_WORD,
    QUANTITIES,
    UNIT,
    WEEKDAY_ABBR,
    WEEKDAY_FULL,
    WEEKDAY_PREFIX,
    WORD_END,
    WORD_START,
    YEAR4,
)
from transforms.dates.zones import ZONE
from transforms.vocabulary.calendar_words import (
    DECADE_WORDS,
    FREQUENCY_WORDS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    SEASONS,
)


def _compile(pattern: str) -> re.Pattern[str]:
    """A rule's pattern (written in lower case, see the module docstring)."""
    return re.compile(pattern, re.IGNORECASE)


_SPAN_DIRECTION = r"(?P<dir>past|last|next|coming|previous|following)"
_SEASON = "|".join(SEASONS)
_PART_OF_DAY = "|".join(PARTS_OF_DAY)
_RELATIVE_DAY = "|".join(word.replace(" ", r"\s+") for word in RELATIVE_DAYS)
# "biweekly", "fortnightly" and "annually" contain one of these.
_FREQUENCY_TRIGGERS = (
    "daily", "nightly", "weekly", "monthly", "quarterly", "yearly", "annual", "hourly",
)  # fmt: skip
_HOLIDAY_TRIGGERS = (
    "christmas", "xmas", "new year", "valentine", "halloween", "easter", "good friday",
    "thanksgiving", "boxing", "black friday", "cyber monday",
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    Rule(
        _compile(
            WORD_START
            + r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[t ](?P<hh>\d{2}):(?P<mi>\d{2})"
            r"(?::(?P<ss>\d{2})(?:\.\d+)?)?(?P<tz>z|[+-]\d{2}:?\d{2})?)?(?![\w-])"
        ),
        handle_iso_date,
        3,
    ),
    Rule(
        _compile(
            r"(?<![\w/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
            r"(?![\w/-]|\.\d)"
        ),
        handle_numeric_date,
        3,
    ),
    Rule(
        _compile(r"(?<![\w/.-])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\w/]|\.\d)"),
        handle_year_month_day,
        3,
        triggers=("/",),
    ),
    Rule(
        _compile(
            WORD_START
            + WEEKDAY_PREFIX
            + r"(?:the\s+)?"
            + DAY
            + r"(?:\s+of|\s*[-/])?\s*(?P<mon>"
            + MONTH
            + r")"
            r"(?:(?:\s*,\s*|\s+|[-/])" + YEAR4 + r")?"
        ),
        handle_day_month,
        2,
    ),
    Rule(
        # "3 JAN 90", "31-Oct-74", "14th April 15"
        _compile(
            WORD_START
            + WEEKDAY_PREFIX
            + r"(?P<day>(?:3[01]|[12]\d|0?[1-9]))(?:st|nd|rd|th)?(?:\s+|[-/])"
            r"(?P<mon>" + MONTH + r")(?:\s+|[-/])(?P<year>\d{2})(?![\w:])"
        ),
        handle_day_month,
        2,
    ),
    Rule(
        _compile(
            WORD_START
            + WEEKDAY_PREFIX
            + r"(?P<mon>"
            + MONTH
            + r")\s*(?:the\s+)?"
            + DAY
            + r"(?!\s*(?:%|percent|per\s*cent))(?:(?:\s*,\s*|\s+)"
            + YEAR4
            + r")?(?!\d|[.,:]\d)"
        ),
        handle_day_month,
        2,
    ),
    Rule(
        _compile(WORD_START + r"(?P<mon>" + MONTH + r")(?:\s+of)?\s*,?\s+" + YEAR4),
        handle_month_year,
        2,
    ),
    Rule(
        _compile(
            WORD_START + r"(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<mon>" + MONTH + r")"
            # "shot last Oct. 23": the day rule takes "Oct. 23" (TBAQ leaves "last" out).
            r"(?(rel)(?!\.?\s*\d))"
        ),
        handle_month,
        1,
    ),
    Rule(_compile(r"(?<![\w$€£¥#.,/'])(?P<year>\d{4})(?![\w%']|[.,/]\d)"), handle_year, 0),
    Rule(
        _compile(r"(?<![\w'])'(?P<yy>\d{2})(?![\w'])"), handle_apostrophe_year, 0, triggers=("'",)
    ),
    Rule(
        _compile(WORD_START + r"(?:(?P<the_year>the\s+year)\s+)?" + SPELLED_YEAR),
        handle_spelled_year,
        1,
        triggers=("nineteen", "eighteen", "twenty", "two thousand"),
    ),
    Rule(
        _compile(
            WORD_START + r"(?:(?P<the>the)\s+)?(?:(?P<century>1\d|20)(?P<tens>\d)0'?s"
            r"|(?P<apos>')?(?P<tens2>\d)0(?P<apos2>')?s"
            r"|(?<=the\s)(?P<word>" + "|".join(DECADE_WORDS) + "))" + WORD_END
        ),
        handle_decade,
        1,
        triggers=("0s", "0's", "ties"),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:the\s+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|"
            + ORDINAL_DAY_WORD
            + r")[\s-]+century"
            + WORD_END
        ),
        handle_century,
        1,
        triggers=("centur",),
    ),
    Rule(
        _compile(
            WORD_START + r"(?:(?P<the>the)\s+)?(?:fiscal\s+)?"
            r"(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
            r"[\s-]+(?P<unit>quarter|qtr|half)"
            + WORD_END
            + r"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<year>\d{4})"
            r"|(?P<rel>this|last|next|the\s+current|the\s+previous|the\s+following)\s+year))?"
        ),
        handle_quarter,
        1,
        triggers=("quarter", "qtr", "half"),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:(?P<year>\d{4})\s*-?\s*)?q(?P<q>[1-4])(?:\s+(?P<year2>\d{4}))?"
            + WORD_END
        ),
        handle_quarter_code,
        1,
        triggers=("q",),
    ),
    Rule(
        # "the September quarter": the quarter ending that month
        _compile(WORD_START + r"(?:the\s+)?(?P<mon>" + MONTH + r")[\s-]+quarter" + WORD_END),
        handle_month_quarter,
        2,
        triggers=("quarter",),
    ),
    Rule(
        _compile(
            WORD_START + r"(?P<det>the|that)\s+(?:(?:comparable|same|corresponding)\s+)?"
            r"(?:(?P<ago>year[\s-](?:ago|earlier))\s+|(?P<year>\d{4})\s+"
            r"|(?P<latest>latest|most\s+recent|recent|just[\s-]ended|current)\s+)?"
            r"(?:fiscal\s+)?(?:(?P<ord>first|second|third|fourth)[\s-]+)?"
            r"(?P<unit>quarter|period)(?![\w-])(?!\s+of\b)"
        ),
        handle_period_reference,
        3,
        triggers=("quarter", "period"),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:(?P<qty>(?:a|one)\s+year)\s+(?P<dir>ago|earlier)|year-(?:ago|earlier))(?![\w-])"
        ),
        handle_year_ago,
        3,
        triggers=("year",),
    ),
    Rule(
        _compile(WORD_START + r"(?:fiscal(?:\s+year)?\s*|fy\s*'?)(?P<fy>\d{4}|\d{2})" + WORD_END),
        handle_fiscal_year,
        1,
        triggers=("fiscal", "fy"),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:(?P<rel>this|last|next|past|coming)\s+)?(?P<season>"
            + _SEASON
            + ")"
            + WORD_END
            + r"(?:\s+(?:of\s+)?(?:(?P<year>\d{4})"
            + WORD_END
            + "|"
            + SPELLED_YEAR
            + r"))?"
        ),
        handle_season,
        1,
        triggers=tuple(SEASONS),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:(?:earlier|later)\s+)?(?:the\s+)?(?P<w>"
            + _RELATIVE_DAY
            + ")"
            + WORD_END
        ),
        handle_day_word,
        2,
        triggers=tuple(word for word in RELATIVE_DAYS if " " not in word),
    ),
    Rule(
        _compile(
            WORD_START + r"(?P<rel>this|yesterday|tomorrow|last|tonight)\s+"
            r"(?P<pod>" + _PART_OF_DAY + ")" + WORD_END
        ),
        handle_day_part_of_day,
        2,
        triggers=tuple(PARTS_OF_DAY),
    ),
    Rule(
        _compile(WORD_START + r"(?P<pod>" + _PART_OF_DAY + ")" + WORD_END),
        handle_part_of_day,
        0,
        triggers=tuple(PARTS_OF_DAY),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:(?P<rel>last|next|this|past|coming|previous)\s+)?(?P<wd>"
            + WEEKDAY_FULL
            + r"|(?:"
            + WEEKDAY_ABBR
            + r")\.?)"
            + WORD_END
        ),
        handle_weekday,
        1,
        triggers=("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    ),
    Rule(
        _compile(WORD_START + r"(?<=on\s)(?P<wd>" + WEEKDAY_FULL + r")s" + WORD_END),
        handle_plural_weekday,
        1,
        triggers=("days",),
    ),
    Rule(
        _compile(
            WORD_START + r"(?P<wd>" + WEEKDAY_FULL + r"|(?:" + WEEKDAY_ABBR + r")\.)\s+(?:of\s+)?"
            r"(?P<rel>this|last|next)\s+week" + WORD_END
        ),
        handle_weekday_of_week,
        2,
        triggers=("week",),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:(?P<edge>earlier|later)\s+)?(?P<rel>this|last|next|previous|following|coming"
            r"|upcoming|current|past"
            r"|the\s+(?:current|previous|following|coming|upcoming|past|last))"
            # "the current fiscal year": the year, as TBAQ dev values it (1 of 1)
            r"\s+(?:fiscal\s+(?=year))?"
            r"(?P<unit>week[\s-]?end|week|month|year|yr|quarter|qtr|decade|century)" + WORD_END
        ),
        handle_calendar_unit,
        2,
        triggers=("week", "month", "year", "yr", "quarter", "qtr", "decade", "century"),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:(?:earlier|later)\s+(?:in\s+the|that)\s+year|(?:that|the\s+same)\s+year"
            r"|the\s+(?:full|entire|whole)\s+year|(?<=for\s)the\s+year(?=\s*[,.;]))(?![\w-])"
        ),
        handle_anaphoric_year,
        2,
        triggers=("year",),
    ),
    Rule(
        _compile(WORD_START + r"the\s+(?P<unit>year|month|week)" + WORD_END),
        handle_the_unit,
        0,
        triggers=("the",),
    ),
    Rule(
        _compile(WORD_START + r"the\s+week[\s-]?end" + WORD_END),
        handle_the_weekend,
        1,
        triggers=("end",),
    ),
    Rule(
        # "during the day": part of some day, not a date (TBAQ dev 1 untagged, none tagged;
        # "in the day" is split: TBAQ dev 1 untagged, MEANTIME 1 tagged, so it stays).
        _compile(WORD_START + r"(?<!during\s)(?:the|that)\s+(?:same\s+)?day" + WORD_END),
        handle_the_day,
        0,
        triggers=("day",),
    ),
    Rule(
        _compile(
            WORD_START + r"the\s+(?P<unit>year|month|week)\s+(?:before|previous|earlier)" + WORD_END
        ),
        handle_unit_before,
        2,
        triggers=("before", "previous", "earlier"),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?P<mon>"
            + MONTH
            + r")\s+(?:of\s+)?(?P<rel>next|last|this)\s+year"
            + WORD_END
        ),
        handle_month_of_year,
        2,
        triggers=("year",),
    ),
    Rule(
        _compile(  # "24 MAY THIS YEAR": the day, not only the month
            rf"{WORD_START}(?:the\s+)?{DAY}(?:\s+of)?\s+(?P<mon>{MONTH})"
            rf"\s+(?:of\s+)?(?P<rel>next|last|this)\s+year{WORD_END}"
        ),
        handle_day_month_of_year,
        3,
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:(?P<pre>in|after)\s+)?(?P<qty>"
            + QUANTITIES
            + r")(?:(?:'s|s')?\s+time)?\s+"
            r"(?P<dir>ago|earlier|before|later|after|hence|from\s+now|from\s+today|back)" + WORD_END
        ),
        handle_offset,
        2,
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?P<pre>in|after)\s+(?P<qty>"
            + QUANTITIES
            + r")(?:(?:'s|s')?\s+time)?"
            + WORD_END
        ),
        handle_offset,
        1,
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:the\s+)?"
            + _SPAN_DIRECTION
            + r"\s+(?P<qty>"
            + QUANTITIES
            + r")"
            + WORD_END
        ),
        handle_span,
        2,
        triggers=("past", "last", "next", "coming", "previous", "following"),
    ),
    Rule(
        _compile(
            WORD_START + r"the\s+(?P<dir>past|next|coming|(?:following|previous)(?=\s+day)"
            r"|last(?=\s+[a-z]+\s+and\s+a\s+half))\s+(?P<unit>week|month|year|decade|century|day"
            r"|fortnight)(?P<and_half>\s+and\s+a\s+half)?" + WORD_END
        ),
        handle_past_unit,
        2,
        triggers=("past", "next", "coming", "half", "following", "previous"),
    ),
    Rule(
        _compile(WORD_START + r"(?P<qty>" + QUANTITIES + r")(?:-(?:long|old))?" + WORD_END),
        handle_duration,
        1,
    ),
    Rule(
        _compile(
            WORD_START + r"the\s+(?:(?:fiscal|financial)\s+year(?!\s*'?\d)"
            r"|(?:calendar\s+)?year(?=\s+(?:that\s+)?(?:ended|ending|ends)\b))" + WORD_END
        ),
        handle_reporting_year,
        3,
        triggers=("year",),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:half\s+an?\s+(?P<unit>"
            + UNIT
            + r")|an?\s+(?P<unit2>"
            + UNIT
            + r")\s+(?P<and_half>and\s+a\s+half))"
        ),
        handle_half_unit,
        2,
        triggers=("half",),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:the\s+)?(?P<unit>centuries|decades|years|months|weeks|days|hours|minutes)"
            r"(?:-long)?" + WORD_END
        ),
        handle_vague_plural,
        0,
        triggers=("centuries", "decades", "years", "months", "weeks", "days", "hours", "minutes"),
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:(?P<present>right\s+now|just\s+now|now|currently|at\s+present|presently"
            r"|at\s+the\s+moment|nowadays|these\s+days|(?<!up\s)to\s+date|till\s+date"
            r"|(?<=for\s)the\s+time\s+being|(?<=at\s)this\s+(?:[a-z]+\s+)?moment)"
            r"|(?P<past>(?:more\s+|most\s+|until\s+|only\s+)?recently|lately|of\s+late"
            r"|recent\s+(?:days|weeks|months|years|decades)|the\s+past|back\s+then"
            r"|(?<=in\s)past\s+(?:weeks|months|years|decades)"
            r"|(?<=at\s)the\s+time(?!\s+(?:of|when|that|being)\b))"
            r"|(?P<future>(?:very\s+)?soon|the\s+(?:near\s+)?future|the\s+coming\s+(?:days|weeks"
            r"|months|years)|the\s+(?:near|long|short)\s+term))" + WORD_END
        ),
        handle_reference_word,
        1,
    ),
    Rule(
        _compile(WORD_START + r"(?P<w>" + "|".join(FREQUENCY_WORDS) + ")" + WORD_END),
        handle_frequency_word,
        1,
        triggers=_FREQUENCY_TRIGGERS,
    ),
    Rule(
        _compile(
            WORD_START
            + r"(?:every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<num>"
            + COUNT
            + r")\s+)?"
            r"(?:(?P<unit>" + UNIT + r")|(?P<wd>" + WEEKDAY_FULL + r")s?" + WORD_END + r")"
        ),
        handle_every,
        2,
        triggers=("every", "each", "per"),
    ),
    Rule(
        _compile(WORD_START + r"(?:every|each)\s+(?P<mon>" + MONTH + r")" + WORD_END),
        handle_every_month,
        2,
        triggers=("every", "each"),
    ),
    Rule(
        _compile(
            r"(?:" + WORD_START + r"(?P<times>once|twice|thrice|(?:" + COUNT + r")\s+times)\s+)?"
            r"(?<=\s)an?\s+(?P<unit>year|month|week|day|hour)" + WORD_END
        ),
        handle_rate,
        2,
        triggers=("year", "month", "week", "day", "hour"),
    ),
    Rule(
        _compile(
            r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d:])"
            r"(?:\s*(?P<ap>[ap]\.?\s?m\b\.?))?(?:\s*(?P<tz>" + ZONE + r"))?"
        ),
        handle_clock,
        2,
        triggers=(":",),
    ),
    Rule(
        _compile(
            r"(?<![\d:.])(?P<h>1[0-2]|0?[1-9])(?:[.:](?P<m>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\b\.?)"
            r"(?:\s*(?P<tz>" + ZONE + r"))?"
        ),
        handle_clock,
        2,
    ),
    Rule(
        _compile(
            r"(?<![\w:.])(?P<hm>(?:[01]\d|2[0-3])[0-5]\d)\s*(?P<tz>"
            + ZONE
            + r"|hours|hrs"
            + WORD_END
            + r")"
        ),
        handle_clock,
        3,
    ),
    Rule(_compile(r"(?<=\bat\s)(?P<hm>(?:[01]\d|2[0-3])[0-5]\d)(?![\w:.]|,\d)"), handle_clock, 3),
    Rule(
        _compile(WORD_START + r"(?P<word>noon|midday|midnight)" + WORD_END),
        handle_clock,
        1,
        triggers=("noon", "midday", "midnight"),
    ),
    Rule(
        _compile(
            WORD_START + r"(?:(?P<rel>last|next|this)\s+)?(?P<h>new\s+year'?s\s+(?:day|eve)"
            r"|christmas\s+(?:eve|day)|christmas|xmas|boxing\s+day|valentine'?s?\s+day|halloween"
            r"|easter\s+(?:sunday|monday|mon)|easter|good\s+friday|thanksgiving(?:\s+day)?"
            r"|black\s+friday|cyber\s+monday)"
            + WORD_END
            + r"(?:\s+(?:of\s+)?(?P<year>\d{4})"
            + WORD_END
            + r")?"
        ),
        handle_holiday,
        2,
        triggers=_HOLIDAY_TRIGGERS,
    ),
)
