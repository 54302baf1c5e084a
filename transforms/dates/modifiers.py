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
    r"(?<![\w'])(?:the\s+)?(?P<m>"
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


class Modified(NamedTuple):
    """An expression's start and value once a modifier written before it is taken in."""

    start: int
    value: TemporalValue


def with_modifier(text: str, start: int, value: TemporalValue, floor: int) -> Modified:
    """Extend an expression over a modifier written right before it ("about", "early", ...).

    ``floor`` is the end of the previous expression: a modifier is not looked for before it.
    """
    match = _MOD_PREFIX_RE.search(text, max(floor, start - 30), start)
    if match is None:
        return Modified(start, value)
    word = normalized_words(match["m"])
    mod = _MOD_WORDS[word]
    positional = mod in _POSITIONAL_MODS
    if value.timex_type == TIMEX_SET:
        return Modified(start, value)
    if value.timex_type == TIMEX_DURATION:
        if positional or (word == "some" and not re.match(r"\d", text[start:])):
            return Modified(start, value)
        return Modified(match.start(), replace(value, mod=mod))
    if value.value is None or value.value.endswith("_REF"):
        return Modified(start, value)
    if positional:
        return Modified(match.start(), narrow(value, mod))
    if word not in _POINT_MODS:
        return Modified(start, value)
    if mod != MOD_APPROX:
        if value.direction == 0:
            return Modified(start, value)
        mod = _POINT_MOD_BY_DIRECTION[(mod, value.direction)]
    return Modified(match.start(), replace(value, mod=mod))
