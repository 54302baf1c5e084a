"""The scan: collect rule matches, keep the longest non-overlapping ones, resolve them in text
order, join clock times and parts of day to adjacent days, then take in the modifiers written
before them."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from schemas.temporal_expressions import (
    GRANULARITY_DAY,
    GRANULARITY_TIME,
    GRANULARITY_YEAR,
    TIMEX_DATE,
)
from transforms.dates.anchoring import ResolutionContext, Resolver
from transforms.dates.matching import MatchContext
from transforms.dates.modifiers import with_modifier, with_open_end
from transforms.dates.patterns import RULES
from transforms.dates.values import TemporalValue, part_of_day_value, time_value


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A match a rule's handler accepted: its extent, the rule's rank and the resolver."""

    start: int
    end: int
    priority: int
    resolve: Resolver


class ResolvedSpan(NamedTuple):
    """A resolved expression and its character extent in the text."""

    start: int
    end: int
    value: TemporalValue


def _collect(text: str, strict: bool) -> list[RuleMatch]:
    context = MatchContext(text, strict)
    lowered = text.lower()
    plain = lowered if folds_plainly(text) else None
    found = []
    for rule in RULES:
        if rule.triggers and not any(t in lowered for t in rule.triggers):
            continue
        for match in rule_matches(rule.pattern, text, plain):
            resolver = rule.handler(match, context)
            if resolver is not None:
                found.append(RuleMatch(match.start(), match.end(), rule.priority, resolver))
    return found


# Scanning a text with some 45 case-insensitive patterns that open with a look-behind was most of
# the cost of article extraction: the regex engine tries each pattern at every position, and it
# cannot skip a case-insensitive alternative on its first letter. `rule_matches` gets the same
# matches from a cheaper scan for candidate positions (case-sensitive on the lower-cased text, the
# look-behind turned into a character class the engine searches for directly), then matches the
# pattern itself at each candidate: candidates only need to include every real start.


def folds_plainly(text: str) -> bool:
    """Whether case-insensitive matching on ``text`` is case-sensitive matching on its lower case.

    True when every non-ASCII character is uncased ("’", "€"): characters such as "İ", "ı",
    "ſ" or the Kelvin sign match ASCII letters case-insensitively, and "İ" lower-cases to two.
    """
    return text.isascii() or all(c.lower() == c.upper() for c in set(text) if not c.isascii())


def rule_matches(
    pattern: re.Pattern[str], text: str, lowered: str | None
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)``; faster when ``lowered`` is given.

    ``lowered`` is ``text.lower()`` for a text where `folds_plainly` holds, else None. The rules'
    patterns are lower case and never match an empty string, so matching them at each candidate
    from the end of the previous match gives what ``finditer`` gives.
    """
    if lowered is None:
        return pattern.finditer(text)
    found = []
    end = 0
    for start in _candidates(pattern, lowered):
        if start >= end and (match := pattern.match(text, start)) is not None:
            found.append(match)
            end = match.end()
    return found


# A pattern opening with a negative look-behind on word characters and others, "(?<![\w...])":
# the class of what may come before a match is then rare enough (spaces, punctuation) to search
# for. Other look-behinds ("(?<![\d:.])") let nearly every character through.
_NOT_AFTER_WORD = re.compile(r"\(\?<!\[(?P<chars>\\w(?:\\.|[^\]\\])*)\]\)")


def _candidates(pattern: re.Pattern[str], lowered: str) -> list[int]:
    """Ascending positions in ``lowered`` that include every start of a match of ``pattern``."""
    consumes_before, scan = _candidate_scan(pattern)
    if not consumes_before:
        return [match.start() for match in scan.finditer(lowered)]
    # The scan takes the character before a start; a match at 0 has none, so 0 is tried as well.
    return [0, *(match.end() for match in scan.finditer(lowered))]


@functools.cache
def _candidate_scan(pattern: re.Pattern[str]) -> tuple[bool, re.Pattern[str]]:
    r"""``pattern`` without IGNORECASE, for lower-cased text; and whether it was rewritten to
    take the character before a match: "(?<![\w...])rest" becomes "[^\w...](?=rest)"."""
    guard = _NOT_AFTER_WORD.match(pattern.pattern)
    if guard is None:
        return False, re.compile(pattern.pattern)
    rest = pattern.pattern[guard.end() :]
    return True, re.compile(f"[^{guard['chars']}](?={rest})")


def _select(found: list[RuleMatch]) -> list[RuleMatch]:
    """Longest matches first (then higher priority, then earlier), dropping overlaps."""
    chosen: list[RuleMatch] = []
    for match in sorted(found, key=lambda m: (m.start - m.end, -m.priority, m.start)):
        if all(match.end <= other.start or other.end <= match.start for other in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)


# "that day", "the same day" point back to a day the narrative named; with no such day before
# them they are generic ("trades made that day", "you have strong redemptions that day": TBAQ
# dev 2 of 2 untagged) and the anchor is not what they mean (MEANTIME 1 of 1 not the anchor).
_ANAPHORIC_DAY_RE = re.compile(r"(?:that|the\s+same)\s+day", re.IGNORECASE)


def _resolve_in_order(
    text: str, matches: list[RuleMatch], anchor: dt.date | None
) -> list[ResolvedSpan]:
    """Resolve matches in text order, tracking the narrative's reference day and year."""
    resolution = ResolutionContext(anchor)
    resolved = []
    last_end = 0
    for match in matches:
        if "\n\n" in text[last_end : match.start]:
            resolution.reference_day = None  # a reference time does not carry over a paragraph
        unanchored = resolution.reference_day is None and _ANAPHORIC_DAY_RE.fullmatch(
            text, match.start, match.end
        )
        value = None if unanchored else match.resolve(resolution)
        resolution.note_reference(value)
        last_end = match.end
        if value is None:
            continue
        if value.day is not None and value.granularity in (GRANULARITY_DAY, GRANULARITY_TIME):
            resolution.reference_day = value.day
        if value.explicit_year is not None:
            resolution.reference_year = value.explicit_year
        resolved.append(ResolvedSpan(match.start, match.end, value))
    return resolved


