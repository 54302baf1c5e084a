"""Rule handlers for durations ("three weeks", "the past six months", "half an hour") and sets
("daily", "every two weeks", "on Mondays", "$5 billion a year")."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from schemas.temporal_expressions import GRANULARITY_DAY, TIMEX_SET
from transforms.dates.anchoring import ResolutionContext, Resolver
from transforms.dates.durations import (
    count_value,
    duration,
    duration_parts,
    duration_value,
    finest_granularity,
    unit_key,
    vague_duration,
)
from transforms.dates.matching import MatchContext, word_before
from transforms.dates.pattern_parts import QUANTITY_RE
from transforms.dates.values import TemporalValue, shift
from transforms.vocabulary.calendar_words import FREQUENCY_WORDS, TIME_UNITS, WEEKDAYS

_FORWARD_WORDS = ("next", "coming", "following")


def handle_span(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the past three months', 'the next six months', 'the last two weeks' (anchored durations)."""
    quantities = match["qty"]
    parts = duration_parts(quantities)
    if parts is None:
        return None
    sign = 1 if match["dir"].lower() in _FORWARD_WORDS else -1
    length = duration(parts, finest_granularity(quantities))

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        anchor = resolution.anchor
        if anchor is None or any(v is None or v != int(v) for v in parts.values()):
            return length
        whole = {k: float(v) for k, v in parts.items() if v is not None}
        other = shift(anchor, whole, sign)
        if other is None:
            return length
        start, end = (other, anchor) if sign < 0 else (anchor, other)
        return replace(length, start_date=start, end_date=end)

    return resolve


def handle_past_unit(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the past week', 'the past decade', 'the past 24 hours' without a count: one unit."""
    letter, multiplier, granularity = TIME_UNITS[unit_key(match["unit"])]
    parts = {letter: float(multiplier)}
    sign = 1 if match["dir"].lower() in ("next", "coming") else -1
    length = duration(dict(parts), granularity)

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        anchor = resolution.anchor
        if anchor is None:
            return length
        other = shift(anchor, parts, sign)
        if other is None:
            return length
        start, end = (other, anchor) if sign < 0 else (anchor, other)
        return replace(length, start_date=start, end_date=end)

    return resolve


def handle_duration(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'three weeks', 'two and a half years', 'a 12-year', 'several decades', '1 year 2 months'."""
    quantities = match["qty"]
    if re.search(r"quarters?$", quantities, re.IGNORECASE) and re.match(
        r"\s+of\b", context.text[match.end() :]
    ):
        return None  # "about a quarter of the dealers" is a fraction
    parts = duration_parts(quantities)
    if parts is None:
        return None
    if len(parts) == 1 and None in parts.values():
        unit = unit_key(QUANTITY_RE.search(quantities)["unit"])
        return lambda _: vague_duration(unit)
    finest = finest_granularity(quantities)
    return lambda _: duration(parts, finest)


def handle_half_unit(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'half a year', 'half an hour', 'a year and a half'."""
    letter, multiplier, granularity = TIME_UNITS[unit_key(match["unit"] or match["unit2"])]
    amount = (1.5 if match["and_half"] else 0.5) * multiplier
    return lambda _: duration({letter: amount}, granularity)


def handle_vague_plural(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'for years', 'in decades', 'over the years' (an unknown count)."""
    if word_before(context, match.start()) not in ("for", "over", "within", "in"):
        return None
    unit = unit_key(match["unit"])
    return lambda _: vague_duration(unit)


def handle_frequency_word(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'daily', 'weekly', 'annual', ...: a set of times."""
    value, granularity = FREQUENCY_WORDS[match["w"].lower()]
    return lambda _: TemporalValue(TIMEX_SET, value, granularity=granularity)


def _weekday_set(weekday: int) -> TemporalValue:
    """Every given weekday ("XXXX-WXX-1": every Monday)."""
    return TemporalValue(TIMEX_SET, f"XXXX-WXX-{weekday + 1}", granularity=GRANULARITY_DAY)


def handle_every(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'every week', 'every two weeks', 'each year', 'per day', 'twice a week', 'every Monday'."""
    if match["wd"]:
        weekday = WEEKDAYS[match["wd"].lower().rstrip("s")]
        return lambda _: _weekday_set(weekday)
    letter, multiplier, granularity = TIME_UNITS[unit_key(match["unit"])]
    count = 1.0
    if match["num"]:
        amount = count_value(match["num"])
        if amount is None or not math.isfinite(amount):
            return None
        count = amount
    if match["other"]:
        count *= 2
    value = duration_value({letter: count * multiplier})
    return lambda _: TemporalValue(TIMEX_SET, value, granularity=granularity)


def handle_rate(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'$5 billion a year', '10,000 barrels a day': a rate, only after an amount."""
    before = context.text[max(0, match.start() - 25) : match.start()]
    if not re.search(
        r"(?:\d|million|billion|trillion|thousand|percent|%|times|once|twice)\s*$",
        before,
        re.IGNORECASE,
    ):
        return None
    letter, multiplier, granularity = TIME_UNITS[unit_key(match["unit"])]
    value = duration_value({letter: float(multiplier)})
    return lambda _: TemporalValue(TIMEX_SET, value, granularity=granularity)


def handle_plural_weekday(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'on Mondays': a set of weekdays."""
    weekday = WEEKDAYS[match["wd"].lower()]
    return lambda _: _weekday_set(weekday)
