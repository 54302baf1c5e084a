"""Rules for calendar expressions: written dates, months, years, decades, centuries, quarters,
reporting periods, fiscal years and seasons (part of the rule table, see ``patterns``).
"""

from __future__ import annotations

from transforms.dates.handlers_calendar import (
    CLOCK_BEFORE_GMT,
    SPELLED_YEAR,
    handle_apostrophe_year,
    handle_century,
    handle_day_month,
    handle_decade,
    handle_iso_date,
    handle_month,
    handle_month_year,
    handle_numeric_date,
    handle_season,
    handle_spelled_year,
    handle_year,
    handle_year_month_day,
)
from transforms.dates.handlers_clock import handle_clock
from transforms.dates.handlers_day_ranges import (
    RANGE_DAY,
    RANGE_JOIN,
    YEAR_RANGE_JOIN,
    handle_range_first_day,
    handle_range_first_year,
    handle_range_second_day,
    handle_range_second_year,
)
from transforms.dates.handlers_periods import (
    ERA_PARTS,
    handle_first_units_of,
    handle_fiscal_year,
    handle_month_quarter,
    handle_part_of_era,
    handle_period_reference,
    handle_quarter,
    handle_quarter_code,
    handle_week_of_period,
    handle_year_ago,
)
from transforms.dates.matching import Rule
from transforms.dates.pattern_parts import (
    DAY,
    MONTH,
    ORDINAL_DAY_WORD,
    WEEKDAY_PREFIX,
    WORD_END,
    WORD_START,
    YEAR4,
)
from transforms.dates.rule_parts import (
    SEASON_ALTERNATIVES,
    compile_rule,
)
from transforms.vocabulary.calendar_words import (
    DECADE_WORDS,
    SEASONS,
)

