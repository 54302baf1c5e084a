"""Rule handlers for anaphoric expressions, read against the narrative's reference time (TimeML
1.2.1: a relative expression resolves against the last time the text named, else the document
creation time): "that week", "later that month", "that summer", "that night", "the previous
night", "the day after", "at that time", parts of day on the reference day ("in the morning",
"by evening"), and the open future "the days ahead"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from schemas.temporal_expressions import (
    GRANULARITY_DAY,
    GRANULARITY_QUARTER,
    GRANULARITY_WEEK,
    MOD_END,
    MOD_START,
    TIMEX_DATE,
)
from transforms.dates.anchoring import ResolutionContext, Resolver
from transforms.dates.durations import unit_key, vague_duration
from transforms.dates.matching import MatchContext, normalized_words, word_before, word_set
from transforms.dates.values import (
    WEEKEND,
    TemporalValue,
    day_value,
    part_of_day_value,
    season_value,
    unit_value,
    year_value,
)
from transforms.vocabulary.calendar_words import PARTS_OF_DAY, SEASONS

# "that" after a verb of saying or knowing may open a clause ("said that night patrols would
# resume", "knew that week-long talks ..."): the phrase is a time only when punctuation follows.
_CLAUSE_VERBS = word_set(
    "said say says saying told tell tells announced announces reported reports added adds "
    "warned warns noted notes stated states claimed claims insisted insists argued argues "
    "believe believes believed think thinks thought know knows knew hoped hopes feared fears "
    "confirmed confirms denied denies admitted admits acknowledged suggested suggests showed "
    "shows found finds meant means felt feel feels realized realised learned learnt so such"
)
# A phrase that ends the sentence or clause is safe after such a verb ("he said that night.").
_PUNCTUATION_AFTER = re.compile(r"\s*(?:[,.;:!?)]|$)")
# A clause or complement after a part of day says which one it is ("the night the flight went
# down", "the morning of the attack"): not the reference day's (TBAQ dev 1 of 1 untagged).
_COMPLEMENT_AFTER = re.compile(
    r"\s+(?:of|on|when|that|which|before|after|he|she|it|they|we|i|you|the|a|an|his|her|their"
    r"|its|our|my|your|this|these|those)\b",
    re.IGNORECASE,
)


def clause_that(context: MatchContext, start: int, end: int) -> bool:
    """Whether a phrase opening with "that" may be a clause after a verb of saying."""
    if word_before(context, start) not in _CLAUSE_VERBS:
        return False
    return not _PUNCTUATION_AFTER.match(context.text, end)


def handle_that_period(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'that week', 'later that month', 'earlier that week', 'that summer', 'that weekend',
    'that month's end', 'that night', 'later that afternoon': the unit, season or part of day
    that contains the narrative's reference time (TimeML 1.2.1 anaphora; the determiner and
    "later"/"earlier" are part of the extent, as for "later that year", TBAQ dev 2 of 2).
    "earlier" gives mod START (as "earlier that year"); "'s end" mod END."""
    words = normalized_words(match[0])
    if "that" in words.split()[:2] and clause_that(context, match.start("det"), match.end()):
        return None
    mod = MOD_START if words.startswith("earlier") else None
    if match["end"]:
        mod = MOD_END
    pod = (match["pod"] or "").lower()
    if pod:
        code = PARTS_OF_DAY[pod]

        def resolve_pod(resolution: ResolutionContext) -> TemporalValue | None:
            # Like "that day": only after a day the paragraph named (see ``scan``).
            day = resolution.reference_day
            return None if day is None else replace(part_of_day_value(day, code), mod=mod)

        return resolve_pod
    unit = match["unit"].lower().replace("-", "").replace(" ", "")
    season = SEASONS.get(unit)

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        origin = resolution.reference_origin()
        if origin is None:
            granularity = GRANULARITY_QUARTER if season else GRANULARITY_WEEK
            if not season and unit != WEEKEND:
                granularity = unit
            return TemporalValue(TIMEX_DATE, None, granularity=granularity)
        value = season_value(origin.year, season) if season else unit_value(unit, origin)
        return None if value is None else replace(value, mod=mod)

    return resolve


# The morning or night next to the reference day: "the previous night", "the next morning", "the
# night before", "the morning after". TBAQ dev values the class as the DATE of that day, without
# the part-of-day code ("the next morning" DATE 2000-02-23, 1 of 1; MEANTIME has none), where a
# weekday with a part of day mostly keeps the code (7 of 10): the count for the class decides.
# "before"/"after" are kept only when nothing follows ("the night before the vote" names an
# event, not a date).
_ADJACENT_STEPS = {
    "next": 1, "following": 1, "after": 1, "later": 1,
    "previous": -1, "preceding": -1, "prior": -1, "before": -1, "earlier": -1,
}  # fmt: skip
_ELLIPTICAL = re.compile(r"\s*(?:[,.;:!?)\"']|$|\s(?:and|but|when|as|,)\b)", re.IGNORECASE)


