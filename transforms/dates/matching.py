"""What the rules are made of: a pattern, the handler that checks a match in its context and
returns a resolver, and the helpers handlers share to read a match."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from transforms.dates.anchoring import Resolver
from transforms.dates.pattern_parts import DAY_ORDINALS
from transforms.vocabulary.calendar_words import MONTHS, SPORTS_PERIOD_CUES


@dataclass(frozen=True, slots=True)
class MatchContext:
    """What handlers may look at: the whole text and whether month names must be capitalized.

    ``strict`` is on when scanning running text (orthography separates "May" the month from
    "may" the verb) and off for ``normalize_timex``, whose input is known to be temporal.
    """

    text: str
    strict: bool


# A rule's handler: checks a match in its context; a resolver, or None to reject the match.
Handler = Callable[[re.Match[str], MatchContext], Resolver | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern, its handler, its rank among equally long matches, and cheap prefilters.

    ``triggers``: lowercase substrings one of which the text must contain for the pattern to be
    worth running (most texts have no "century" or "Christmas" in them).
    """

    pattern: re.Pattern[str]
    handler: Handler
    priority: int = 0
    triggers: tuple[str, ...] = ()


def word_set(text: str) -> frozenset[str]:
    """A word set written as one space-separated string (long vocabularies stay readable)."""
    return frozenset(text.split())


def word_before(context: MatchContext, start: int) -> str:
    """The word just before ``start`` (lowercased), skipping spaces and a hyphen."""
    text = context.text[max(0, start - 30) : start]
    match = re.search(r"([a-z']+)[\s-]*$", text, re.IGNORECASE)
    return match.group(1).lower() if match else ""


def month_ok(context: MatchContext, month_text: str, has_year: bool = False) -> bool:
    """Whether a month name is acceptable: in running text it must be capitalized ("March" vs
    "to march") unless a four-digit year follows ("25th march 2015" is a date in any case)."""
    return not context.strict or has_year or month_text[0].isupper()


def month_number(text: str) -> int:
    """Month number of a month name or abbreviation ("Sept." -> 9)."""
    return MONTHS[text.lower().rstrip(".")]


def day_number(text: str) -> int | None:
    """Day of month from digits ("13", "13th") or an ordinal word ("third")."""
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    return DAY_ORDINALS.get(text.lower().replace(" ", "-"))


def group(match: re.Match[str], name: str) -> str | None:
    """A named group's text, None when the rule's pattern has no such group or it did not match."""
    return match.group(name) if name in match.re.groupindex else None


def optional_int(text: str | None) -> int | None:
    return None if text is None else int(text)


def normalized_words(text: str) -> str:
    """Lower case with single spaces ("Day  Before yesterday" -> "day before yesterday")."""
    return re.sub(r"\s+", " ", text.lower())


_SENTENCE_END_RE = re.compile(r"[.!?]\s+(?=[A-Z\"“])")


def sports_period(context: MatchContext, start: int, end: int) -> bool:
    """Whether a yearless "the first half" / "the fourth quarter" is a period of play, or a bare
    "19:56" a game clock: its
    sentence or the one before it, in the same paragraph, reports a match ("Fernandes scored
    the winner in the first half", "a touchdown in the fourth quarter"). Business text names
    calendar halves and quarters; the sports words (``SPORTS_PERIOD_CUES``) are chosen not to
    occur there ("scored", "touchdown", "halftime"; not "points" or "match")."""
    text = context.text
    low = max(0, start - 200, text.rfind("\n", 0, start) + 1)
    high = text.find("\n", end, end + 120)
    window = text[low : high if high >= 0 else end + 120]
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(window)]
    before = [position for position in ends if position <= start - low]
    first = before[-2] if len(before) >= 2 else 0
    last = next((position for position in ends if position > end - low), len(window))
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", window[first:last].lower())
    return not SPORTS_PERIOD_CUES.isdisjoint(words)