_GAP_DAY_THEN_CLOCK = re.compile(r"\s*(?:,\s*)?(?:(?:at|@|around|about)\s+)?", re.IGNORECASE)
_GAP_CLOCK_THEN_DAY = re.compile(r"\s*(?:,\s*)?(?:(?:on|of)\s+)?", re.IGNORECASE)
_GAP_DAY_THEN_PART_OF_DAY = re.compile(r"\s*(?:,\s*)?(?:in\s+the\s+)?", re.IGNORECASE)


def _is_day(value: TemporalValue) -> bool:
    return value.day is not None and value.clock is None and value.timex_type == TIMEX_DATE


def _is_floating_clock(value: TemporalValue) -> bool:
    return value.clock is not None and value.day is None


def _is_day_part(value: TemporalValue) -> bool:
    return value.part_of_day is not None and value.day is not None


_GAP_PART_OF_DAY_THEN_DAY = re.compile(r"\s*(?:of\s+|on\s+)?", re.IGNORECASE)
# A part of day alone is kept when a positional modifier says which part of a day is meant ("by
# [mid afternoon]", "at [mid-afternoon yesterday]": TBAQ dev 2 of 2 tagged TIME with mod MID); the
# day is the anchor's when no day is written. Bare "morning", "the night" stay fragments (TBAQ
# dev leaves "morning talk show", "the night the flight ..." untagged).
_POSITIONAL_BEFORE_RE = re.compile(r"(?<![\w'])(?:mid|early|late)(?:\s+|\s*-\s*)$", re.IGNORECASE)


# A year in the possessive names the year of the period after it: "[this year's third quarter]",
# "[next year's first quarter]" are one TIMEX3 of the quarter in that year (TimeML: one tag per
# expression; TBAQ dev 2 of 2, MEANTIME has none).
_GAP_POSSESSIVE = re.compile(r"['\u2019]s\s+")
_IN_YEAR_VALUE_RE = re.compile(r"\d{4}(?P<rest>-(?:Q[1-4]|H[12]|SP|SU|FA|WI|\d{2}))")


def _shifted(day: dt.date, years: int) -> dt.date | None:
    """``day`` moved by whole years; a month's last day stays its last day (Feb 28 -> 29)."""
    year = day.year + years
    if not 1 <= year <= 9999:
        return None
    last = calendar.monthrange(year, day.month)[1]
    was_last = day.day == calendar.monthrange(day.year, day.month)[1]
    return day.replace(year=year, day=last if was_last else min(day.day, last))


