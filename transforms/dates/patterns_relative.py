"""Rules for expressions read against a reference time: relative days, parts of day, weekdays,
calendar units, offsets, durations, sets, references and clock times (part of the rule table,
see ``patterns``).
"""

from __future__ import annotations

from transforms.dates.handlers_anaphora import (
    handle_adjacent_part_of_day,
    handle_day_after,
    handle_part_of_day_after_preposition,
    handle_that_period,
    handle_that_time,
    handle_units_ahead,
)
from transforms.dates.handlers_calendar import (
    handle_every_month,
    handle_holiday,
    handle_month_of_year,
)
from transforms.dates.handlers_clock import handle_clock
from transforms.dates.handlers_durations import (
    handle_duration,
    handle_every,
    handle_frequency_word,
    handle_half_unit,
    handle_nights,
    handle_past_unit,
    handle_plural_weekday,
    handle_qualified_quantity,
    handle_rate,
    handle_reporting_year,
    handle_span,
    handle_units_per_unit,
    handle_vague_plural,
)
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
    QUANTITIES,
    UNIT,
    WEEKDAY_ABBR,
    WEEKDAY_FULL,
    WORD_END,
    WORD_START,
)
from transforms.dates.rule_parts import (
    FREQUENCY_TRIGGERS,
    HOLIDAY_TRIGGERS,
    PART_OF_DAY_ALTERNATIVES,
    RELATIVE_DAY_ALTERNATIVES,
    SEASON_ALTERNATIVES,
    SPAN_DIRECTION,
    compile_rule,
)
from transforms.dates.zones import ZONE
from transforms.vocabulary.calendar_words import (
    FREQUENCY_WORDS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
)

