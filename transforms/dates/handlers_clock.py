"""Rule handler for clock times ("08:30 UTC", "6:40 p.m.", "0800 GMT", "noon"), which wait on
the narrative's reference day until they join a day written next to them."""

from __future__ import annotations

import re
from dataclasses import replace

from schemas.temporal_expressions import GRANULARITY_TIME, TIMEX_TIME
from transforms.dates.anchoring import ResolutionContext, Resolver
from transforms.dates.matching import MatchContext, group, optional_int, sports_period
from transforms.dates.pattern_parts import MONTH_FULL, WEEKDAY_FULL
from transforms.dates.values import ClockTime, TemporalValue, time_value
from transforms.dates.zones import zone_offset_minutes


def _clock_from(match: re.Match[str]) -> ClockTime | None:
    """Clock time from a match with groups h, m, s, ap, tz; None when it is not a time."""
    hour = int(match["h"])
    minute = int(group(match, "m") or 0)
    ampm = (match["ap"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = (hour % 12) + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    offset = zone_offset_minutes(match["tz"]) if match["tz"] else None
    return ClockTime(hour, minute, optional_int(group(match, "s")), offset)


def _floating_time(clock: ClockTime) -> Resolver:
    """A clock time without a written day.

    It is placed on the narrative's reference day (else the anchor's) until it joins an
    adjacent day.
    """

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        day = resolution.reference_day or resolution.anchor
        if day is None:
            text = f"XXXX-XX-XXT{clock.hour:02d}:{clock.minute:02d}"
            return TemporalValue(TIMEX_TIME, text, granularity=GRANULARITY_TIME, clock=clock)
        return replace(time_value(day, clock), day=None)

    return resolve


# "lives at 2134 Caldwell Place": a house number before a street name (a word in title case),
# not wire copy's "AT 1625" (followed by upper case, a clause or a zone). Weekday and month
# names after a clock time are its day ("at 0800 Tuesday").
_ADDRESS_RE = re.compile(r"\s+(?!(?i:" + WEEKDAY_FULL + "|" + MONTH_FULL + r")\b)[A-Z][a-z]+\b")


def handle_clock(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'08:30 UTC', '6:40 p.m.', '3 pm', '0800 GMT', 'AT 1625' (wire copy), 'noon'."""
    if group(match, "word"):
        word = match["word"].lower()
        # Midnight is read as the start of the day it is attached to.
        clock = ClockTime(0 if word == "midnight" else 12, 0, None, None)
        return _floating_time(clock)
    if group(match, "hm"):
        if not group(match, "tz") and _ADDRESS_RE.match(context.text, match.end()):
            return None
        digits = match["hm"]
        clock = ClockTime(int(digits[:2]), int(digits[2:]), None, None)
        if clock.hour > 23 or clock.minute > 59:
            return None
        if group(match, "tz"):
            clock = replace(clock, offset=zone_offset_minutes(match["tz"]))
        return _floating_time(clock)
    if not match["ap"] and not match["tz"] and sports_period(context, match.start(), match.end()):
        return None  # a game clock ("scored at 19:56 of the second period"), not a time of day
    clock = _clock_from(match)
    return None if clock is None else _floating_time(clock)