def _in_year(year_value: TemporalValue, period: TemporalValue) -> TemporalValue | None:
    """``period`` (a quarter, half, season or month) moved into the year ``year_value`` names."""
    year_text = year_value.value or ""
    rest = _IN_YEAR_VALUE_RE.fullmatch(period.value or "")
    if year_value.granularity != GRANULARITY_YEAR or not year_text.isdigit() or rest is None:
        return None
    if period.timex_type != TIMEX_DATE or period.start_date is None or period.end_date is None:
        return None
    years = int(year_text) - int((period.value or "")[:4])
    start, end = _shifted(period.start_date, years), _shifted(period.end_date, years)
    if start is None or end is None:
        return None
    return replace(period, value=year_text + rest["rest"], start_date=start, end_date=end)


def _join(left: TemporalValue, right: TemporalValue, gap: str) -> TemporalValue | None:
    """One expression from two adjacent pieces ("Friday" + "morning", "today" + "at 9 pm")."""
    if _GAP_POSSESSIVE.fullmatch(gap):
        return _in_year(left, right)
    part_then_day = left.fragment and left.part_of_day and _is_day(right)
    if part_then_day and _GAP_PART_OF_DAY_THEN_DAY.fullmatch(gap):
        return part_of_day_value(right.day, left.part_of_day)
    if _is_day(left) and _is_floating_clock(right) and _GAP_DAY_THEN_CLOCK.fullmatch(gap):
        return time_value(left.day, right.clock)
    right_has_day = _is_day(right) or _is_day_part(right)
    if _is_floating_clock(left) and right_has_day and _GAP_CLOCK_THEN_DAY.fullmatch(gap):
        return time_value(right.day, left.clock)
    if _is_day_part(left) and _is_floating_clock(right) and _GAP_DAY_THEN_CLOCK.fullmatch(gap):
        return time_value(left.day, right.clock)
    if _is_day(left) and right.fragment and _GAP_DAY_THEN_PART_OF_DAY.fullmatch(gap):
        return part_of_day_value(left.day, right.part_of_day or "")
    return None


def _positioned_part_of_day(
    text: str, span: ResolvedSpan, anchor: dt.date | None
) -> ResolvedSpan | None:
    """A part of day that joined no day, on the anchor's day when a positional modifier is
    written before it ("mid afternoon"); None otherwise."""
    value = span.value
    if anchor is None or not value.part_of_day or not value.fragment:
        return None
    if _POSITIONAL_BEFORE_RE.search(text, max(0, span.start - 8), span.start) is None:
        return None
    return span._replace(value=part_of_day_value(anchor, value.part_of_day))


def _merge(
    text: str, spans: list[ResolvedSpan], anchor: dt.date | None = None
) -> list[ResolvedSpan]:
    """Join adjacent pieces into one expression; drop the fragments that joined nothing."""
    merged: list[ResolvedSpan] = []
    for span in spans:
        if merged:
            previous = merged[-1]
            joined = _join(previous.value, span.value, text[previous.end : span.start])
            if joined is not None:
                merged[-1] = ResolvedSpan(previous.start, span.end, joined)
                continue
        merged.append(span)
    kept = []
    for span in merged:
        if span.value.fragment:
            positioned = _positioned_part_of_day(text, span, anchor)
            if positioned is None:
                continue
            span = positioned
        kept.append(span)
    return kept


# A preposition is never part of an expression ("in [five years]", "after [three days]": TBAQ
# dev 3 of 3, MEANTIME 1 of 1); some rules read it to resolve the value, then it is dropped.
_LEADING_PREPOSITION_RE = re.compile(r"(?:in|after|within)\s+(?=\w)", re.IGNORECASE)


def _without_preposition(text: str, span: ResolvedSpan) -> ResolvedSpan:
    match = _LEADING_PREPOSITION_RE.match(text, span.start, span.end)
    return span if match is None else span._replace(start=match.end())


def scan(text: str, anchor: dt.date | None, strict: bool) -> list[ResolvedSpan]:
    """All temporal expressions in ``text``, resolved against ``anchor``, in text order.

    ``strict`` is for running text (see ``MatchContext``).
    """
    resolved = _resolve_in_order(text, _select(_collect(text, strict)), anchor)
    spans = [_without_preposition(text, span) for span in _merge(text, resolved, anchor)]
    result = []
    floor = 0
    for index, span in enumerate(spans):
        start, value = with_modifier(text, span.start, span.end, span.value, floor)
        extended = with_open_end(text, max(start, floor), span.end, value)
        ceiling = spans[index + 1].start if index + 1 < len(spans) else len(text)
        if extended.end <= ceiling:
            start, value = extended.start, extended.value
        result.append(
            ResolvedSpan(start, extended.end if extended.end <= ceiling else span.end, value)
        )
        floor = result[-1].end
    return result