CALENDAR_RULES: tuple[Rule, ...] = (
    Rule(
        compile_rule(
            WORD_START
            + r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[t ](?P<hh>\d{2}):(?P<mi>\d{2})"
            r"(?::(?P<ss>\d{2})(?:\.\d+)?)?(?P<tz>z|[+-]\d{2}:?\d{2})?)?(?![\w-])"
        ),
        handle_iso_date,
        3,
    ),
    Rule(
        compile_rule(
            r"(?<![\w/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
            r"(?![\w/-]|\.\d)"
        ),
        handle_numeric_date,
        3,
    ),
    Rule(
        compile_rule(r"(?<![\w/.-])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\w/]|\.\d)"),
        handle_year_month_day,
        3,
        triggers=("/",),
    ),
    Rule(
        compile_rule(
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
        compile_rule(
            WORD_START
            + WEEKDAY_PREFIX
            + r"(?P<day>(?:3[01]|[12]\d|0?[1-9]))(?:st|nd|rd|th)?(?:\s+|[-/])"
            r"(?P<mon>" + MONTH + r")(?:\s+|[-/])(?P<year>\d{2})(?![\w:])"
        ),
        handle_day_month,
        2,
    ),
    Rule(
        compile_rule(
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
        # The first day of a range of days: "11-13 December", "from 5 to 6 April 2016".
        compile_rule(
            WORD_START
            + r"(?P<day>(?:3[01]|[12]\d|0?[1-9]))(?:st|nd|rd|th)?(?="
            + RANGE_JOIN
            + r"(?P<day2>(?:3[01]|[12]\d|0?[1-9]))(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>"
            + MONTH
            + r")(?:(?:\s*,\s*|\s+)"
            + YEAR4
            + r")?)"
        ),
        handle_range_first_day,
        2,
    ),
    Rule(
        # The second day of a range: "December 11 and 12", "February 14-15, 1990".
        compile_rule(
            r"(?:(?<=-)|(?<=\u2013)|(?<=-\s)|(?<=\band\s)|(?<=\bto\s)|(?<=\bor\s)"
            r"|(?<=\bthrough\s))(?P<day>"
            + RANGE_DAY
            + r")(?![\w:]|[.,]\d)(?:\s*,\s*"
            + YEAR4
            + r")?"
        ),
        handle_range_second_day,
        2,
    ),
    Rule(
        compile_rule(WORD_START + r"(?P<mon>" + MONTH + r")(?:\s+of)?\s*,?\s+" + YEAR4),
        handle_month_year,
        2,
    ),
    Rule(
        compile_rule(
            WORD_START + r"(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<mon>" + MONTH + r")"
            # "shot last Oct. 23": the day rule takes "Oct. 23" (TBAQ leaves "last" out).
            r"(?(rel)(?!\.?\s*\d))"
        ),
        handle_month,
        1,
    ),
    Rule(compile_rule(r"(?<![\w$€£¥#.,/'])(?P<year>\d{4})(?![\w%']|[.,/]\d)"), handle_year, 0),
    Rule(
        # The first year of "1997/98", "1997/1998" (a slash keeps the year rule off it).
        compile_rule(
            r"(?<![\w$€£¥#.,/'-])(?P<year>\d{4})(?=/(?P<year2>\d{4}|\d{2})(?![\w%/]|[.,:-]\d))"
        ),
        handle_range_first_year,
        0,
        triggers=("/",),
    ),
    Rule(
        # The second year of "1997-98", "1990-91", "1997/98", "1997/1998".
        compile_rule(
            r"(?:(?<=\d{4}-)|(?<=\d{4}\u2013)|(?<=\d{4}/))(?P<yy>\d{4}|\d{2})"
            r"(?![\w%/]|[.,:-]\d)"
        ),
        handle_range_second_year,
        0,
    ),
    Rule(
        # "the first week of March", "the last week of 1997", "the second week of the year".
        compile_rule(
            WORD_START + r"(?:the\s+)?(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th)"
            r"[\s-]+week\s+(?:of|in)\s+(?:(?P<mon>"
            + MONTH
            + r")(?:(?:\s*,\s*|\s+)"
            + YEAR4
            + r")?|(?P<y>\d{4})(?![\w%]|[.,]\d)|(?P<rel>the|this|last|next)\s+(?P<unit>year|month)"
            + WORD_END
            + ")"
        ),
        handle_week_of_period,
        2,
        triggers=("week",),
    ),
    Rule(
        # "the last days of 1997", "the first months of the year" (then the period on its own).
        compile_rule(
            WORD_START
            + r"the\s+(?:very\s+)?(?:first|last|final|closing|opening|early|waning|dying)\s+"
            r"(?P<unit>days|weeks|months|years|decades)(?=\s+of\s+(?:\d{4}(?!\d)|(?:the|this|last"
            r"|next)\s+(?:year|decade|century|month|week)\b|(?:" + MONTH + r")))"
        ),
        handle_first_units_of,
        1,
        triggers=("days", "weeks", "months", "years", "decades"),
    ),
    Rule(
        # "the end of the decade", "the turn of the century", "the second half of the 1980s",
        # "the century's end", "the early part of the year".
        compile_rule(
            WORD_START
            + r"(?:(?P<the>the)\s+)?(?:(?P<part>"
            + ERA_PARTS
            + r")\s+of\s+(?:(?P<det>the|this)\s+(?:(?P<unit>decade|century|year)"
            r"|(?P<cen>\d{2})(?:st|nd|rd|th)\s+century|(?P<dec>\d{3})0'?s)"
            r"|(?P<year>\d{4})(?![\w%']|[.,/-]\d))"
            r"|(?<=the\s)(?P<unit2>decade|century)'s\s+(?P<part2>" + ERA_PARTS + r"))" + WORD_END
        ),
        handle_part_of_era,
        2,
        triggers=("decade", "centur", "part", "half", "turn"),
    ),
    Rule(
        # Wire copy's local military time before its GMT equivalent: "AROUND 1100 [1500 GMT]",
        # "BETWEEN 1310 AND 1350 [1910 AND 1950 GMT]" (MUC-3 dev, issue 17 round 3).
        compile_rule(r"(?<![\w:.])(?P<hm>(?:[01]\d|2[0-3])[0-5]\d)" + CLOCK_BEFORE_GMT),
        handle_clock,
        3,
    ),
    Rule(
        compile_rule(r"(?<![\w'])'(?P<yy>\d{2})(?![\w'])"),
        handle_apostrophe_year,
        0,
        triggers=("'",),
    ),
    Rule(
        compile_rule(WORD_START + r"(?:(?P<the_year>the\s+year)\s+)?" + SPELLED_YEAR),
        handle_spelled_year,
        1,
        triggers=("nineteen", "eighteen", "twenty", "two thousand"),
    ),
    Rule(
        compile_rule(
            WORD_START + r"(?:(?P<the>the)\s+)?(?:(?P<century>1\d|20)(?P<tens>\d)0'?s"
            r"|(?P<apos>')?(?P<tens2>\d)0(?P<apos2>')?s"
            r"|(?<=the\s)(?P<word>" + "|".join(DECADE_WORDS) + "))" + WORD_END
        ),
        handle_decade,
        1,
        triggers=("0s", "0's", "ties"),
    ),
    Rule(
        compile_rule(
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
        compile_rule(
            WORD_START + r"(?:(?P<the>the)\s+)?(?:fiscal\s+)?"
            r"(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
            r"[\s-]+(?P<unit>quarter|qtr|half)"
            + WORD_END
            + r"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<year>\d{4})"
            r"|(?P<rel>this|last|next|the\s+current|the\s+previous|the\s+following|the)"
            r"\s+(?:(?:fiscal|financial)\s+)?year))?"
        ),
        handle_quarter,
        1,
        triggers=("quarter", "qtr", "half"),
    ),
    Rule(
        compile_rule(
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
        compile_rule(WORD_START + r"(?:the\s+)?(?P<mon>" + MONTH + r")[\s-]+quarter" + WORD_END),
        handle_month_quarter,
        2,
        triggers=("quarter",),
    ),
    Rule(
        compile_rule(
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
        compile_rule(
            WORD_START
            + r"(?:(?P<qty>(?:a|one)\s+year)\s+(?P<dir>ago|earlier)|year-(?:ago|earlier))(?![\w-])"
        ),
        handle_year_ago,
        3,
        triggers=("year",),
    ),
    Rule(
        compile_rule(
            WORD_START + r"(?:fiscal(?:\s+year)?\s*|fy\s*'?)(?P<fy>\d{4}|\d{2})" + WORD_END
        ),
        handle_fiscal_year,
        1,
        triggers=("fiscal", "fy"),
    ),
    Rule(
        compile_rule(
            WORD_START
            + r"(?:(?P<the>the)\s+)?(?:(?P<rel>this|last|next|past|coming)\s+)?(?P<season>"
            + SEASON_ALTERNATIVES
            + ")"
            + WORD_END
            + r"(?:\s+(?:of\s+)?(?:(?P<year>\d{4})(?:"
            + YEAR_RANGE_JOIN
            + r"(?P<year2>\d{4}|\d{2}))?"
            + WORD_END
            + "|"
            + SPELLED_YEAR
            + r"))?"
        ),
        handle_season,
        1,
        triggers=tuple(SEASONS),
    ),
)
