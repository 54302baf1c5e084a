"""TIMEX3 mods written before an expression: "about", "nearly", "more than", "early", "mid"..."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from schemas.temporal_expressions import (
    MOD_AFTER,
    MOD_APPROX,
    MOD_BEFORE,
    MOD_END,
    MOD_EQUAL_OR_LESS,
    MOD_EQUAL_OR_MORE,
    MOD_LESS_THAN,
    MOD_MID,
    MOD_MORE_THAN,
    MOD_ON_OR_AFTER,
    MOD_ON_OR_BEFORE,
    MOD_START,
    TIMEX_DATE,
    TIMEX_DURATION,
    TIMEX_SET,
)
from transforms.dates.matching import normalized_words
from transforms.dates.values import TemporalValue, narrow

# Modifier words -> the TIMEX3 mod they give.
_MOD_WORDS = {
    "about": MOD_APPROX, "around": MOD_APPROX, "approximately": MOD_APPROX,
    "roughly": MOD_APPROX, "circa": MOD_APPROX, "some": MOD_APPROX, "nearly": MOD_LESS_THAN,
    "almost": MOD_LESS_THAN, "less than": MOD_LESS_THAN, "under": MOD_LESS_THAN,
    "just under": MOD_LESS_THAN, "more than": MOD_MORE_THAN, "over": MOD_MORE_THAN,
    "just over": MOD_MORE_THAN, "well over": MOD_MORE_THAN, "upwards of": MOD_MORE_THAN,
    "at least": MOD_EQUAL_OR_MORE, "no less than": MOD_EQUAL_OR_MORE,
    "up to": MOD_EQUAL_OR_LESS, "at most": MOD_EQUAL_OR_LESS, "no more than": MOD_EQUAL_OR_LESS,
    "early": MOD_START, "start of": MOD_START, "beginning of": MOD_START, "mid": MOD_MID,
    "middle of": MOD_MID, "late": MOD_END, "end of": MOD_END, "close of": MOD_END,
}  # fmt: skip
_MOD_PREFIX_RE = re.compile(
    r"(?<![\w'])(?P<the>the\s+)?(?P<m>"
    + "|".join(w.replace(" ", r"\s+") for w in sorted(_MOD_WORDS, key=len, reverse=True))
    + r")(?:\s+|\s*-\s*)$",
    re.IGNORECASE,
)
# Mods that narrow an interval to a third of it.
_POSITIONAL_MODS = (MOD_START, MOD_MID, MOD_END)
# Modifiers that make sense on a point in time (not "over the weekend", "some day").
_POINT_MODS = frozenset({"about", "around", "approximately", "roughly", "circa", "nearly",
                         "almost", "more than", "less than", "at least", "no less than",
                         "no more than", "just over", "just under", "well over"})  # fmt: skip
# A quantity mod on a point reached by an offset into the past (-1) or future (+1): "more than a
# year ago" is BEFORE that point, "less than a year ago" AFTER it.
_POINT_MOD_BY_DIRECTION = {
    (MOD_MORE_THAN, -1): MOD_BEFORE, (MOD_MORE_THAN, 1): MOD_AFTER,
    (MOD_LESS_THAN, -1): MOD_AFTER, (MOD_LESS_THAN, 1): MOD_BEFORE,
    (MOD_EQUAL_OR_MORE, -1): MOD_ON_OR_BEFORE, (MOD_EQUAL_OR_MORE, 1): MOD_ON_OR_AFTER,
    (MOD_EQUAL_OR_LESS, -1): MOD_ON_OR_AFTER, (MOD_EQUAL_OR_LESS, 1): MOD_ON_OR_BEFORE,
}  # fmt: skip


# One-word positional mods after "the" leave the determiner out ("the [early 1990s]", "the
# [late-November] trip": TBAQ dev 3 of 3), "the end/start of" keeps it ("[the end of 1990]":
# TBAQ dev 3 of 3, MEANTIME 6 of 6).
_BARE_POSITIONAL = frozenset({"early", "mid", "late"})
# An expression opening with a determiner or a vague count takes no quantity mod: the word before
# it is then a preposition ("over [the past 20 years]", "over [several years]", "at least [several
# years]": TBAQ dev 9 of 9 leave it out; MEANTIME 1 of 2).
_NO_QUANTITY_MOD_RE = re.compile(
    r"(?:the|these|those|this|that|its|their|several|few|many|recent)\b", re.IGNORECASE
)
# "the" (and "the first") before a counted duration is part of its extent ("[the nine months]",
# "[the first two years]": TBAQ dev 11 of 12; MEANTIME has "the next/past N" only, already kept),
# but not before one used as an adjective or followed by "of" ("the [eight-year] war", "the [two
# day] rally", "the [two days] of music": TBAQ dev 4 of 4).
_DURATION_DETERMINER_RE = re.compile(r"(?<![\w'])the\s+(?:first\s+)?$", re.IGNORECASE)
_COUNTED_DURATION_RE = re.compile(r"PT?\d")
_NOUN_DURATION_END_RE = re.compile(r"(?<=[a-z]s)(?!\s+of\b)", re.IGNORECASE)


class Modified(NamedTuple):
    """An expression's start and value once a modifier written before it is taken in."""

    start: int
    value: TemporalValue


