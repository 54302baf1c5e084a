"""Durations: counts of time units ("two and a half years", "1 year, 2 months"), their TIMEX3
values (P3W, PT30M, PXY), and the points they reach from a day."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace

from schemas.temporal_expressions import (
    GRANULARITIES,
    GRANULARITY_CENTURY,
    GRANULARITY_DAY,
    GRANULARITY_DECADE,
    GRANULARITY_TIME,
    GRANULARITY_YEAR,
    TIMEX_DURATION,
)
from transforms.dates.pattern_parts import QUANTITY_RE
from transforms.dates.values import TemporalValue, shift, unit_value
from transforms.vocabulary.calendar_words import TIME_UNITS
from transforms.vocabulary.number_words import cardinal_below_hundred

# Counts whose value is unknown: the duration gets "X" ("several decades" -> PXDE).
_VAGUE_COUNTS = ("a few", "several", "many", "few")
# Duration letters of the time part of a TIMEX3 duration (after the "T").
_TIME_LETTERS = ("H", "MIN", "S")


def count_value(text: str) -> float | None:
    """Value of a unit count matched by ``COUNT``; None for vague counts ("several", "a few")."""
    text = re.sub(r"\s+", " ", text.strip().lower())
    half = 0.0
    if text.endswith(" and a half"):
        text, half = text[: -len(" and a half")], 0.5
    if text in _VAGUE_COUNTS:
        return None
    if text in ("a", "an", "single"):
        return 1 + half
    if text.startswith(("a couple", "a pair")):
        return 2 + half
    if text == "a dozen":
        return 12 + half
    if text == "a hundred":
        return 100 + half
    mixed = re.fullmatch(r"(\d+) ([13])/([24])", text)  # "2 1/2 years"
    if mixed:
        return int(mixed[1]) + int(mixed[2]) / int(mixed[3]) + half
    if text[0].isdigit():
        return float(text.replace(",", "")) + half
    value = cardinal_below_hundred(text)
    return None if value is None else value + half


def unit_key(unit: str) -> str:
    """Singular key of a unit word for ``TIME_UNITS`` ("centuries" -> "century")."""
    unit = unit.lower()
    if unit == "centuries":
        return "century"
    return unit[:-1] if unit.endswith("s") and unit[:-1] in TIME_UNITS else unit


def duration_parts(quantities: str) -> dict[str, float | None] | None:
    """Duration letters to amounts for '1 year, 2 months'; None for an invalid count."""
    parts: dict[str, float | None] = {}
    for quantity in QUANTITY_RE.finditer(quantities):
        amount = count_value(quantity["num"])
        unit = unit_key(quantity["unit"])
        letter, multiplier, _ = TIME_UNITS[unit]
        if unit == "second" and quantity["num"].strip().lower() in ("a", "an"):
            return None  # "a second" is an ordinal far more often than a duration
        if amount is None:
            parts[letter] = None
            continue
        previous = parts.get(letter, 0)
        total = None if previous is None else previous + amount * multiplier
        if total is not None and not math.isfinite(total):
            return None  # more digits than a float holds
        parts[letter] = total
    return parts or None


def finest_granularity(quantities: str) -> str:
    """Granularity of the finest unit in a list of quantities."""
    finest = GRANULARITY_CENTURY
    for quantity in QUANTITY_RE.finditer(quantities):
        granularity = TIME_UNITS[unit_key(quantity["unit"])].granularity
        if GRANULARITIES.index(granularity) > GRANULARITIES.index(finest):
            finest = granularity
    return finest


def duration_value(parts: dict[str, float | None]) -> str:
    """TIMEX3 duration value from duration letters to amounts (None = unknown count "X")."""
    hours = parts.get("H")
    if hours is not None and hours != int(hours) and "MIN" not in parts:
        # "half an hour" reads better as PT30M than PT0.5H.
        parts = {**{k: v for k, v in parts.items() if k != "H"}, "MIN": hours * 60}
        if hours >= 1:
            parts = {**parts, "H": float(int(hours)), "MIN": (hours - int(hours)) * 60}
    minutes = parts.get("MIN")
    if minutes is not None and minutes != int(minutes) and "S" not in parts:
        # "a minute and a half" is PT1M30S in TBAQ, like "an hour and a half" PT1H30M.
        parts = {**parts, "MIN": float(int(minutes)), "S": (minutes - int(minutes)) * 60}
        if not minutes >= 1:
            parts = {k: v for k, v in parts.items() if k != "MIN"}
    years = parts.get("Y")
    if years is not None and years != int(years) and "M" not in parts and (years * 12).is_integer():
        # "2 1/2 years" is P2Y6M in TBAQ dev (1 of 1), as "a minute and a half" is PT1M30S;
        # MEANTIME writes P2.5Y (1 of 1): TBAQ's TempEval-3 convention is followed.
        parts = {**parts, "Y": float(int(years)), "M": (years - int(years)) * 12}
        if years < 1:
            parts = {k: v for k, v in parts.items() if k != "Y"}
    date_part, time_part = "", ""
    for letter in ("Y", "Q", "M", "W", "D", *_TIME_LETTERS):
        if letter not in parts:
            continue
        amount = parts[letter]
        text = "X" if amount is None else _plain_number(amount)
        if letter in _TIME_LETTERS:
            time_part += text + ("M" if letter == "MIN" else letter)
        else:
            date_part += text + letter
    return "P" + date_part + ("T" + time_part if time_part else "")


def _plain_number(amount: float) -> str:
    """An amount in plain decimal notation ("1000000", "2.5"): TIMEX3 values have no exponent."""
    return f"{amount:f}".rstrip("0").rstrip(".") or "0"


def vague_duration_value(unit: str) -> str:
    """TIMEX3 value for an unknown count of a unit ("several decades" -> PXDE)."""
    special = {"decade": "PXDE", "century": "PXCE", "fortnight": "PXW"}
    if unit in special:
        return special[unit]
    letter = TIME_UNITS[unit].letter
    if letter in _TIME_LETTERS:
        return "PTX" + ("M" if letter == "MIN" else letter)
    return "PX" + letter


def duration(parts: dict[str, float | None], finest: str) -> TemporalValue:
    """DURATION with the value for ``parts`` and the granularity of its finest unit."""
    return TemporalValue(TIMEX_DURATION, duration_value(parts), granularity=finest)


def vague_duration(unit: str) -> TemporalValue:
    """DURATION of an unknown count of a unit ("several decades", "for years")."""
    return TemporalValue(
        TIMEX_DURATION, vague_duration_value(unit), granularity=TIME_UNITS[unit].granularity
    )


def offset_point(
    origin: dt.date, parts: dict[str, float | None], sign: int, finest: str
) -> TemporalValue | None:
    """The point an offset reaches from ``origin``, as a value of the offset's finest unit."""
    if any(v is None or v != int(v) for v in parts.values()):
        return None
    whole = {k: float(v) for k, v in parts.items() if v is not None}
    day = shift(origin, whole, sign)
    if day is None:
        return None
    unit = {
        GRANULARITY_CENTURY: GRANULARITY_YEAR,
        GRANULARITY_DECADE: GRANULARITY_YEAR,
        GRANULARITY_TIME: GRANULARITY_DAY,
    }.get(finest, finest)
    value = unit_value(unit, day)
    return None if value is None else replace(value, day=day, direction=sign)