def narrative_day(resolution: ResolutionContext) -> dt.date | None:
    """The day "the next morning" or "the day before" counts from: the reference day of the
    paragraph, else the last date the text named (a new paragraph often goes on with the story:
    "... last Tuesday's hearing. // He appeared in court the next morning"), else the anchor."""
    return resolution.reference_day or resolution.reference_start or resolution.anchor


def handle_adjacent_part_of_day(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the previous night', 'the next morning', 'the following evening', 'the night before'."""
    direction = (match["dir"] or match["dir2"]).lower()
    if match["dir2"] and not _ELLIPTICAL.match(context.text, match.end()):
        return None
    step = _ADJACENT_STEPS[direction]

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        origin = narrative_day(resolution)
        if origin is None:
            return TemporalValue(TIMEX_DATE, None, granularity=GRANULARITY_DAY)
        return day_value(origin + dt.timedelta(days=step))

    return resolve


def elliptical(context: MatchContext, end: int) -> bool:
    """Whether nothing that could name an event follows ("the day after." / "the day after,")."""
    return bool(_ELLIPTICAL.match(context.text, end))


def handle_day_after(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the day after', 'the day before', 'the week after' with no object: the reference day's
    neighbour (a DATE, like "the next day"); with an object ("the day before authorities
    issued a warrant") it is left untagged, as TBAQ dev does (1 of 1)."""
    if not elliptical(context, match.end()):
        return None
    step = _ADJACENT_STEPS[match["dir"].lower()]
    unit = match["unit"].lower()

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if unit == GRANULARITY_DAY:
            origin = narrative_day(resolution)
            if origin is None:
                return TemporalValue(TIMEX_DATE, None, granularity=GRANULARITY_DAY)
            return day_value(origin + dt.timedelta(days=step))
        origin = resolution.reference_origin()
        if origin is None:
            return TemporalValue(TIMEX_DATE, None, granularity=unit)
        delta = {"week": dt.timedelta(weeks=step)}.get(unit)
        if delta is not None:
            return unit_value(unit, origin + delta)
        months = step * (12 if unit == "year" else 1)
        index = origin.year * 12 + origin.month - 1 + months
        return unit_value(unit, dt.date(index // 12, index % 12 + 1, 1))

    return resolve


# Parts of day after a preposition, on the narrative's reference day: "in the morning", "by
# evening", "during the night", "in afternoon trading" (MEANTIME 1 of 1 tagged, TIME of the
# reference day with its code, 2010-03-02TMO in a story of 2010-03-03). With no day named before
# in the paragraph the day is unknown (news tells the day before as often as the day itself) or
# the phrase is generic ("drink water during the night"): no TIMEX3, as for "that day" and
# "throughout the day". Not "overnight": TBAQ dev leaves it untagged (1 of 1).
# After a day or a clock time ("Monday in the evening", "6:30 in the morning", "March 20 in the
# morning") the part of day belongs to it: the fragment rule joins them into one expression.
_DAY_OR_CLOCK_BEFORE = re.compile(
    r"(?:\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun|to|yester)day|\btomorrow|o'clock"
    r"|\b[ap]\.?m\b\.?|\bnoon|\bmidnight)\s*,?\s+[a-z]+\s+$",
    re.IGNORECASE,
)


def handle_part_of_day_after_preposition(
    match: re.Match[str], context: MatchContext
) -> Resolver | None:
    """'in the morning', 'by evening', 'until late afternoon', 'in morning trading'."""
    if _COMPLEMENT_AFTER.match(context.text, match.end()):
        return None
    if _DAY_OR_CLOCK_BEFORE.search(context.text[max(0, match.start() - 30) : match.start()]):
        return None
    code = PARTS_OF_DAY[(match["pod"] or match["pod2"] or match["pod3"]).lower()]
    position = (match["pos"] or match["pos2"] or match["pos3"] or "").lower()
    mod = {"early": MOD_START, "late": MOD_END}.get(position)

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        day = resolution.reference_day
        return None if day is None else replace(part_of_day_value(day, code), mod=mod)

    return resolve


def handle_that_time(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'at that time', 'by that time', 'until that time': the reference time when it is a day or
    a written year ("by June 10 ... by that time": MEANTIME 1 of 1 the day), else PAST_REF as
    "at the time" (TBAQ dev 1 of 1)."""

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        anchor = resolution.anchor
        origin = resolution.reference_origin()
        if origin is not None and origin == resolution.reference_day:
            return day_value(origin)
        year = resolution.reference_year
        if origin is not None and year is not None and origin == dt.date(year, 1, 1):
            return year_value(year)
        if anchor is None:
            return TemporalValue(TIMEX_DATE, "PAST_REF")
        return TemporalValue(TIMEX_DATE, "PAST_REF", None, anchor)

    return resolve


def handle_units_ahead(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the days ahead', 'the weeks ahead', 'the years to come': an unknown count of the unit
    from now (TBAQ dev: "the weeks ahead" DURATION PXW, 1 of 1; "coming weeks" PXW, 1 of 1)."""
    unit = unit_key(match["unit"])
    return lambda _: vague_duration(unit)