def with_modifier(text: str, start: int, end: int, value: TemporalValue, floor: int) -> Modified:
    """Extend an expression over a modifier written right before it ("about", "early", ...).

    ``floor`` is the end of the previous expression: a modifier is not looked for before it.
    """
    match = _MOD_PREFIX_RE.search(text, max(floor, start - 30), start)
    if match is None:
        return with_determiner(text, start, end, value, floor)
    word = normalized_words(match["m"])
    mod = _MOD_WORDS[word]
    positional = mod in _POSITIONAL_MODS
    mod_start = match.start("m") if word in _BARE_POSITIONAL else match.start()
    if value.timex_type == TIMEX_SET:
        return Modified(start, value)
    if not positional and _NO_QUANTITY_MOD_RE.match(text, start):
        return with_determiner(text, start, end, value, floor)
    if value.timex_type == TIMEX_DURATION:
        if positional or (word == "some" and not re.match(r"\d", text[start:])):
            return Modified(start, value)
        return Modified(match.start(), replace(value, mod=mod))
    if value.value is None or value.value.endswith("_REF"):
        return Modified(start, value)
    if positional:
        return Modified(mod_start, narrow(value, mod))
    if word not in _POINT_MODS:
        return Modified(start, value)
    if mod != MOD_APPROX:
        if value.direction == 0:
            return Modified(start, value)
        mod = _POINT_MOD_BY_DIRECTION[(mod, value.direction)]
    return Modified(match.start(), replace(value, mod=mod))


def with_determiner(text: str, start: int, end: int, value: TemporalValue, floor: int) -> Modified:
    """Extend a counted duration used as a noun over "the" or "the first" written before it."""
    if value.timex_type != TIMEX_DURATION or not _COUNTED_DURATION_RE.match(value.value or ""):
        return Modified(start, value)
    if not _NOUN_DURATION_END_RE.match(text, end):
        return Modified(start, value)
    match = _DURATION_DETERMINER_RE.search(text, max(floor, start - 12), start)
    return Modified(start, value) if match is None else Modified(match.start(), value)


# A date followed by "or later", "and beyond" is ON_OR_AFTER it, "or earlier" ON_OR_BEFORE, and
# the words are part of the extent ("[1994 or later]", "[1990 and beyond]": TBAQ dev 2 of 2;
# MEANTIME has none).
_OPEN_END_RE = re.compile(
    r"\s+(?:(?P<after>or\s+(?:later|after)|and\s+beyond|and\s+later)"
    r"|(?P<before>or\s+(?:earlier|before)))(?![\w-])",
    re.IGNORECASE,
)
# "this" before "past"/"coming" is part of the expression ("[this past spring]", "[this coming
# Sunday, March eighth]": TBAQ dev 2 of 2).
_THIS_BEFORE_RE = re.compile(r"(?<![\w'])this\s+(?:(?P<direction>past|coming)\s+)?$", re.IGNORECASE)
_PAST_OR_COMING_RE = re.compile(r"(?:past|coming)\s", re.IGNORECASE)


class Extent(NamedTuple):
    """An expression's extent and value once the words around it are taken in."""

    start: int
    end: int
    value: TemporalValue


def with_open_end(text: str, start: int, end: int, value: TemporalValue) -> Extent:
    """Extend a date over "or later", "and beyond", "or earlier" written right after it, and
    over "this" before "past/coming ..."."""
    this = _THIS_BEFORE_RE.search(text, max(0, start - 13), start)
    if this is not None and (this["direction"] or _PAST_OR_COMING_RE.match(text, start)):
        start = this.start()
    if value.timex_type != TIMEX_DATE or value.mod or not value.value:
        return Extent(start, end, value)
    if value.value.endswith("_REF"):
        return Extent(start, end, value)
    match = _OPEN_END_RE.match(text, end)
    if match is None:
        return Extent(start, end, value)
    mod = MOD_ON_OR_AFTER if match["after"] else MOD_ON_OR_BEFORE
    return Extent(start, match.end(), replace(value, mod=mod))
