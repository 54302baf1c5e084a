"""Rule handlers for reporting periods referred to without a date: "the quarter", "the latest
period", "the year-ago quarter", "year-earlier", "the 1988 quarter", and "a year ago" when a
quarter is under discussion.

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

from dateutil.relativedelta import relativedelta

from schemas.temporal_expressions import GRANULARITY_QUARTER, GRANULARITY_YEAR, TIMEX_DATE
from transforms.dates.anchoring import ResolutionContext, Resolver
from transforms.dates.handlers_relative import handle_offset
from transforms.dates.matching import MatchContext
from transforms.dates.values import TemporalValue, quarter_value, unit_value, year_value

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
