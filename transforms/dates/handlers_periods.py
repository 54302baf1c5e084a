"""Rule handlers for reporting periods: quarters and halves ("the third quarter", "3Q 2019",
"the September quarter"), fiscal years, and periods referred to without a date: "the quarter",
"the latest period", "the year-ago quarter", "year-earlier", "the 1988 quarter", and "a year
ago" when a quarter is under discussion.

Earnings news names one quarter ("third-quarter profit") and then refers back to it and to the
same quarter a year before. TimeML resolves those references to that quarter (TBAQ dev, 1989
reports on the third quarter: "the quarter" 1989-Q3 in 13 of 14 uses, "the latest quarter" /
"the latest period" 1989-Q3, "the year-ago quarter", "the year-earlier period", bare
"year-ago" / "year-earlier" 1988-Q3 in 17 of 20 uses, "a year ago" / "a year earlier" 1988-Q3 in
16 of 17 uses after a quarter was named). The quarter under discussion is kept on the
``ResolutionContext`` (``topic_quarter``) by the quarter rules, which run in text order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from dateutil.relativedelta import relativedelta

from schemas.temporal_expressions import (
    GRANULARITY_QUARTER,
    GRANULARITY_YEAR,
    MOD_APPROX,
    MOD_END,
    MOD_MID,
    MOD_START,
    TIMEX_DATE,
)
from transforms.dates.anchoring import (
    ResolutionContext,
    Resolver,
    anchored,
    future_cue,
    text_year,
    yearless_month,
    yearless_quarter,
)
from transforms.dates.durations import vague_duration
from transforms.dates.handlers_relative import handle_offset
from transforms.dates.matching import (
    MatchContext,
    month_number,
    month_ok,
    normalized_words,
    sports_period,
)
from transforms.dates.values import (
    TemporalValue,
    century_value,
    decade_value,
    half_value,
    month_value,
    narrow,
    quarter_value,
    unit_value,
    week_value,
    year_value,
)

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# Words that make "the quarter" / "the period" the reporting period just closed.
_LATEST = ("latest", "most recent", "recent", "just ended", "just-ended")


def as_topic(resolve: Resolver) -> Resolver:
    """The resolver, recording the quarter it resolves to as the one under discussion."""

    def resolve_topic(resolution: ResolutionContext) -> TemporalValue | None:
        return resolution.note_quarter(resolve(resolution), topic=True)

    return resolve_topic


def _quarter_of(day: dt.date) -> TemporalValue | None:
    return unit_value(GRANULARITY_QUARTER, day)


def _number(value: TemporalValue) -> int:
    return int((value.value or "Q0")[-1])


def _year(value: TemporalValue) -> int:
    return int((value.value or "0")[:4])


def _closed_quarter(anchor: dt.date) -> TemporalValue | None:
    """The last quarter that ended before the anchor (what "the latest quarter" reports)."""
    return _quarter_of(anchor - relativedelta(months=3))


def _topic(resolution: ResolutionContext, anchor: dt.date) -> TemporalValue | None:
    """The quarter under discussion, else the last one that ended before the anchor."""
    return resolution.topic_quarter or _closed_quarter(anchor)


def _year_back(value: TemporalValue | None) -> TemporalValue | None:
    return None if value is None else quarter_value(_year(value) - 1, _number(value))


def handle_period_reference(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the quarter', 'that quarter', 'the latest period', 'the current quarter', 'the year-ago
    quarter', 'the comparable year-earlier period', 'the 1988 quarter', 'the 1988 second quarter',
    'the year-ago third quarter'."""
    unit = match["unit"]
    if unit == "Quarter" and match["det"] and match["det"].islower():
        return None  # "the French Quarter"
    ordinal = _ORDINALS.get((match["ord"] or "").lower())
    ago = match["ago"] is not None
    year_text = match["year"]
    latest = " ".join((match["latest"] or "").lower().split())
    if ordinal and not (ago or year_text):
        return None  # "the third quarter": the quarter rule
    if unit.lower() == "period" and not (ago or year_text or latest):
        return None  # "the period" alone is any stretch of time
    determiner = (match["det"] or "").lower()

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        anchor = resolution.anchor
        if year_text:
            year = int(year_text)
            if ordinal:
                return quarter_value(year, ordinal)
            if anchor is None or (unit.lower() == "period" and resolution.topic_quarter is None):
                return year_value(year)
            return quarter_value(year, _number(_topic(resolution, anchor)))
        if anchor is None:
            return TemporalValue(TIMEX_DATE, None, granularity=GRANULARITY_QUARTER)
        if ago:
            if ordinal:
                topic = resolution.topic_quarter
                year = (_year(topic) if topic else anchor.year) - 1
                return resolution.note_quarter(quarter_value(year, ordinal), topic=False)
            return resolution.note_quarter(_year_back(_topic(resolution, anchor)), topic=False)
        if latest == "current":
            return resolution.note_quarter(_quarter_of(anchor), topic=True)
        if latest:
            topic = resolution.topic_quarter
            closed = _closed_quarter(anchor)
            if topic is not None and closed is not None and topic.end_date <= closed.end_date:
                return resolution.note_quarter(topic, topic=True)
            return resolution.note_quarter(closed, topic=True)
        if determiner == "that" and resolution.last_quarter is not None:
            return resolution.last_quarter
        return resolution.note_quarter(_topic(resolution, anchor), topic=True)

    return resolve


