"""Rule handlers for the bare day of a range of days ("11-13 December", "December 11 and 12",
"February 14-15, 1990") and the second year of a range of years ("1997-98", "1997/98").

TimeML tags each day of such a range as its own DATE ("April 24 and 25": "April 24" and "25";
TimeML 1.2.1 guidelines, ranges are two TIMEX3s), the bare day taking its partner's month and
year. The day rules only see the day written next to the month; these handlers tag the other one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from transforms.dates.anchoring import (
    Resolver,
    absolute_date,
    future_cue,
    yearless_date,
)
from transforms.dates.matching import MatchContext, month_number, month_ok
from transforms.dates.pattern_parts import MONTH
from transforms.dates.values import valid_date, year_value

RANGE_JOIN = r"\s*(?:-|\u2013|to|and|through|or)\s*"
RANGE_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"

# "December 11 and" before the second day of a range.
_MONTH_DAY_BEFORE_RE = re.compile(
    r"(?<![a-z])(?P<mon>" + MONTH + r")\s+(?P<day>" + RANGE_DAY + ")" + RANGE_JOIN + "$",
    re.IGNORECASE,
)
# A lower-case word other than these after the second number makes it a count ("May 5 and 10
# people were hurt"), as does a percent sign.
_COUNT_AFTER_RE = re.compile(
    r"\s*%|\s+(?!(?:and|or|in|on|at|the|to|as|was|were|will|when|this|that)\b)[a-z]"
)


def _resolver(
    month: int, day: int, year_text: str | None, context: MatchContext, start: int, end: int
) -> Resolver | None:
    if valid_date(2000, month, day) is None:
        return None
    if year_text and len(year_text) == 4:
        year = int(year_text)
        return absolute_date(year, month, day) if valid_date(year, month, day) else None
    return yearless_date(month, day, None, future_cue(context.text, start, end))


def handle_range_first_day(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """The first day of '11-13 December', 'from 5 to 6 April 2016' (month and year read ahead)."""
    first, last = int(match["day"]), int(match["day2"])
    year_text = match["year"]
    if last <= first or not month_ok(context, match["mon"], has_year=bool(year_text)):
        return None
    end = match.end("year") if year_text else match.end("mon")
    return _resolver(month_number(match["mon"]), first, year_text, context, match.start(), end)


def handle_range_second_day(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """The second day of 'December 11 and 12', 'February 14-15, 1990' (month read behind)."""
    text = context.text
    before = _MONTH_DAY_BEFORE_RE.search(text, max(0, match.start() - 30), match.start())
    if before is None or not month_ok(context, before["mon"], has_year=bool(match["year"])):
        return None
    first, last = int(re.match(r"\d+", before["day"]).group()), int(match["day"])
    if last <= first:
        return None
    if not match["year"] and _COUNT_AFTER_RE.match(text, match.end()):
        return None  # "May 5 and 10 people": a count, not a day
    return _resolver(
        month_number(before["mon"]), last, match["year"], context, before.start(), match.end()
    )


def range_year_after(text: str, end: int, day: int) -> str | None:
    """The year written after the second day of a range ("February 14-15, 1990" gives "1990"
    to "February 14"), None when no greater day and year follow ``end``."""
    after = _RANGE_YEAR_AFTER_RE.match(text, end)
    if after is None or int(after["day2"]) <= day:
        return None
    return after["year"]


_RANGE_YEAR_AFTER_RE = re.compile(
    RANGE_JOIN + r"(?P<day2>(?:3[01]|[12]\d|0?[1-9]))(?:st|nd|rd|th)?\s*,?\s*(?P<year>\d{4})\b",
    re.IGNORECASE,
)


# Ranges of years: "1997-98", "1990-91", "1997/98", "1997/1998", "1999-00". TimeML tags each
# year of a range as its own DATE (issue 17: a dash range of years is two dates, never a clock
# time; TBAQ dev "between 1994 and 1997" 1 of 1, MEANTIME "from 2009 to 2011" 2 of 2 tag both
# years): the first year as written, the second completed from the first's century ("98" after
# "1997" is 1998, "00" after "1999" is 2000). The second year must follow the first by 1 to
# ``_MAX_RANGE_YEARS`` years: otherwise "1998-03" is more likely a year and month, and "1997/12"
# a code.
YEAR_RANGE_JOIN = r"[-\u2013/]"
_MAX_RANGE_YEARS = 20
_FIRST_YEAR_BEFORE_RE = re.compile(r"(?<![\w$€£¥#.,/'-])(?P<year>\d{4})" + YEAR_RANGE_JOIN + "$")


def range_second_year(first: int, written: str) -> int | None:
    """The year ``written`` ("98", "1998") names after ``first`` in a range, None when it is not
    a later year within ``_MAX_RANGE_YEARS``."""
    if not 1000 <= first <= 2099:
        return None
    if len(written) == 4:
        second = int(written)
    else:
        second = first - first % 100 + int(written)
        if second <= first:
            second += 100
    return second if 0 < second - first <= _MAX_RANGE_YEARS else None


def _year(year: int) -> Resolver | None:
    value = year_value(year)
    if value is None:
        return None
    value = replace(value, explicit_year=year)
    return lambda _: value


def handle_range_first_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """The first year of '1997/98', '1997/1998' (the year rule leaves a year before a slash)."""
    first = int(match["year"])
    if range_second_year(first, match["year2"]) is None:
        return None
    return _year(first)


def handle_range_second_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """The second year of '1997-98', '1990-91', '1997/98', '1997/1998'."""
    before = _FIRST_YEAR_BEFORE_RE.search(context.text, max(0, match.start() - 6), match.start())
    if before is None:
        return None
    second = range_second_year(int(before["year"]), match["yy"])
    return None if second is None else _year(second)