RELATIVE_RULES: tuple[Rule, ...] = (
    Rule(
        compile_rule(
            WORD_START
            + r"(?:(?:earlier|later)\s+)?(?:the\s+)?(?P<w>"
            + RELATIVE_DAY_ALTERNATIVES
            + ")"
            + WORD_END
        ),
        handle_day_word,
        2,
        triggers=tuple(word for word in RELATIVE_DAYS if " " not in word),
    ),
    Rule(
        compile_rule(
            WORD_START + r"(?P<rel>this|yesterday|tomorrow|last|tonight)\s+"
            r"(?P<pod>" + PART_OF_DAY_ALTERNATIVES + ")" + WORD_END
        ),
        handle_day_part_of_day,
        2,
        triggers=tuple(PARTS_OF_DAY),
    ),
    Rule(
        compile_rule(WORD_START + r"(?P<pod>" + PART_OF_DAY_ALTERNATIVES + ")" + WORD_END),
        handle_part_of_day,
        0,
        triggers=tuple(PARTS_OF_DAY),
    ),
    Rule(
        compile_rule(
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
        compile_rule(WORD_START + r"(?<=on\s)(?P<wd>" + WEEKDAY_FULL + r")s" + WORD_END),
        handle_plural_weekday,
        1,
        triggers=("days",),
    ),
    Rule(
        compile_rule(
            WORD_START + r"(?P<wd>" + WEEKDAY_FULL + r"|(?:" + WEEKDAY_ABBR + r")\.)\s+(?:of\s+)?"
            r"(?P<rel>this|last|next)\s+week" + WORD_END
        ),
        handle_weekday_of_week,
        2,
        triggers=("week",),
    ),
    Rule(
        compile_rule(
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
        compile_rule(
            WORD_START
            + r"(?:(?:earlier|later)\s+(?:in\s+the|that)\s+year|(?:that|the\s+same)\s+year"
            r"|the\s+(?:full|entire|whole)\s+year|(?<=for\s)the\s+year(?=\s*[,.;]))(?![\w-])"
        ),
        handle_anaphoric_year,
        2,
        triggers=("year",),
    ),
    Rule(
        compile_rule(
            WORD_START
            + r"(?:(?:earlier|later)\s+)?(?P<det>that(?:\s+same)?|the\s+same)\s+(?:(?P<unit>week"
            r"|month|week[\s-]?end|" + SEASON_ALTERNATIVES + r")(?P<end>'s\s+(?:end|close))?"
            r"|(?P<pod>" + PART_OF_DAY_ALTERNATIVES + r"))"
            # "the same month a year ago" is one expression of the other rules
            r"(?![\w-]|\s+(?:a|one|last|the\s+previous)\s+year)"
        ),
        handle_that_period,
        2,
        triggers=("that", "same"),
    ),
    Rule(
        compile_rule(
            WORD_START + r"the\s+(?:(?P<dir>next|following|previous|preceding|prior)\s+"
            r"(?P<pod>"
            + PART_OF_DAY_ALTERNATIVES
            + r")|(?P<pod2>"
            + PART_OF_DAY_ALTERNATIVES
            + r")\s+(?P<dir2>before|after))"
            + WORD_END
        ),
        handle_adjacent_part_of_day,
        2,
        triggers=tuple(PARTS_OF_DAY),
    ),
    Rule(
        compile_rule(
            WORD_START + r"the\s+(?P<unit>day|week|month|year)\s+(?P<dir>after|later|before"
            r"|earlier|prior)" + WORD_END
        ),
        handle_day_after,
        1,
        triggers=("after", "later", "before", "earlier", "prior"),
    ),
    Rule(
        compile_rule(
            WORD_START + r"(?:(?:(?<=\bin\s)|(?<=\bduring\s)|(?<=\bthrough\s)|(?<=\bthroughout\s))"
            r"the\s+(?:(?P<pos>early|late)\s+)?(?P<pod>"
            + PART_OF_DAY_ALTERNATIVES
            + r")"
            + WORD_END
            + r"|(?:(?<=\bby\s)|(?<=\buntil\s)|(?<=\btill\s))(?:the\s+)?(?:(?P<pos2>early|late)"
            r"\s+)?(?P<pod2>"
            + PART_OF_DAY_ALTERNATIVES
            + r")"
            + WORD_END
            + r"|(?<=\bin\s)(?:(?P<pos3>early|late)\s+)?(?P<pod3>"
            + PART_OF_DAY_ALTERNATIVES
            + r")(?=\s+trad(?:e|es|ing)\b))"
        ),
        handle_part_of_day_after_preposition,
        1,
        triggers=tuple(PARTS_OF_DAY),
    ),
    Rule(
        compile_rule(
            WORD_START + r"(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bsince\s))that\s+time"
            r"(?!\s+(?:of|when|that|being)\b)" + WORD_END
        ),
        handle_that_time,
        1,
        triggers=("that time",),
    ),
    Rule(
        compile_rule(
            WORD_START + r"(?:the\s+)?(?P<unit>days|weeks|months|years|decades)\s+(?:ahead"
            r"(?!\s+of\b)|to\s+come)" + WORD_END
        ),
        handle_units_ahead,
        2,
        triggers=("ahead", "to come"),
    ),
    Rule(
        compile_rule(WORD_START + r"the\s+(?P<unit>year|month|week)" + WORD_END),
        handle_the_unit,
        0,
        triggers=("the",),
    ),
    Rule(
        compile_rule(WORD_START + r"the\s+week[\s-]?end" + WORD_END),
        handle_the_weekend,
        1,
        triggers=("end",),
    ),
    Rule(
        # "during the day": part of some day, not a date (TBAQ dev 1 untagged, none tagged;
        # "in the day" is split: TBAQ dev 1 untagged, MEANTIME 1 tagged, so it stays).
        compile_rule(WORD_START + r"(?<!during\s)(?:the|that)\s+(?:same\s+)?day" + WORD_END),
        handle_the_day,
        0,
        triggers=("day",),
    ),
    Rule(
        compile_rule(
            WORD_START + r"the\s+(?P<unit>year|month|week)\s+(?:before|previous|earlier)" + WORD_END
        ),
        handle_unit_before,
        2,
        triggers=("before", "previous", "earlier"),
    ),
    Rule(
        compile_rule(
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
        compile_rule(  # "24 MAY THIS YEAR": the day, not only the month
            rf"{WORD_START}(?:the\s+)?{DAY}(?:\s+of)?\s+(?P<mon>{MONTH})"
            rf"\s+(?:of\s+)?(?P<rel>next|last|this)\s+year{WORD_END}"
        ),
        handle_day_month_of_year,
        3,
    ),
    Rule(
        compile_rule(
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
        compile_rule(
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
        compile_rule(
            WORD_START
            + r"(?:the\s+)?"
            + SPAN_DIRECTION
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
        compile_rule(
            WORD_START + r"the\s+(?P<dir>past|next|coming|(?:following|previous)(?=\s+day)"
            r"|last(?=\s+[a-z]+\s+and\s+a\s+half))\s+(?P<unit>week|month|year|decade|century|day"
            r"|fortnight)(?P<and_half>\s+and\s+a\s+half)?" + WORD_END
        ),
        handle_past_unit,
        2,
        triggers=("past", "next", "coming", "half", "following", "previous"),
    ),
    Rule(
        compile_rule(
            WORD_START
            + r"(?P<num>"
            + COUNT
            + r")\s+(?:(?:more|straight|consecutive|sleepless|long)\s+)?(?P<unit>nights?)"
            + WORD_END
        ),
        handle_nights,
        2,
        triggers=("night",),
    ),
    Rule(
        compile_rule(
            WORD_START + r"(?P<num>" + COUNT + r")\s+(?:short|brief)\s+(?P<unit>" + UNIT + r")"
        ),
        handle_qualified_quantity,
        2,
        triggers=("short", "brief"),
    ),
    Rule(
        compile_rule(WORD_START + r"(?P<qty>" + QUANTITIES + r")(?:-(?:long|old))?" + WORD_END),
        handle_duration,
        1,
    ),
    Rule(
        compile_rule(
            WORD_START + r"the\s+(?:(?:fiscal|financial)\s+year(?!\s*'?\d)"
            r"|(?:calendar\s+)?year(?=\s+(?:that\s+)?(?:ended|ending|ends)\b))" + WORD_END
        ),
        handle_reporting_year,
        3,
        triggers=("year",),
    ),
    Rule(
        compile_rule(
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
        compile_rule(
            WORD_START
            + r"(?:the\s+)?(?P<unit>centuries|decades|years|months|weeks|days|hours|minutes)"
            r"(?:-long)?" + WORD_END
        ),
        handle_vague_plural,
        0,
        triggers=("centuries", "decades", "years", "months", "weeks", "days", "hours", "minutes"),
    ),
    Rule(
        compile_rule(
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
        compile_rule(WORD_START + r"(?P<w>" + "|".join(FREQUENCY_WORDS) + ")" + WORD_END),
        handle_frequency_word,
        1,
        triggers=FREQUENCY_TRIGGERS,
    ),
    Rule(
        compile_rule(
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
        compile_rule(
            WORD_START
            + r"(?P<num>"
            + COUNT
            + r")\s+(?P<unit>"
            + UNIT
            + r")\s+(?:a|an|per|each|every)\s+(?P<per>"
            + UNIT
            + r")"
            + WORD_END
        ),
        handle_units_per_unit,
        3,
        triggers=(" a ", " per ", " each ", " every ", " an "),
    ),
    Rule(
        compile_rule(WORD_START + r"(?:every|each)\s+(?P<mon>" + MONTH + r")" + WORD_END),
        handle_every_month,
        2,
        triggers=("every", "each"),
    ),
    Rule(
        compile_rule(
            r"(?:" + WORD_START + r"(?P<times>once|twice|thrice|(?:" + COUNT + r")\s+times)\s+)?"
            r"(?<=\s)an?\s+(?P<unit>year|month|week|day|hour)" + WORD_END
        ),
        handle_rate,
        2,
        triggers=("year", "month", "week", "day", "hour"),
    ),
    Rule(
        compile_rule(
            r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d:])"
            r"(?:\s*(?P<ap>[ap]\.?\s?m\b\.?))?(?:\s*(?P<tz>" + ZONE + r"))?"
        ),
        handle_clock,
        2,
        triggers=(":",),
    ),
    Rule(
        compile_rule(
            r"(?<![\d:.])(?P<h>1[0-2]|0?[1-9])(?:[.:](?P<m>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\b\.?)"
            r"(?:\s*(?P<tz>" + ZONE + r"))?"
        ),
        handle_clock,
        2,
    ),
    Rule(
        compile_rule(
            r"(?<![\w:.])(?P<hm>(?:[01]\d|2[0-3])[0-5]\d)\s*(?P<tz>"
            + ZONE
            + r"|hours|hrs"
            + WORD_END
            + r")"
        ),
        handle_clock,
        3,
    ),
    Rule(
        compile_rule(r"(?<=\bat\s)(?P<hm>(?:[01]\d|2[0-3])[0-5]\d)(?![\w:.]|,\d)"), handle_clock, 3
    ),
    Rule(
        compile_rule(WORD_START + r"(?P<word>noon|midday|midnight)" + WORD_END),
        handle_clock,
        1,
        triggers=("noon", "midday", "midnight"),
    ),
    Rule(
        compile_rule(
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
        triggers=HOLIDAY_TRIGGERS,
    ),
)