def handle_year_ago(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'a year ago', 'a year earlier', 'year-ago' / 'year-earlier' (as in "year-earlier profit"):
    the quarter under discussion a year before; without one, the offset ('a year ago') or the
    year before the anchor (the adjective)."""
    offset = handle_offset(match, context) if match["qty"] else None
    if match["qty"] and offset is None:
        return None

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        topic = resolution.topic_quarter
        if topic is not None:
            return resolution.note_quarter(_year_back(topic), topic=False)
        if offset is not None:
            return offset(resolution)
        if resolution.anchor is None:
            return TemporalValue(TIMEX_DATE, None, granularity=GRANULARITY_YEAR)
        return year_value(resolution.anchor.year - 1)

    return resolve


_ORDINAL_QUARTERS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4,
}  # fmt: skip
# "of" after a quarter or half the rule did not take a year with: a part of something else.
_OF_AFTER_RE = re.compile(r"\s+of\b", re.IGNORECASE)
_YEAR_STEPS = {"last": -1, "previous": -1, "next": 1, "following": 1}


def handle_quarter(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the first quarter of 2009', 'third-quarter', 'the second half of last year'."""
    unit = match["unit"].lower().replace("qtr", "quarter")
    ordinal = match["ord"].lower()
    number = _ORDINAL_QUARTERS[ordinal]
    if unit == "half" and number > 2:
        number = 2 if ordinal in ("final", "last") else 0
    if number == 0:
        return None
    year_text = match["year"]
    relation = normalized_words(match["rel"] or "").replace("the ", "")
    make = half_value if unit == "half" else quarter_value
    if not year_text and not relation and sports_period(context, match.start(), match.end()):
        return None
    if not year_text and not relation and _OF_AFTER_RE.match(context.text, match.end()):
        return None  # "the second half of the game", "the first half of the century"
    future = future_cue(context.text, match.start(), match.end())

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if year_text:
            year = int(year_text)
            value = make(year, number)
            return None if value is None else replace(value, explicit_year=year)
        anchor = resolution.anchor
        if anchor is None:
            reference_year = resolution.reference_year
            return make(reference_year, number) if reference_year else None
        if relation:
            return make(anchor.year + _YEAR_STEPS.get(relation, 0), number)
        if ordinal == "last" and match["the"]:
            # "the last quarter" without a year is the quarter before the anchor's.
            return unit_value(GRANULARITY_QUARTER, anchor - relativedelta(months=3))
        if unit == "half":
            half_now = 1 if anchor.month <= 6 else 2
            year = anchor.year if number <= half_now or future else anchor.year - 1
            return make(year, number)
        return yearless_quarter(number, anchor, future)

    return as_topic(resolve)


def handle_quarter_code(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'Q3 2009', '2009-Q1', 'Q4' (year from the anchor)."""
    quarter = int(match["q"])
    year_text = match["year"] or match["year2"]
    future = future_cue(context.text, match.start(), match.end())

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if year_text:
            value = quarter_value(int(year_text), quarter)
            return None if value is None else replace(value, explicit_year=int(year_text))
        if resolution.anchor is None:
            reference_year = resolution.reference_year
            return quarter_value(reference_year, quarter) if reference_year else None
        return yearless_quarter(quarter, resolution.anchor, future)

    return as_topic(resolve)


def handle_month_quarter(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the September quarter', 'the June-quarter results': the three months ending with the
    month (Australian, Indian and company usage), a calendar quarter only when the month ends
    one; another month ("the October quarter") is left to the month rule."""
    month = month_number(match["mon"])
    if month % 3 or not month_ok(context, match["mon"]):
        return None
    future = future_cue(context.text, match.start(), match.end())
    return anchored(lambda anchor: yearless_quarter(month // 3, anchor, future))


def handle_fiscal_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'fiscal 2009' (value "2009"), 'FY2009', "FY'09" (value "FY2009")."""
    digits = match["fy"]
    # TimeBank writes the year a fiscal year is named after ("fiscal 1989" -> "1989", 3 of 3 on
    # TBAQ dev; MEANTIME has no "fiscal <year>"); the "FY" code keeps its TIMEX2-style value.
    spelled_out = match[0][:1].lower() == "f" and match[0][:2].lower() != "fy"

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        year = int(digits) if len(digits) == 4 else text_year(digits, resolution.anchor)
        if spelled_out:
            value = year_value(year)
            return None if value is None else replace(value, explicit_year=year)
        return TemporalValue(
            TIMEX_DATE, f"FY{year:04d}", granularity=GRANULARITY_YEAR, explicit_year=year
        )

    return resolve


# Parts of a decade, century or year named by a phrase ("the end of the decade", "the second
# half of the 1980s", "the century's end", "the early part of the year") -> the TIMEX3 mod of
# the whole period (TimeML 1.2.1: START, MID, END; "[the end of 1990]" is "1990" END on TBAQ dev
# 3 of 3 and MEANTIME 3 of 3, "the" kept in the extent). A half of a decade or century has no
# ISO value, so its half takes START or END. "The turn of" a century is the year at its
# boundary, APPROX.
_ERA_PART_MODS = {
    "end": MOD_END, "close": MOD_END, "start": MOD_START, "beginning": MOD_START,
    "dawn": MOD_START, "middle": MOD_MID, "first half": MOD_START, "second half": MOD_END,
    "latter half": MOD_END, "early part": MOD_START, "first part": MOD_START,
    "later part": MOD_END, "latter part": MOD_END, "last part": MOD_END, "turn": MOD_APPROX,
}  # fmt: skip
ERA_PARTS = "|".join(part.replace(" ", r"\s+") for part in _ERA_PART_MODS)
# The parts a year takes here: the others ("the end of the year", "the first half of 1997") have
# their own rules (modifiers, halves).
_YEAR_PARTS = frozenset({"early part", "first part", "later part", "latter part", "last part"})


def _era_of(unit: str, anchor: dt.date) -> TemporalValue | None:
    if unit == "decade":
        return decade_value(anchor.year // 10)
    if unit == "century":
        return century_value(anchor.year // 100)
    return year_value(anchor.year)


def _turn(unit: str, anchor: dt.date, future: bool | None) -> TemporalValue | None:
    """The year at the boundary of decades or centuries nearest the anchor (the past one when
    the clause is in the past, the coming one with a future cue)."""
    size = 10 if unit == "decade" else 100
    before = anchor.year - anchor.year % size
    after = before + size
    if future is None:
        year = before
    elif future:
        year = after
    else:
        year = after if after - anchor.year <= anchor.year - before else before
    value = year_value(year)
    return None if value is None else replace(value, mod=MOD_APPROX)


def handle_part_of_era(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the end of the decade', 'the turn of the century', 'the second half of the 1980s',
    "the century's end", 'the early part of the year', 'the latter part of 1997'."""
    part = normalized_words(match["part"] or match["part2"])
    mod = _ERA_PART_MODS[part]
    unit = (match["unit"] or match["unit2"] or "").lower()
    if match["cen"] or match["dec"]:
        unit = "century" if match["cen"] else "decade"
    elif match["year"]:
        unit = "year"
    if unit == "year" and part not in _YEAR_PARTS:
        return None
    if part == "turn" and (match["cen"] or match["dec"] or unit == "year"):
        return None
    future = future_cue(context.text, match.start(), match.end())
    explicit = match["year"] or match["cen"] or match["dec"]

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if match["year"]:
            value = year_value(int(match["year"]))
        elif match["cen"]:
            value = century_value(int(match["cen"]) - 1)
        elif match["dec"]:
            value = decade_value(int(match["dec"]))
        elif resolution.anchor is None:
            return None
        elif part == "turn":
            return _turn(unit, resolution.anchor, future)
        else:
            value = _era_of(unit, resolution.anchor)
        if value is None:
            return None
        return replace(value, mod=mod) if explicit or mod == MOD_APPROX else narrow(value, mod)

    return resolve


_WEEK_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                  "fourth": 4, "4th": 4, "last": -1, "final": -1}  # fmt: skip


def nth_week(period: TemporalValue, ordinal: int) -> TemporalValue | None:
    """The ``ordinal``-th ISO week of a month or year (-1: the last), as ISO numbers the weeks
    of a year: the first week is the one holding the period's 4th day (most of its days in the
    period), the last the one holding the 4th day from its end (MEANTIME "the last week of
    March" 2009: 2009-W13, 1 of 1)."""
    if period.start_date is None or period.end_date is None:
        return None
    if ordinal < 0:
        return week_value(period.end_date - dt.timedelta(days=3))
    return week_value(period.start_date + dt.timedelta(days=3 + 7 * (ordinal - 1)))


def handle_week_of_period(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the first week of March', 'the last week of 1997', 'the second week of the year', 'the
    final week of next month' (an ISO week, "1998-W10")."""
    ordinal = _WEEK_ORDINALS[match["ord"].lower()]
    month_text, year_text = match["mon"], match["year"] or match["y"]
    if month_text and not month_ok(context, month_text, has_year=bool(year_text)):
        return None
    relation = (match["rel"] or "").lower()
    unit = (match["unit"] or "").lower()
    future = future_cue(context.text, match.start(), match.end())

    def period(resolution: ResolutionContext) -> TemporalValue | None:
        anchor = resolution.anchor
        year = None
        if year_text:
            digits = year_text.lstrip("'")
            year = int(digits) if len(digits) == 4 else text_year(digits, anchor)
        if month_text:
            month = month_number(month_text)
            if year is not None:
                return month_value(year, month)
            return None if anchor is None else yearless_month(month, anchor, future)
        if year is not None:
            return year_value(year)
        if anchor is None:
            return None
        step = {"last": -1, "next": 1}.get(relation, 0)
        if unit == "month":
            return month_value(anchor.year + (anchor.month - 1 + step) // 12,
                               (anchor.month - 1 + step) % 12 + 1)  # fmt: skip
        return year_value(anchor.year + step)

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        whole = period(resolution)
        week = None if whole is None else nth_week(whole, ordinal)
        if week is None or (ordinal > 0 and whole.end_date and week.start_date > whole.end_date):
            return None
        return week

    return resolve


def handle_first_units_of(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the last days of 1997', 'the first months of the war': a DURATION of an unknown count
    (PXD, PXM), the period after "of" tagged on its own, as TimeML tags the counted form ("[the
    first nine months]" DURATION P9M on TBAQ dev, 4 of 4)."""
    value = vague_duration(match["unit"].lower().rstrip("s"))
    return lambda _: value
