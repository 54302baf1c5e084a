"""Publication dates and temporal expressions (TimeML TIMEX3) in news text.

Two pure parts, no I/O and no environment reads:

* ``parse_published`` turns the date string a feed or page gives for an article into a
  ``PublishedDate`` and says how day/month order was decided; ``infer_date_order`` gathers the
  order evidence a source's unambiguous dates give, for ``order_hint``.
* ``find_timexes`` finds temporal expressions in text ("13 January 2025", "last week", "two days
  ago", "for three weeks", "every week") and normalizes them TIMEX3 style against an anchor (the
  publication date); ``normalize_timex`` does the same for one expression.

Conventions decided here (each one also stated where it is applied):

* Two-digit years in publication dates use the POSIX ``%y`` pivot (00-68 -> 2000-2068, 69-99 ->
  1969-1999), the rule ``email.utils`` and ``time.strptime`` already apply, so every shape agrees.
  In running text a two-digit year ("3 JAN 90", "'82") is the latest such year not more than ten
  years after the anchor.
* Ambiguous numeric publication dates (both numbers <= 12) follow ``order_hint``, then
  ``locale``, then DMY. In running text they take the reading nearer the anchor (DMY on a tie or
  without an anchor): articles mostly mention dates close to their own.
* Expressions without a year ("2 FEBRUARY", "October", "on Monday", "Christmas") take the
  occurrence nearest the anchor, counting future distance double because news mostly reports the
  past; a future cue nearby ("will", "expected to", ...) picks the next occurrence instead. A bare
  weekday is the most recent one on or before the anchor.
* "N days later/earlier/before/after", "the day", "the year before" and clock times without a day
  ("at 18:00 UTC") use the last day-level date mentioned earlier in the same paragraph (the
  narrative's reference time), else the anchor. "ago", "from now" and "in N days" always count
  from the anchor. Without an anchor, a date without a year takes the last year written before it.
* Sub-day offsets ("two hours ago") resolve to a day: the anchor is a date, so the clock time the
  offset lands on is unknown.
* "earlier this month" is the anchor's month (no mod) whose interval is clipped to end at the
  anchor; "later this year" starts at the anchor.
* Intervals: weeks are ISO weeks (Monday-Sunday), seasons are meteorological (northern hemisphere:
  spring = March-May), START/MID/END narrow an interval to its first/middle/last third.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

__all__ = [
    "PublishedDate",
    "Timex",
    "find_timexes",
    "infer_date_order",
    "normalize_timex",
    "parse_published",
]


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """A publication date as parsed from the string a source gave.

    ``date`` is the calendar date as written (the publisher's local date); ``timestamp`` is the
    UTC instant, set only when both a time and a zone were given. ``date_order_rule`` says how
    day/month order was decided: "iso", "rfc2822", "month_name", "unambiguous_dmy",
    "unambiguous_mdy", "source_evidence_dmy", "source_evidence_mdy", "locale_dmy", "locale_mdy",
    "default_dmy" or "unparsed". ``is_ambiguous`` is true when day and month are different numbers
    both <= 12 and the format does not fix their order. ``flags`` holds "future" (after ``now``),
    "before_1900" and "two_digit_year".
    """

    raw: str
    date: dt.date | None
    timestamp: dt.datetime | None
    date_order_rule: str
    is_ambiguous: bool
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression, TIMEX3 style.

    ``text == source[start_char:end_char]``. ``timex_type`` is DATE, TIME, DURATION or SET.
    ``value`` is the TIMEX3 value ("2025-01-13", "2025-W02", "199", "P3W", "PAST_REF",
    "2025-01-13TMO", ...) or None when it cannot be resolved (a relative expression without an
    anchor, or a given span no rule understands). ``start_date``/``end_date`` bound the interval
    the value denotes (both inclusive; open ends are None: PAST_REF ends at the anchor, FUTURE_REF
    starts there). ``granularity`` is day, week, month, quarter (also halves and seasons), year,
    decade, century or time. ``mod`` is a TIMEX3 mod (APPROX, START, MID, END, BEFORE, AFTER,
    ON_OR_BEFORE, ON_OR_AFTER, LESS_THAN, MORE_THAN, EQUAL_OR_LESS, EQUAL_OR_MORE).
    """

    text: str
    start_char: int
    end_char: int
    timex_type: str
    value: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    granularity: str | None
    mod: str | None


# Shared vocabulary

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_FULL = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTH_ABBR = "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
_MONTH = rf"(?<![a-z])(?:(?:{_MONTH_FULL})(?![a-z])|(?:{_MONTH_ABBR})(?:\.|(?![a-z])))"
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_WEEKDAY_FULL = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WEEKDAY_ABBR = "mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun"
# A weekday written before a date ("Mon, 13 Jan 2025", "Friday, July 18").
_WEEKDAY_PREFIX = rf"(?:(?P<wd>{_WEEKDAY_FULL}|{_WEEKDAY_ABBR})\.?,?\s+(?:the\s+)?)?"

_SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip


def _day_ordinals() -> dict[str, int]:
    """Ordinal words for the days of a month, "first" to "thirty-first"."""
    ordinals = {
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
        "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
        "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
        "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
        "thirty-first": 31,
    }  # fmt: skip
    for word, value in list(ordinals.items())[:9]:
        ordinals[f"twenty-{word}"] = 20 + value
    return ordinals


_ORDINAL_WORDS = _day_ordinals()

_ONES_RE = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER_WORD = (
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:{_ONES_RE}))?"
    rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    rf"|{_ONES_RE})(?![a-z])"
)
# A count of units: digits, number words, "a"/"an", vague quantities (value unknown: "X").
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_NUMBER_WORD}|a\s+couple(?:\s+of)?|a\s+pair\s+of"
    rf"|a\s+dozen|a\s+hundred|a\s+few|several|many|few|single|an?)(?:\s+and\s+a\s+half)?"
)
_VAGUE_NUMBERS = ("a few", "several", "many", "few")

# Unit word -> (TIMEX3 duration letter, multiplier, granularity).
_UNITS: dict[str, tuple[str, int, str]] = {
    "century": ("Y", 100, "century"), "decade": ("Y", 10, "decade"), "year": ("Y", 1, "year"),
    "yr": ("Y", 1, "year"), "quarter": ("Q", 1, "quarter"), "month": ("M", 1, "month"),
    "fortnight": ("W", 2, "week"), "week": ("W", 1, "week"), "wk": ("W", 1, "week"),
    "day": ("D", 1, "day"), "hour": ("H", 1, "time"), "hr": ("H", 1, "time"),
    "minute": ("MIN", 1, "time"), "min": ("MIN", 1, "time"), "second": ("S", 1, "time"),
    "sec": ("S", 1, "time"),
}  # fmt: skip
_UNIT = (
    r"(?:centur(?:y|ies)|decades?|years?|yrs?|quarters?|months?|fortnights?|weeks?|wks?|days?"
    r"|hours?|hrs?|minutes?|mins?|seconds?|secs?)(?![a-z])"
)
# Adjectives that may sit between a count and its unit ("five trading days").
_UNIT_ADJ = r"(?:(?:trading|business|working|calendar|consecutive|straight|full|long)\s+)?"
_QTY = rf"(?:{_NUM})\s*-?\s*{_UNIT_ADJ}{_UNIT}"
_QTYS = rf"{_QTY}(?:(?:\s*,\s*|\s+and\s+|\s+){_QTY})*"
_QTY_RE = re.compile(rf"(?P<num>{_NUM})\s*-?\s*{_UNIT_ADJ}(?P<unit>{_UNIT})", re.IGNORECASE)

_POD_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

# Zones accepted after a clock time: the RFC 2822 names plus common news-wire ones (hours).
_ZONES: dict[str, float] = {
    "z": 0, "ut": 0, "utc": 0, "gmt": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
    "mdt": -6, "pst": -8, "pdt": -7, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "wet": 0,
    "west": 1, "bst": 1, "msk": 3, "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "aest": 10,
    "aedt": 11,
}  # fmt: skip
_ZONE = (
    r"(?:(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?|\((?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)"
    r"|[+-]\d{2}:?\d{2}|(?:" + "|".join(sorted(_ZONES, key=len, reverse=True)) + r")(?![a-z]))"
)
# No zone on earth is further from UTC than 14 hours (Line Islands, UTC+14).
_MAX_ZONE_OFFSET = 14 * 60
_ZONE_OFFSET_RE = re.compile(r"(utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    """A word set written as one space-separated string (long vocabularies stay readable)."""
    return frozenset(text.split())


def _zone_offset_minutes(zone: str) -> int | None:
    """Minutes east of UTC for a zone string, or None when it is not a known zone."""
    zone = zone.strip().strip("()").strip().lower()
    if zone in _ZONES:
        return round(_ZONES[zone] * 60)
    match = _ZONE_OFFSET_RE.fullmatch(zone)
    if match is None or int(match.group(4) or 0) > 59:
        return None
    minutes = int(match.group(3)) * 60 + int(match.group(4) or 0)
    if minutes > _MAX_ZONE_OFFSET:
        return None
    return -minutes if match.group(2) == "-" else minutes


def _words_to_int(words: str) -> int | None:
    """Value of an English number word below 100 ("seven", "twenty-one"), else None."""
    parts = words.lower().replace("-", " ").split()
    if len(parts) == 1:
        if parts[0] in _SMALL_NUMBERS:
            return _SMALL_NUMBERS[parts[0]]
        return _TENS.get(parts[0])
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _SMALL_NUMBERS:
        ones = _SMALL_NUMBERS[parts[1]]
        return _TENS[parts[0]] + ones if 0 < ones < 10 else None
    return None


def _count(text: str) -> float | None:
    """Value of a unit count matched by ``_NUM``; None for vague counts ("several", "a few")."""
    text = re.sub(r"\s+", " ", text.strip().lower())
    half = 0.0
    if text.endswith(" and a half"):
        text, half = text[: -len(" and a half")], 0.5
    if text in _VAGUE_NUMBERS:
        return None
    if text in ("a", "an", "single"):
        return 1 + half
    if text.startswith(("a couple", "a pair")):
        return 2 + half
    if text == "a dozen":
        return 12 + half
    if text == "a hundred":
        return 100 + half
    if text[0].isdigit():
        return float(text.replace(",", "")) + half
    value = _words_to_int(text)
    return None if value is None else value + half


def _unit_key(unit: str) -> str:
    """Singular key of a unit word for ``_UNITS`` ("centuries" -> "century")."""
    unit = unit.lower()
    if unit == "centuries":
        return "century"
    return unit[:-1] if unit.endswith("s") and unit[:-1] in _UNITS else unit


# Part 1: publication dates

# Languages whose numeric dates are day-first wherever they are written.
_DMY_LANGUAGES = _words(
    "fr de es it pt nl ru uk pl cs sk ro el tr da sv no nb nn fi is et lv lt hr sr sl bg id "
    "ms vi th ar he fa ur hi bn ta ga cy ca eu gl"
)
# Regions where month-first numeric dates are the norm (English in the US and its territories,
# the Philippines, and Micronesia, the Marshall Islands and Palau).
_MDY_REGIONS = frozenset({"us", "ph", "fm", "mh", "pw", "as", "gu", "mp", "pr", "um", "vi"})
# Regions where English writes day first.
_DMY_REGIONS = _words(
    "gb uk ie au nz in za ng ke gh pk sg my hk mt jm tt bb zw zm ug tz rw bw na lk np bd eg "
    "ae sa qa kw bh om il jo lb"
)

_TIME_TAIL = (
    r"(?:\s*,?\s*(?:at\s+)?(?P<hh>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<ss>\d{2})(?:[.,]\d+)?)?"
    rf"\s*(?P<ampm>[ap]\.?\s?m\.?)?\s*(?P<tz>{_ZONE})?)?"
)
_PUB_ISO_RE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2})(?::(?P<ss>\d{2})(?:[.,](?P<frac>\d+))?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
_PUB_YMD_RE = re.compile(
    r"(?P<y>\d{4})(?P<sep>[/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _TIME_TAIL
)
_PUB_RFC2822_RE = re.compile(
    rf"(?:(?:{_WEEKDAY_ABBR}),\s*)?\d{{1,2}}\s+(?:{_MONTH_ABBR}|may)\s+\d{{2,4}}\s+\d{{1,2}}:\d{{2}}"
    rf"(?::\d{{2}})?(?:\s*(?P<tz>[+-]\d{{4}}|[a-z]{{1,5}}))?",
    re.IGNORECASE,
)
_PUB_NUMERIC_RE = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})" + _TIME_TAIL
)
_PUB_DMY_RE = re.compile(
    rf"{_WEEKDAY_PREFIX}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]*(?P<mon>{_MONTH})"
    rf"[\s\-/.,]*(?P<y>\d{{4}}|\d{{2}})" + _TIME_TAIL,
    re.IGNORECASE,
)
_PUB_MDY_RE = re.compile(
    rf"{_WEEKDAY_PREFIX}(?P<mon>{_MONTH})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*"
    rf"(?P<y>\d{{4}}|\d{{2}})" + _TIME_TAIL,
    re.IGNORECASE,
)
_NUMERIC_EVIDENCE_RE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](?:\d{4}|\d{2})(?!\d)")


def _posix_year(two_digits: int) -> int:
    """Century for a two-digit year by the POSIX %y pivot: 00-68 -> 20xx, 69-99 -> 19xx."""
    return 2000 + two_digits if two_digits <= 68 else 1900 + two_digits


def _locale_order(locale: str | None) -> str | None:
    """Numeric date order ("dmy"/"mdy") a locale tag implies, or None when it does not decide.

    A region decides when given ("en-US" -> mdy, "en-GB" -> dmy); a bare language decides only
    when that language writes day first everywhere ("fr", "de"), so bare "en" does not decide.
    """
    if not locale:
        return None
    parts = re.split(r"[-_]", locale.strip().lower())
    language, region = parts[0], (parts[1] if len(parts) > 1 else "")
    if region in _MDY_REGIONS:
        return "mdy"
    if region in _DMY_REGIONS or language in _DMY_LANGUAGES:
        return "dmy"
    return None


def _clock(match: re.Match[str]) -> tuple[dt.time | None, int | None]:
    """Time of day and zone offset (minutes) from a ``_TIME_TAIL`` match."""
    if match.group("hh") is None:
        return None, None
    hour, minute = int(match.group("hh")), int(match.group("mi"))
    second = int(match.group("ss") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None, None
    zone = match.group("tz")
    return dt.time(hour, minute, second), (_zone_offset_minutes(zone) if zone else None)


def _utc_timestamp(day: dt.date, clock: dt.time | None, offset: int | None) -> dt.datetime | None:
    """UTC instant for a local date, time and zone offset; None without both time and zone.

    Also None on the first and last days of the calendar, where the shift to UTC may leave it.
    """
    if clock is None or offset is None or not dt.date.min < day < dt.date.max:
        return None
    zone = dt.timezone(dt.timedelta(minutes=offset))
    return dt.datetime.combine(day, clock, zone).astimezone(dt.UTC)


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when the numbers do not form one."""
    if not (1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    if day > _month_last_day(year, month):
        return None
    return dt.date(year, month, day)


def _month_last_day(year: int, month: int) -> int:
    """Number of days in a month."""
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


def _year_of(text: str) -> tuple[int, bool]:
    """Four-digit year, POSIX-pivoted for two digits; the flag says it had two digits."""
    return (int(text), False) if len(text) == 4 else (_posix_year(int(text)), True)


def _parse_iso(raw: str) -> PublishedDate | None:
    match = _PUB_ISO_RE.fullmatch(raw)
    if match is None:
        return None
    day = _valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
    if day is None:
        return None
    timestamp = None
    hour, minute, second = int(match["hh"] or 0), int(match["mi"] or 0), int(match["ss"] or 0)
    # Read from the groups, not by `fromisoformat`, which refuses non-ASCII digits and raises on
    # "24:00"; an impossible time leaves the date without a timestamp, as in the other shapes.
    if match["hh"] is not None and match["tz"] and hour <= 23 and minute <= 59 and second <= 59:
        micro = int((match["frac"] or "")[:6].ljust(6, "0"))
        clock = dt.time(hour, minute, second, micro)
        timestamp = _utc_timestamp(day, clock, _zone_offset_minutes(match["tz"]))
    return PublishedDate(raw, day, timestamp, "iso", False, ())


def _parse_rfc2822(raw: str) -> PublishedDate | None:
    match = _PUB_RFC2822_RE.fullmatch(raw)
    if match is None:
        return None
    parsed = email.utils.parsedate_tz(raw)
    if parsed is None:
        return None
    day = _valid_date(parsed[0], parsed[1], parsed[2])
    if day is None:
        return None
    two_digit = bool(re.search(r"[a-z]\s+\d{2}\s", raw, re.IGNORECASE))
    # The zone is read from the match: parsedate_tz reports offset 0 both for "+0000" and for a
    # missing or unknown zone, and passes offsets no zone has ("+9999").
    zone = match["tz"]
    offset = None if zone is None else _zone_offset_minutes(zone)
    hour, minute, second = parsed[3:6]
    # An impossible time ("99:99") leaves the date without a timestamp, as in the other shapes.
    clock = dt.time(hour, minute, second) if hour <= 23 and minute <= 59 and second <= 59 else None
    flags = ("two_digit_year",) if two_digit else ()
    return PublishedDate(raw, day, _utc_timestamp(day, clock, offset), "rfc2822", False, flags)


def _parse_month_name(raw: str) -> PublishedDate | None:
    for pattern in (_PUB_DMY_RE, _PUB_MDY_RE):
        match = pattern.fullmatch(raw)
        if match is None:
            continue
        year, two_digit = _year_of(match["y"])
        day = _valid_date(year, _MONTHS[match["mon"].lower().rstrip(".")], int(match["d"]))
        if day is None:
            return None
        clock, offset = _clock(match)
        flags = ("two_digit_year",) if two_digit else ()
        return PublishedDate(
            raw, day, _utc_timestamp(day, clock, offset), "month_name", False, flags
        )
    return None


def _parse_numeric(raw: str, order_hint: str | None, locale: str | None) -> PublishedDate | None:
    match = _PUB_YMD_RE.fullmatch(raw)
    if match is not None:
        # Year-first numeric dates are read year-month-day, the ISO order, wherever they come from.
        day = _valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if day is None:
            return None
        clock, offset = _clock(match)
        return PublishedDate(raw, day, _utc_timestamp(day, clock, offset), "iso", False, ())
    match = _PUB_NUMERIC_RE.fullmatch(raw)
    if match is None:
        return None
    first, second = int(match["a"]), int(match["b"])
    year, two_digit = _year_of(match["y"])
    order, rule = _decide_order(first, second, order_hint, locale)
    if order is None:
        return None
    day_number, month = (first, second) if order == "dmy" else (second, first)
    day = _valid_date(year, month, day_number)
    if day is None:
        return None
    clock, offset = _clock(match)
    ambiguous = first <= 12 and second <= 12 and first != second
    flags = ("two_digit_year",) if two_digit else ()
    return PublishedDate(raw, day, _utc_timestamp(day, clock, offset), rule, ambiguous, flags)


def _decide_order(
    first: int, second: int, order_hint: str | None, locale: str | None
) -> tuple[str | None, str]:
    """Day/month order for two numbers and the rule that decided it."""
    if first > 12 and second > 12:
        return None, "unparsed"
    if first > 12:
        return "dmy", "unambiguous_dmy"
    if second > 12:
        return "mdy", "unambiguous_mdy"
    if order_hint in ("dmy", "mdy"):
        return order_hint, f"source_evidence_{order_hint}"
    from_locale = _locale_order(locale)
    if from_locale is not None:
        return from_locale, f"locale_{from_locale}"
    return "dmy", "default_dmy"


# The longest date a source writes ("Wednesday, 13 September 2023 at 10:30 a.m. Eastern Daylight
# Time") has some 70 characters. dateparser takes about half a millisecond per character, so a
# field of a few thousand characters would cost seconds.
_DATEPARSER_MAX_CHARS = 100


def _parse_with_dateparser(raw: str, locale: str | None) -> PublishedDate | None:
    """Last resort for shapes the fast paths do not know (month names in other languages).

    Only absolute dates with day, month and year written are accepted, so the result never
    depends on the current time. A string longer than _DATEPARSER_MAX_CHARS is no date.
    """
    if len(raw) > _DATEPARSER_MAX_CHARS:
        return None
    if not re.search(r"[^\W\d_]{3,}", raw) or not re.search(r"\d", raw):
        return None
    import dateparser  # deferred: only this rare path needs it

    languages = None
    if locale:
        languages = sorted({re.split(r"[-_]", locale.lower())[0], "en"})
    settings = {
        "PARSERS": ["absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_LOCALE_DATE_ORDER": True,
    }
    try:
        parsed = dateparser.parse(raw, languages=languages, settings=settings)
    except ValueError:  # a language code dateparser does not know
        parsed = dateparser.parse(raw, settings=settings)
    if parsed is None:
        return None
    return PublishedDate(raw, parsed.date(), None, "month_name", False, ())


def parse_published(
    raw: str | None,
    *,
    order_hint: str | None = None,
    locale: str | None = None,
    now: dt.datetime | None = None,
) -> PublishedDate | None:
    """Parse a publication date string; None for a missing or blank string.

    Shapes: ISO 8601 with or without time and zone, RFC 2822, numeric D/M/Y with "-", "/" or "."
    (and year-first Y/M/D), month names in either order, two-digit years (POSIX pivot: 00-68 ->
    20xx, 69-99 -> 19xx; flagged "two_digit_year"). Ambiguous numeric dates follow ``order_hint``
    ("dmy"/"mdy" evidence from the same source, see ``infer_date_order``), then ``locale``
    ("en-US" -> MDY, "en-GB"/"fr" -> DMY), then DMY. An unparseable string gives a
    ``PublishedDate`` with ``date`` None and rule "unparsed". With ``now`` (naive = UTC) a date
    after it is flagged "future": a timestamp later than ``now``, or a bare date later than the
    latest local date anywhere on earth at ``now`` (UTC+14).
    """
    if raw is None or not raw.strip():
        return None
    text = " ".join(raw.split())
    parsed = (
        _parse_iso(text)
        or _parse_rfc2822(text)
        or _parse_numeric(text, order_hint, locale)
        or _parse_month_name(text)
        or _parse_with_dateparser(text, locale)
    )
    if parsed is None:
        return PublishedDate(raw, None, None, "unparsed", False, ())
    flags = list(parsed.flags)
    if now is not None and parsed.date is not None:
        now_utc = now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now.astimezone(dt.UTC)
        if parsed.timestamp is not None:
            is_future = parsed.timestamp > now_utc
        else:
            is_future = parsed.date > (now_utc + dt.timedelta(hours=14)).date()
        if is_future:
            flags.append("future")
    if parsed.date is not None and parsed.date.year < 1900:
        flags.append("before_1900")
    return replace(parsed, raw=raw, flags=tuple(flags))


def infer_date_order(raws: Iterable[str]) -> str | None:
    """Day/month order the unambiguous numeric dates of one source agree on.

    Returns "dmy" when some date has a first number > 12 and none a second number > 12, "mdy" for
    the reverse, None when there is no evidence or it conflicts. Pass the result to
    ``parse_published(order_hint=...)`` for that source's ambiguous dates.
    """
    seen: set[str] = set()
    for raw in raws:
        if not raw:
            continue
        for match in _NUMERIC_EVIDENCE_RE.finditer(raw):
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                seen.add("dmy")
            elif second > 12 >= first:
                seen.add("mdy")
    return seen.pop() if len(seen) == 1 else None


# Part 2: temporal expressions. Calendar values and intervals.


@dataclass(frozen=True, slots=True)
class _Clock:
    """A clock time as written: hour, minute, optional second, optional zone offset (minutes)."""

    hour: int
    minute: int
    second: int | None
    offset: int | None


@dataclass(frozen=True, slots=True)
class _Res:
    """A resolved expression: the public attributes plus what merging and reference tracking use.

    ``day`` is the single day meant when known (also for "three weeks ago", whose value is a
    week); ``clock``/``pod`` mark a time of day or part of day waiting to join an adjacent day;
    ``bare`` pieces are dropped unless they join one; ``direction`` is -1/+1 for points reached
    by an offset into the past/future (for BEFORE/AFTER mods); ``explicit_year`` is a year
    written in the text.
    """

    timex_type: str
    value: str | None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    granularity: str | None = None
    mod: str | None = None
    day: dt.date | None = None
    clock: _Clock | None = None
    pod: str | None = None
    bare: bool = False
    direction: int = 0
    explicit_year: int | None = None


def _year_ok(year: int) -> bool:
    return 1 <= year <= 9998


def _day_res(day: dt.date) -> _Res:
    return _Res("DATE", day.isoformat(), day, day, "day", day=day)


def _week_res(day: dt.date) -> _Res:
    monday = day - dt.timedelta(days=day.weekday())
    iso = day.isocalendar()
    value = f"{iso.year:04d}-W{iso.week:02d}"
    return _Res("DATE", value, monday, monday + dt.timedelta(days=6), "week")


def _weekend_res(day: dt.date) -> _Res:
    saturday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=5)
    iso = day.isocalendar()
    value = f"{iso.year:04d}-W{iso.week:02d}-WE"
    return _Res("DATE", value, saturday, saturday + dt.timedelta(days=1), "week")


def _month_res(year: int, month: int) -> _Res | None:
    if not _year_ok(year):
        return None
    start = dt.date(year, month, 1)
    end = dt.date(year, month, _month_last_day(year, month))
    return _Res("DATE", f"{year:04d}-{month:02d}", start, end, "month")


def _quarter_res(year: int, quarter: int) -> _Res | None:
    if not _year_ok(year):
        return None
    first = 3 * quarter - 2
    end = dt.date(year, first + 2, _month_last_day(year, first + 2))
    return _Res("DATE", f"{year:04d}-Q{quarter}", dt.date(year, first, 1), end, "quarter")


def _half_res(year: int, half: int) -> _Res | None:
    if not _year_ok(year):
        return None
    start, end = (dt.date(year, 1, 1), dt.date(year, 6, 30))
    if half == 2:
        start, end = dt.date(year, 7, 1), dt.date(year, 12, 31)
    return _Res("DATE", f"{year:04d}-H{half}", start, end, "quarter")


_SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_INDEX = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}


def _season_res(year: int, code: str) -> _Res | None:
    """Meteorological season of ``year``; winter runs December ``year`` to February next year."""
    if not _year_ok(year):
        return None
    first = 3 + 3 * _SEASON_INDEX[code]
    start = dt.date(year, first, 1)
    end = start + relativedelta(months=3) - dt.timedelta(days=1)
    return _Res("DATE", f"{year:04d}-{code}", start, end, "quarter")


def _year_res(year: int) -> _Res | None:
    if not _year_ok(year):
        return None
    return _Res("DATE", f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _decade_res(decade: int) -> _Res | None:
    if not 0 <= decade <= 998:
        return None
    start = dt.date(max(decade * 10, 1), 1, 1)
    return _Res("DATE", f"{decade:03d}", start, dt.date(decade * 10 + 9, 12, 31), "decade")


def _century_res(century: int) -> _Res | None:
    if not 0 <= century <= 98:
        return None
    start = dt.date(max(century * 100, 1), 1, 1)
    return _Res("DATE", f"{century:02d}", start, dt.date(century * 100 + 99, 12, 31), "century")


def _unit_res(unit: str, day: dt.date) -> _Res | None:
    """The calendar unit (week, month, quarter, year, ...) containing ``day``."""
    if unit == "day":
        return _day_res(day)
    if unit == "week":
        return _week_res(day)
    if unit == "weekend":
        return _weekend_res(day)
    if unit == "month":
        return _month_res(day.year, day.month)
    if unit == "quarter":
        return _quarter_res(day.year, (day.month - 1) // 3 + 1)
    if unit == "year":
        return _year_res(day.year)
    if unit == "decade":
        return _decade_res(day.year // 10)
    if unit == "century":
        return _century_res(day.year // 100)
    return None


def _shift(day: dt.date, parts: dict[str, float], sign: int) -> dt.date | None:
    """``day`` moved by whole-unit ``parts`` (duration letters) into the past (-1) or future."""
    hours = parts.get("H", 0) + parts.get("MIN", 0) / 60 + parts.get("S", 0) / 3600
    try:
        return day + sign * relativedelta(
            years=int(parts.get("Y", 0)),
            months=int(parts.get("M", 0)) + 3 * int(parts.get("Q", 0)),
            weeks=int(parts.get("W", 0)),
            days=int(parts.get("D", 0)) + int(hours // 24),
        )
    except (ValueError, OverflowError):  # past year 1 or 9999
        return None


def _narrow(res: _Res, mod: str) -> _Res:
    """Narrow an interval to its first (START), second (MID) or last (END) third.

    The days are cut at whole thirds and the last third takes the remainder, so a 31-day month
    splits 1-10, 11-20, 21-31 and a week Monday-Tuesday, Wednesday-Thursday, Friday-Sunday.
    """
    if res.start_date is None or res.end_date is None or res.granularity in ("day", "time"):
        return replace(res, mod=mod)
    span = (res.end_date - res.start_date).days + 1
    third = max(span // 3, 1)
    first = {"START": 0, "MID": third, "END": 2 * third}[mod]
    last = {"START": third, "MID": 2 * third, "END": span}[mod] - 1
    start = res.start_date + dt.timedelta(days=first)
    return replace(
        res, start_date=start, end_date=res.start_date + dt.timedelta(days=last), mod=mod
    )


def _duration_value(parts: dict[str, float | None]) -> str:
    """TIMEX3 duration value from duration letters to amounts (None = unknown count "X")."""
    hours = parts.get("H")
    if hours is not None and hours != int(hours) and "MIN" not in parts:
        # "half an hour" reads better as PT30M than PT0.5H.
        parts = {**{k: v for k, v in parts.items() if k != "H"}, "MIN": hours * 60}
        if hours >= 1:
            parts = {**parts, "H": float(int(hours)), "MIN": (hours - int(hours)) * 60}
    date_part, time_part = "", ""
    for letter in ("Y", "Q", "M", "W", "D", "H", "MIN", "S"):
        if letter not in parts:
            continue
        amount = parts[letter]
        text = "X" if amount is None else _plain_number(amount)
        if letter in ("H", "MIN", "S"):
            time_part += text + ("M" if letter == "MIN" else letter)
        else:
            date_part += text + letter
    return "P" + date_part + ("T" + time_part if time_part else "")


def _plain_number(amount: float) -> str:
    """An amount in plain decimal notation ("1000000", "2.5"): TIMEX3 values have no exponent."""
    return f"{amount:f}".rstrip("0").rstrip(".") or "0"


def _vague_duration_value(unit: str) -> str:
    """TIMEX3 value for an unknown count of a unit ("several decades" -> PXDE)."""
    special = {"decade": "PXDE", "century": "PXCE", "fortnight": "PXW"}
    if unit in special:
        return special[unit]
    letter = _UNITS[unit][0]
    if letter in ("H", "MIN", "S"):
        return "PTX" + ("M" if letter == "MIN" else letter)
    return "PX" + letter


# Resolution against the anchor


@dataclass(slots=True)
class _Env:
    """Resolution state while walking a text: the anchor and the narrative's reference time."""

    anchor: dt.date | None
    ref_day: dt.date | None = None
    ref_year: int | None = None


_Resolver = Callable[[_Env], _Res | None]

_FUTURE_CUE_RE = re.compile(
    r"\b(?:will|shall|won't|'ll|going\s+to|expect(?:s|ed)?\s+to|plans?\s+to|planned|scheduled"
    r"|due\s+to|set\s+to|would|should|could|might|upcoming|forthcoming|next|until|till)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK_RE = re.compile(r"[.!?;]\s|\n")
# The verb that governs a date mostly comes before it; after it, a new clause ("announced Friday
# that it will ...") says nothing about the date, so the right context stops there.
_RIGHT_CLAUSE_RE = re.compile(r",|\b(?:that|which|who|after|before|when|and|but)\b", re.IGNORECASE)


def _future_cue(text: str, start: int, end: int) -> bool | None:
    """Whether the words around a span (same clause) point to the future.

    True or False; None when the span follows "since", which fixes it in the past.
    """
    if re.search(r"\bsince\s+(?:the\s+)?$", text[max(0, start - 12) : start], re.IGNORECASE):
        return None
    left = _CLAUSE_BREAK_RE.split(text[max(0, start - 60) : start])[-1]
    right = _CLAUSE_BREAK_RE.split(text[end : end + 25])[0]
    right = _RIGHT_CLAUSE_RE.split(right)[0]
    return bool(_FUTURE_CUE_RE.search(left) or _FUTURE_CUE_RE.search(right))


def _pick(
    candidates: Sequence[tuple[int, _Res]], anchor_index: int, future: bool | None
) -> _Res | None:
    """Choose among occurrences (index on a common scale, result) relative to the anchor's index.

    ``future`` True (a future cue): the first occurrence at or after the anchor; None (a past cue
    such as "since"): the last one at or before it. Otherwise the nearest, with future distances
    counted double (news mostly reports the past); ties go to the past.
    """
    if future is None:
        earlier = [c for c in candidates if c[0] <= anchor_index]
        return max(earlier, key=lambda c: c[0])[1] if earlier else None
    if future:
        later = [c for c in candidates if c[0] >= anchor_index]
        return min(later, key=lambda c: c[0])[1] if later else None
    best: tuple[int, _Res] | None = None
    best_cost = 0
    for index, res in candidates:
        cost = anchor_index - index if index <= anchor_index else 2 * (index - anchor_index)
        if best is None or cost < best_cost:
            best, best_cost = (index, res), cost
    return best[1] if best else None


def _yearless_day(
    month: int, day: int, weekday: int | None, anchor: dt.date, future: bool | None
) -> _Res | None:
    """Day and month without a year: choose the year (weekday-consistent when one is given)."""
    # A given day and month fall on a given weekday every 5 to 11 years, and 29 February comes
    # every 4: the windows hold at least one occurrence on each side of the anchor.
    reach = 8 if weekday is not None else 4
    candidates = []
    for year in range(anchor.year - reach, anchor.year + reach + 1):
        date = _valid_date(year, month, day)
        if date is not None and (weekday is None or date.weekday() == weekday):
            candidates.append((date.toordinal(), _day_res(date)))
    return _pick(candidates, anchor.toordinal(), future)


def _yearless_month(month: int, anchor: dt.date, future: bool | None) -> _Res | None:
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        res = _month_res(year, month)
        if res is not None:
            candidates.append((year * 12 + month, res))
    return _pick(candidates, anchor.year * 12 + anchor.month, future)


def _yearless_quarter(quarter: int, anchor: dt.date, future: bool | None) -> _Res | None:
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        res = _quarter_res(year, quarter)
        if res is not None:
            candidates.append((year * 4 + quarter, res))
    return _pick(candidates, anchor.year * 4 + (anchor.month - 1) // 3 + 1, future)


def _season_of(day: dt.date) -> tuple[int, str]:
    """(year, code) of the meteorological season containing ``day``."""
    if day.month == 12:
        return day.year, "WI"
    if day.month <= 2:
        return day.year - 1, "WI"
    return day.year, ("SP", "SU", "FA")[(day.month - 3) // 3]


def _relative_weekday(weekday: int, anchor: dt.date, relation: str, future: bool | None) -> dt.date:
    """Date of a weekday relative to the anchor.

    "last X": the X before the anchor; "next X": the X after it; "this X": the X of the anchor's
    ISO week; bare "X": the most recent X on or before the anchor (past-tense news), or the first
    one on or after it when the context points to the future.
    """
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if relation in ("last", "past", "previous"):
        return anchor - dt.timedelta(days=back or 7)
    if relation in ("next", "coming"):
        return anchor + dt.timedelta(days=ahead or 7)
    if relation == "this":
        return anchor + dt.timedelta(days=weekday - anchor.weekday())
    if future:
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def _holiday_date(name: str, year: int) -> dt.date | None:
    """Date of a supported holiday in ``year``."""
    if not 1583 <= year <= 4099:  # Gregorian Easter computation range
        return None
    key = _HOLIDAY_ALIASES[name]
    if key in _FIXED_HOLIDAYS:
        month, day = _FIXED_HOLIDAYS[key]
        return dt.date(year, month, day)
    if key == "thanksgiving":  # fourth Thursday of November (US)
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    offsets = {"easter": 0, "easter monday": 1, "good friday": -2}
    return easter(year) + dt.timedelta(days=offsets[key])


_FIXED_HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas eve": (12, 24),
    "christmas": (12, 25), "boxing day": (12, 26), "valentine's day": (2, 14),
    "halloween": (10, 31),
}  # fmt: skip
_HOLIDAY_ALIASES = {
    "new year's day": "new year's day", "new years day": "new year's day",
    "new year's eve": "new year's eve", "new years eve": "new year's eve",
    "christmas eve": "christmas eve", "christmas day": "christmas", "christmas": "christmas",
    "xmas": "christmas", "boxing day": "boxing day", "valentine's day": "valentine's day",
    "valentines day": "valentine's day", "valentine day": "valentine's day",
    "halloween": "halloween", "easter sunday": "easter", "easter": "easter",
    "easter monday": "easter monday", "easter mon": "easter monday", "good friday": "good friday",
    "thanksgiving day": "thanksgiving", "thanksgiving": "thanksgiving",
}  # fmt: skip


def _text_year(text: str, anchor: dt.date | None) -> int:
    """Year for two digits written in running text ("3 JAN 90", "'82").

    With an anchor: the latest year ending in those digits that is at most ten years after the
    anchor. Without one: the POSIX pivot.
    """
    two = int(text[-2:])
    if anchor is None:
        return _posix_year(two)
    year = anchor.year - anchor.year % 100 + two
    if year > anchor.year + 10:
        return year - 100
    # An anchor late in a century reaches into the next one: '00 is 2000 in 1995.
    return year + 100 if year + 100 <= anchor.year + 10 else year


# Rules: each compiled pattern has a handler that checks the match in context and returns a
# resolver (run later, in text order, against the anchor and the reference time) or None.


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What handlers may look at: the whole text and whether month names must be capitalized.

    ``strict`` is on when scanning running text (orthography separates "May" the month from
    "may" the verb) and off for ``normalize_timex``, whose input is known to be temporal.
    """

    text: str
    strict: bool


_Handler = Callable[[re.Match[str], _Ctx], _Resolver | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern, its handler, its rank among equally long matches, and cheap prefilters.

    ``triggers``: lowercase substrings one of which the text must contain for the pattern to be
    worth running (most texts have no "century" or "Christmas" in them).
    """

    pattern: re.Pattern[str]
    handler: _Handler
    priority: int = 0
    triggers: tuple[str, ...] = ()


def _word_before(ctx: _Ctx, start: int) -> str:
    """The word just before ``start`` (lowercased), skipping spaces and a hyphen."""
    match = re.search(r"([a-z']+)[\s-]*$", ctx.text[max(0, start - 30) : start], re.IGNORECASE)
    return match.group(1).lower() if match else ""


def _month_ok(ctx: _Ctx, month_text: str, has_year: bool = False) -> bool:
    """Whether a month name is acceptable: in running text it must be capitalized ("March" vs
    "to march") unless a four-digit year follows ("25th march 2015" is a date in any case)."""
    return not ctx.strict or has_year or month_text[0].isupper()


def _month_number(text: str) -> int:
    return _MONTHS[text.lower().rstrip(".")]


def _day_number(text: str) -> int | None:
    """Day of month from digits ("13", "13th") or an ordinal word ("third")."""
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    return _ORDINAL_WORDS.get(text.lower().replace(" ", "-"))


def _absolute_date(year: int, month: int, day: int) -> _Resolver:
    def resolve(env: _Env) -> _Res | None:
        date = _valid_date(year, month, day)
        return None if date is None else replace(_day_res(date), explicit_year=year)

    return resolve


def _yearless_date(month: int, day: int, weekday: int | None, future: bool | None) -> _Resolver:
    def resolve(env: _Env) -> _Res | None:
        if env.anchor is not None:
            return _yearless_day(month, day, weekday, env.anchor, future)
        if env.ref_year is not None:
            date = _valid_date(env.ref_year, month, day)
            return None if date is None else _day_res(date)
        if _valid_date(2000, month, day) is None:  # 2000 is a leap year: any real day fits
            return None
        return _Res("DATE", f"XXXX-{month:02d}-{day:02d}", granularity="day")

    return resolve


def _h_iso(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'2025-01-13', '2025-01-13T08:30Z'."""
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if _valid_date(year, month, day) is None:
        return None
    if match["hh"] is None:
        return _absolute_date(year, month, day)
    clock = _Clock(int(match["hh"]), int(match["mi"]), _opt_int(match["ss"]), None)
    if match["tz"]:
        clock = replace(clock, offset=_zone_offset_minutes(match["tz"]))
    date = dt.date(year, month, day)
    return lambda env: _time_res(date, clock, explicit=True)


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group's text, None when the rule's pattern has no such group or it did not match."""
    return match.group(name) if name in match.re.groupindex else None


def _opt_int(text: str | None) -> int | None:
    return None if text is None else int(text)


def _h_numeric(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'13/01/2025', '7/8/07', '13.01.2025' (day/month order by magnitude, else by the anchor)."""
    first, second = int(match["a"]), int(match["b"])
    if len(match["y"]) == 2 and match["sep"] != "/":
        return None  # "3.5.10" and "10-31-74" are more often versions or codes than dates
    year_text = match["y"]

    def resolve(env: _Env) -> _Res | None:
        year = int(year_text) if len(year_text) == 4 else _text_year(year_text, env.anchor)
        readings = []
        for day, month in ((first, second), (second, first)):
            date = _valid_date(year, month, day)
            if date is not None:
                readings.append(date)
        if not readings:
            return None
        chosen = readings[0]  # day first: the project's default order
        if len(readings) == 2 and env.anchor is not None:
            # Both orders are valid: news mentions dates near its publication date, so take the
            # reading nearer the anchor (ties stay day first).
            distance = [abs((r - env.anchor).days) for r in readings]
            chosen = readings[1] if distance[1] < distance[0] else readings[0]
        return replace(_day_res(chosen), explicit_year=year)

    return resolve


def _h_ymd_slash(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'2025/01/13'."""
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    return _absolute_date(year, month, day) if _valid_date(year, month, day) else None


def _h_day_month(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'13 January 2025', 'the 2nd of March', 'January 13, 2025', 'Jan. 13', 'Friday, July 18'."""
    if not _month_ok(ctx, match["mon"], has_year=len((match["year"] or "").lstrip("'")) == 4):
        return None
    month = _month_number(match["mon"])
    day = _day_number(match["day"])
    if day is None or not 1 <= day <= 31:
        return None
    weekday = _WEEKDAYS[match["wd"].lower()] if match["wd"] else None
    year_text = match["year"]
    if year_text is None:
        if _valid_date(2000, month, day) is None:
            return None
        future = _future_cue(ctx.text, match.start(), match.end())
        return _yearless_date(month, day, weekday, future)
    digits = year_text.lstrip("'")
    if len(digits) == 2 and not year_text.startswith("'") and ctx.strict:
        # In running text two bare digits after a month name are a year only in wire datelines
        # ("3 JAN 90", "31-Oct-74"), not in "on 5 March 20 people died".
        compact = "-" in match[0] or "/" in match[0]
        if not (compact or match["mon"].rstrip(".").lower() in _MONTH_ABBR.split("|")):
            return None

    def resolve(env: _Env) -> _Res | None:
        year = int(digits) if len(digits) == 4 else _text_year(digits, env.anchor)
        return _absolute_date(year, month, day)(env)

    return resolve


def _h_month_year(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'January 2025', "May '08"."""
    if not _month_ok(ctx, match["mon"], has_year=len(match["year"].lstrip("'")) == 4):
        return None
    month = _month_number(match["mon"])
    digits = match["year"].lstrip("'")

    def resolve(env: _Env) -> _Res | None:
        year = int(digits) if len(digits) == 4 else _text_year(digits, env.anchor)
        res = _month_res(year, month)
        return None if res is None else replace(res, explicit_year=year)

    return resolve


def _h_month_of_year(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'October of next year', 'March of last year', 'June this year'."""
    if not _month_ok(ctx, match["mon"]):
        return None
    month = _month_number(match["mon"])
    step = {"last": -1, "this": 0, "next": 1}[match["rel"].lower()]
    return _anchored(lambda a: _month_res(a.year + step, month))


# Words after which a bare "May" or "March" is the month, not the verb ("in May", not "and may").
_VERB_MONTH_CONTEXT = _words(
    "in since until till by during of from before after through between early mid late last "
    "next this end beginning start middle"
)


def _h_month(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'October', 'last September', 'next March' (year from the anchor)."""
    month_text = match["mon"]
    relation = (match["rel"] or "").lower()
    if not _month_ok(ctx, month_text):
        return None
    name = month_text.lower().rstrip(".")
    if ctx.strict and not relation:
        if name in ("may", "march") and _word_before(ctx, match.start()) not in _VERB_MONTH_CONTEXT:
            return None
        if name in _MONTH_ABBR.split("|") and not month_text.endswith("."):
            return None  # a bare "Jan" or "Dec" is more often a name than a month
    month = _MONTHS[name]
    future = _future_cue(ctx.text, match.start(), match.end())

    def resolve(env: _Env) -> _Res | None:
        if env.anchor is None:
            if env.ref_year is not None:
                return _month_res(env.ref_year, month)
            return _Res("DATE", f"XXXX-{month:02d}", granularity="month")
        anchor = env.anchor
        if relation in ("last", "past"):
            year = anchor.year if month < anchor.month else anchor.year - 1
            return _month_res(year, month)
        if relation in ("next", "coming"):
            year = anchor.year if month > anchor.month else anchor.year + 1
            return _month_res(year, month)
        if relation == "this":
            return _month_res(anchor.year, month)
        return _yearless_month(month, anchor, future)

    return resolve


# Words before a four-digit number that make it a year.
_YEAR_CONTEXT = _words(
    "in since by until till from to through during before after of between and or early mid "
    "late the end beginning start middle spring summer autumn fall winter fiscal year around "
    "circa c ca as"
)
# Nouns after a four-digit number that make it a count ("2000 soldiers"), not a year.
_COUNT_NOUNS = _words(
    "people persons soldiers troops civilians police policemen officers fighters rebels "
    "guerrillas militants insurgents refugees residents workers employees jobs staff members "
    "students children women men families homes houses buildings vehicles cars trucks tanks "
    "aircraft planes units shares votes voters cases deaths dead casualties victims prisoners "
    "hostages inhabitants peasants tons tonnes barrels dollars euros pounds pesos rubles yuan "
    "km kilometers kilometres miles meters metres feet hectares acres kg kilograms rounds "
    "shells rockets missiles bombs mines weapons rifles guns pages words"
)
_YEAR_FOLLOW_RE = re.compile(
    r"\s*(?:%|percent|per\s*cent|[.,:]\d|\s*-\s*(?:[a-z]+-)?(?:year|month|day)s?-old)"
    r"|\s+([a-z]+)",
    re.IGNORECASE,
)


def _h_year(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """A bare four-digit year ('in 2024', 'since 1992', 'the 2008 elections')."""
    year = int(match["year"])
    before = _word_before(ctx, match.start())
    if not 1000 <= year <= 2099 or (year < 1900 and before not in _YEAR_CONTEXT):
        return None
    follow = _YEAR_FOLLOW_RE.match(ctx.text, match.end())
    if follow is not None:
        noun = follow.group(1)
        if noun is None or (noun.lower() in _COUNT_NOUNS and before not in _YEAR_CONTEXT):
            return None
    if re.search(r"[$€£¥#]\s?$", ctx.text[max(0, match.start() - 2) : match.start()]):
        return None  # "$2000", "#1990"

    def resolve(env: _Env) -> _Res | None:
        res = _year_res(year)
        return None if res is None else replace(res, explicit_year=year)

    return resolve


def _h_apostrophe_year(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """ "'82" after a word that introduces a year ("in '82")."""
    if ctx.strict and _word_before(ctx, match.start()) not in _YEAR_CONTEXT:
        return None
    digits = match["yy"]
    return lambda env: _year_res(_text_year(digits, env.anchor))


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip


# Words after which a bare "80s" is a decade (in running text "80s" alone may be a temperature).
_DECADE_CONTEXT = _words("in of early mid late from and or to through until since")


def _h_decade(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'the 1990s', 'the '80s', '70s', 'the nineties'."""
    if match["century"]:
        decade = int(match["century"]) * 10 + int(match["tens"])
        return lambda env: _decade_res(decade)
    if match["word"]:
        tens = _DECADE_WORDS[match["word"].lower()]
    else:
        tens = int(match["tens2"])
        written_as_decade = match["the"] or match["apos"] or match["apos2"]
        if not written_as_decade and _word_before(ctx, match.start()) not in _DECADE_CONTEXT:
            return None
        if _word_before(ctx, match.start()) in ("his", "her", "their", "my", "your", "our", "its"):
            return None  # an age ("in his 50s")

    def resolve(env: _Env) -> _Res | None:
        # The most recent decade with these tens at or before the anchor's (twentieth century
        # without an anchor).
        if env.anchor is None:
            return _decade_res(190 + tens)
        decade = env.anchor.year // 100 * 10 + tens
        if decade > env.anchor.year // 10:
            decade -= 10
        return _decade_res(decade)

    return resolve


def _h_century(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'the 19th century', 'the twentieth century' (value "18", "19")."""
    ordinal = _day_number(match["n"])
    if not ordinal:
        return None
    return lambda env: _century_res(ordinal - 1)


_ORDINAL_QUARTERS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4,
}  # fmt: skip


def _h_quarter(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'the first quarter of 2009', 'third-quarter', 'the second half of last year'."""
    unit = match["unit"].lower().replace("qtr", "quarter")
    ordinal = match["ord"].lower()
    number = _ORDINAL_QUARTERS[ordinal]
    if unit == "half" and number > 2:
        number = 2 if ordinal in ("final", "last") else 0
    if number == 0:
        return None
    year_text = match["year"]
    relation = re.sub(r"\s+", " ", (match["rel"] or "").lower()).replace("the ", "")
    make = _half_res if unit == "half" else _quarter_res
    future = _future_cue(ctx.text, match.start(), match.end())

    def resolve(env: _Env) -> _Res | None:
        if year_text:
            year = int(year_text)
            res = make(year, number)
            return None if res is None else replace(res, explicit_year=year)
        if env.anchor is None:
            return make(env.ref_year, number) if env.ref_year else None
        anchor = env.anchor
        if relation:
            offset = {"last": -1, "previous": -1, "next": 1, "following": 1}.get(relation, 0)
            return make(anchor.year + offset, number)
        if ordinal == "last" and match["the"]:
            # "the last quarter" without a year is the quarter before the anchor's.
            return _unit_res("quarter", anchor - relativedelta(months=3))
        if unit == "half":
            half_now = 1 if anchor.month <= 6 else 2
            year = anchor.year if number <= half_now or future else anchor.year - 1
            return make(year, number)
        return _yearless_quarter(number, anchor, future)

    return resolve


def _h_fiscal(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'fiscal 2009', 'FY2009', "FY'09" (value "FY2009")."""
    digits = match["fy"]

    def resolve(env: _Env) -> _Res | None:
        year = int(digits) if len(digits) == 4 else _text_year(digits, env.anchor)
        return _Res("DATE", f"FY{year:04d}", granularity="year", explicit_year=year)

    return resolve


def _h_season(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'spring', 'last summer', 'winter 2009' (meteorological seasons)."""
    name = match["season"].lower()
    relation = (match["rel"] or "").lower()
    year_text = match["year"]
    if (
        ctx.strict
        and name == "fall"
        and not relation
        and not year_text
        and _word_before(ctx, match.start()) not in ("the", "this", "early", "late", "mid")
    ):
        return None  # "prices fall" is a verb
    code = _SEASON_CODES[name]

    def resolve(env: _Env) -> _Res | None:
        if year_text:
            return _season_res(int(year_text), code)
        if env.anchor is None:
            return _season_res(env.ref_year, code) if env.ref_year else None
        now_year, now_code = _season_of(env.anchor)
        now_index = now_year * 4 + _SEASON_INDEX[now_code]
        candidates = []
        for year in (now_year - 1, now_year, now_year + 1):
            index = year * 4 + _SEASON_INDEX[code]
            if relation in ("last", "past") and index >= now_index:
                continue
            if relation in ("next", "coming") and index <= now_index:
                continue
            res = _season_res(year, code)
            if res is not None:
                candidates.append((index, res))
        if relation == "this":
            return _season_res(
                now_year if code != "WI" or now_code == "WI" else env.anchor.year, code
            )
        if relation in ("last", "past"):
            return max(candidates, key=lambda c: c[0])[1] if candidates else None
        if relation in ("next", "coming"):
            return min(candidates, key=lambda c: c[0])[1] if candidates else None
        return _pick(candidates, now_index, _future_cue(ctx.text, match.start(), match.end()))

    return resolve


def _anchored(build: Callable[[dt.date], _Res | None], timex_type: str = "DATE") -> _Resolver:
    """Resolver for an anchor-relative expression; unresolved (value None) without an anchor."""

    def resolve(env: _Env) -> _Res | None:
        if env.anchor is None:
            return _Res(timex_type, None)
        return build(env.anchor)

    return resolve


_DAY_WORD_OFFSETS = {
    "today": 0, "tonight": 0, "tonite": 0, "yesterday": -1, "tomorrow": 1,
    "day before yesterday": -2, "day after tomorrow": 2,
}  # fmt: skip


def _h_day_word(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'today', 'earlier today', 'yesterday', 'the day before yesterday', 'tonight'."""
    word = re.sub(r"\s+", " ", match["w"].lower())
    offset = _DAY_WORD_OFFSETS[word]
    if word.startswith("toni"):
        return _anchored(lambda a: _pod_res(a, "NI"), "TIME")
    return _anchored(lambda a: _day_res(a + dt.timedelta(days=offset)))


def _pod_res(day: dt.date, code: str) -> _Res:
    """TIME value for a part of a day ("2025-01-13TMO")."""
    return _Res("TIME", f"{day.isoformat()}T{code}", day, day, "time", day=day, pod=code)


def _h_day_pod(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'this morning', 'last night', 'yesterday afternoon', 'tomorrow evening'."""
    relation = match["rel"].lower()
    code = _POD_CODES[match["pod"].lower()]
    offset = {"this": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[relation]
    if relation == "last" and code not in ("NI", "EV"):
        return None  # only "last night" and "last evening" mean the day before
    return _anchored(lambda a: _pod_res(a + dt.timedelta(days=offset), code), "TIME")


def _h_bare_pod(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'morning', 'night' alone: kept only when it joins a day ("Friday morning")."""
    code = _POD_CODES[match["pod"].lower()]
    return lambda env: _Res("TIME", None, granularity="time", pod=code, bare=True)


def _h_weekday_of_week(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'Wednesday of next week', 'Tuesday last week', 'monday of this week'."""
    weekday = _WEEKDAYS[match["wd"].lower().rstrip(".")]
    step = {"this": 0, "last": -1, "next": 1}[match["rel"].lower()]

    def build(anchor: dt.date) -> _Res:
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        return _day_res(monday + dt.timedelta(days=weekday))

    return _anchored(build)


# Words that make a weekday part of a name ("Black Monday") rather than a day of the anchor's week.
_NAMED_DAY_WORDS = _words("black cyber blue bloody easter whit super manic giving")


def _h_weekday(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'on Monday', 'last Friday', 'next Tuesday' (bare: most recent on or before the anchor)."""
    weekday_text = match["wd"]
    if (
        ctx.strict
        and weekday_text.lower() not in _WEEKDAY_FULL.split("|")
        and "." not in weekday_text
    ):
        return None  # in running text a bare "Sun" or "Sat" is rarely a weekday
    weekday = _WEEKDAYS[weekday_text.lower().rstrip(".")]
    relation = (match["rel"] or "").lower()
    if not relation and _word_before(ctx, match.start()) in _NAMED_DAY_WORDS:
        return None  # "Black Monday", "Cyber Monday": named days, not the anchor's week
    future = not relation and _future_cue(ctx.text, match.start(), match.end())

    def resolve(env: _Env) -> _Res | None:
        if env.anchor is None:
            return _Res("DATE", f"XXXX-WXX-{weekday + 1}", granularity="day")
        return _day_res(_relative_weekday(weekday, env.anchor, relation, future))

    return resolve


def _h_calendar_unit(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'last week', 'this month', 'next year', 'the previous year', 'earlier this month'."""
    relation = re.sub(r"\s+", " ", match["rel"].lower())
    unit = match["unit"].lower().replace("-", "").replace("week end", "weekend")
    unit = {"yr": "year", "qtr": "quarter"}.get(unit, unit)
    unit = "weekend" if unit.startswith("weekend") else unit
    edge = (match["edge"] or "").lower()
    if edge and relation not in ("this", "the current", "current"):
        return None
    if relation == "the past" and unit != "weekend":
        return None  # "the past week" is a duration, handled with the other durations
    step = {
        "this": 0, "current": 0, "the current": 0, "last": -1, "previous": -1, "the last": -1,
        "the previous": -1, "past": -1, "the past": -1, "next": 1, "coming": 1, "the coming": 1,
        "following": 1, "the following": 1, "upcoming": 1, "the upcoming": 1,
    }[relation]  # fmt: skip
    # "the previous/following year" counts from the narrative's reference year when one was
    # written ("In 2005 ... the following year"), "last/next year" from the anchor.
    from_reference = relation in ("the previous", "the following") and unit == "year"

    def resolve(env: _Env) -> _Res | None:
        if from_reference and env.ref_year is not None:
            return _year_res(env.ref_year + step)
        if env.anchor is None:
            return _Res("DATE", None, granularity="week" if unit == "weekend" else unit)
        anchor = env.anchor
        moved = _move(anchor, unit, step)
        res = None if moved is None else _unit_res(unit, moved)
        if res is None:
            return None
        if edge == "earlier":
            return replace(res, end_date=min(res.end_date or anchor, anchor))
        if edge == "later":
            return replace(res, start_date=max(res.start_date or anchor, anchor))
        return res

    return resolve


def _move(day: dt.date, unit: str, step: int) -> dt.date | None:
    """``day`` moved by ``step`` calendar units."""
    sizes = {
        "day": relativedelta(days=1), "week": relativedelta(weeks=1),
        "weekend": relativedelta(weeks=1), "month": relativedelta(months=1),
        "quarter": relativedelta(months=3), "year": relativedelta(years=1),
        "decade": relativedelta(years=10), "century": relativedelta(years=100),
    }  # fmt: skip
    try:
        return day + step * sizes[unit]
    except (ValueError, OverflowError):
        return None


def _h_the_weekend(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'the weekend': the last one on or before the anchor, the coming one in a future context."""
    future = _future_cue(ctx.text, match.start(), match.end())

    def build(anchor: dt.date) -> _Res | None:
        if future or anchor.weekday() >= 5:
            return _weekend_res(anchor)
        return _weekend_res(anchor - dt.timedelta(days=7))

    return _anchored(build)


def _h_the_day(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'the day', 'the same day', 'that day': the narrative's reference day (anaphora).

    Not when a clause or a complement says which day ("the day of the vote", "the day he left"),
    and plain "the day" only where market and event reports use it for the day being reported
    ("ended the day", "later in the day", "for the day"), not in idioms ("order of the day").
    """
    if re.match(_DAY_COMPLEMENT, ctx.text[match.end() :], re.IGNORECASE):
        return None
    words = re.sub(r"\s+", " ", match[0].lower())
    if words == "the day" and _word_before(ctx, match.start()) not in _THE_DAY_CONTEXT:
        return None

    def resolve(env: _Env) -> _Res | None:
        day = env.ref_day or env.anchor
        return _Res("DATE", None, granularity="day") if day is None else _day_res(day)

    return resolve


_THE_DAY_CONTEXT = _words(
    "on during for throughout in over end ended ending ends finish finished finishing start "
    "started starting began begin open opened opening close closed closing all"
)
_DAY_COMPLEMENT = (
    r"\s*(?:-|'s\s+(?:high|low)\b)"
    r"|\s+(?:of|off|prior|when|that|after|before|on|in|which|he|she|it|they"
    r"|we|i|you|the|a|an|his|her|their|its|our|my|your|this|these|those)\b"
)


def _h_unit_before(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'the year before', 'the previous month' style offsets from the narrative's reference time."""
    unit = match["unit"].lower()

    def resolve(env: _Env) -> _Res | None:
        if unit == "year" and env.ref_year is not None:
            return _year_res(env.ref_year - 1)
        origin = env.ref_day or env.anchor
        if origin is None:
            return _Res("DATE", None, granularity=unit)
        moved = _move(origin, unit, -1)
        return None if moved is None else _unit_res(unit, moved)

    return resolve


def _h_the_unit(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'the year', 'the month', 'the week' only after 'the end of', 'the beginning of', ..."""
    before = ctx.text[max(0, match.start() - 30) : match.start()]
    if not re.search(r"(?:start|beginning|end|middle|close|turn)\s+of\s*$", before, re.IGNORECASE):
        return None
    unit = match["unit"].lower()
    return _anchored(lambda a: _unit_res(unit, a))


def _parts(quantities: str) -> dict[str, float | None] | None:
    """Duration letters to amounts for '1 year, 2 months'; None for an invalid count."""
    parts: dict[str, float | None] = {}
    for qty in _QTY_RE.finditer(quantities):
        amount = _count(qty["num"])
        unit = _unit_key(qty["unit"])
        letter, multiplier, _ = _UNITS[unit]
        if unit == "second" and qty["num"].strip().lower() in ("a", "an"):
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


def _finest_unit(quantities: str) -> str:
    """Granularity of the finest unit in a list of quantities."""
    order = ["century", "decade", "year", "quarter", "month", "week", "day", "time"]
    finest = "century"
    for qty in _QTY_RE.finditer(quantities):
        granularity = _UNITS[_unit_key(qty["unit"])][2]
        if order.index(granularity) > order.index(finest):
            finest = granularity
    return finest


def _offset_res(
    anchor: dt.date, parts: dict[str, float | None], sign: int, finest: str
) -> _Res | None:
    """The point reached by an offset, as a value of the offset's finest unit."""
    if any(v is None or v != int(v) for v in parts.values()):
        return None
    whole = {k: float(v) for k, v in parts.items() if v is not None}
    day = _shift(anchor, whole, sign)
    if day is None:
        return None
    unit = {"century": "year", "decade": "year", "time": "day"}.get(finest, finest)
    res = _unit_res(unit, day)
    return None if res is None else replace(res, day=day, direction=sign)


_PAST_WORDS = ("ago", "earlier", "before", "back")


def _h_offset(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'two days ago', 'three weeks later', 'a year earlier', '7 years from now', 'in 2 weeks'."""
    quantities = match["qty"]
    parts = _parts(quantities)
    if parts is None:
        return None
    direction = re.sub(r"\s+", " ", (_group(match, "dir") or "").lower())
    prefix = (_group(match, "pre") or "").lower()
    finest = _finest_unit(quantities)
    # In running text "fell 9% in thirty minutes", "the first loss in 16 years" and "after two
    # days of talks" measure a stretch of time; only a future context ("will open in two weeks")
    # makes "in N units" a point. Returning None lets the duration rule take "N units" alone. A
    # lone expression ("in 2 weeks") is read as the point.
    if (
        prefix
        and not direction
        and ctx.strict
        and (
            prefix == "after"
            or _superlative_before(ctx, match.start())
            or not _future_cue(ctx.text, match.start(), match.end())
        )
    ):
        return None
    sign = -1 if direction in _PAST_WORDS else 1
    from_reference = direction in ("earlier", "before", "later", "after") or prefix == "after"
    # "two days before the vote" counts from an event, not from a date: only the elliptical use
    # ("four days before.", "after 4 days,") is an offset.
    elliptical = re.match(r"\s*(?:[,.;:!?)]|$|\s(?:and|but|when|as)\b)", ctx.text[match.end() :])
    if (direction in ("before", "after") or prefix == "after") and not elliptical:
        return None

    def resolve(env: _Env) -> _Res | None:
        origin = env.ref_day if from_reference and env.ref_day is not None else env.anchor
        if origin is None:
            return _Res("DATE", None, granularity=finest)
        return _offset_res(origin, parts, sign, finest)

    return resolve


_SUPERLATIVE_RE = re.compile(
    r"\b(?:first|last|highest|lowest|best|worst|biggest|largest|smallest|most|least|record|only"
    r"|strongest|weakest|fastest|slowest|deadliest|longest|greatest)\b[^.;!?]*$",
    re.IGNORECASE,
)


def _superlative_before(ctx: _Ctx, start: int) -> bool:
    """Whether a superlative ("the first loss", "its lowest level") precedes in the clause."""
    return bool(_SUPERLATIVE_RE.search(ctx.text[max(0, start - 50) : start]))


def _duration_res(parts: dict[str, float | None], finest: str) -> _Res:
    """DURATION with the value for ``parts`` and the granularity of its finest unit."""
    return _Res("DURATION", _duration_value(parts), granularity=finest)


def _h_span(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'the past three months', 'the next six months', 'the last two weeks' (anchored durations)."""
    quantities = match["qty"]
    parts = _parts(quantities)
    if parts is None:
        return None
    direction = match["dir"].lower()
    finest = _finest_unit(quantities)
    sign = 1 if direction in ("next", "coming", "following") else -1
    duration = _duration_res(parts, finest)

    def resolve(env: _Env) -> _Res | None:
        if env.anchor is None or any(v is None or v != int(v) for v in parts.values()):
            return duration
        whole = {k: float(v) for k, v in parts.items() if v is not None}
        other = _shift(env.anchor, whole, sign)
        if other is None:
            return duration
        start, end = (other, env.anchor) if sign < 0 else (env.anchor, other)
        return replace(duration, start_date=start, end_date=end)

    return resolve


def _h_past_unit(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'the past week', 'the past decade', 'the past 24 hours' without a count: one unit."""
    unit = _unit_key(match["unit"])
    letter, multiplier, granularity = _UNITS[unit]
    length = {letter: float(multiplier)}
    sign = 1 if match["dir"].lower() in ("next", "coming") else -1
    duration = _duration_res(dict(length), granularity)

    def resolve(env: _Env) -> _Res | None:
        if env.anchor is None:
            return duration
        other = _shift(env.anchor, length, sign)
        if other is None:
            return duration
        start, end = (other, env.anchor) if sign < 0 else (env.anchor, other)
        return replace(duration, start_date=start, end_date=end)

    return resolve


def _h_duration(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'three weeks', 'two and a half years', 'a 12-year', 'several decades', '1 year 2 months'."""
    quantities = match["qty"]
    if re.search(r"quarters?$", quantities, re.IGNORECASE) and re.match(
        r"\s+of\b", ctx.text[match.end() :]
    ):
        return None  # "about a quarter of the dealers" is a fraction
    parts = _parts(quantities)
    if parts is None:
        return None
    if len(parts) == 1 and None in parts.values():
        unit = _unit_key(_QTY_RE.search(quantities)["unit"])
        return lambda env: _Res(
            "DURATION", _vague_duration_value(unit), granularity=_UNITS[unit][2]
        )
    finest = _finest_unit(quantities)
    return lambda env: _duration_res(parts, finest)


def _h_half_unit(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'half a year', 'half an hour', 'a year and a half'."""
    unit = _unit_key(match["unit"] or match["unit2"])
    letter, multiplier, granularity = _UNITS[unit]
    amount = (1.5 if match["and_half"] else 0.5) * multiplier
    return lambda env: _duration_res({letter: amount}, granularity)


def _h_q_code(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'Q3 2009', '2009-Q1', 'Q4' (year from the anchor)."""
    quarter = int(match["q"])
    year_text = match["year"] or match["year2"]
    future = _future_cue(ctx.text, match.start(), match.end())

    def resolve(env: _Env) -> _Res | None:
        if year_text:
            res = _quarter_res(int(year_text), quarter)
            return None if res is None else replace(res, explicit_year=int(year_text))
        if env.anchor is None:
            return _quarter_res(env.ref_year, quarter) if env.ref_year else None
        return _yearless_quarter(quarter, env.anchor, future)

    return resolve


def _h_vague_plural(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'for years', 'in decades', 'over the years' (an unknown count)."""
    if _word_before(ctx, match.start()) not in ("for", "over", "within", "in"):
        return None
    unit = _unit_key(match["unit"])
    return lambda env: _Res("DURATION", _vague_duration_value(unit), granularity=_UNITS[unit][2])


def _h_ref_word(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """PRESENT_REF, PAST_REF and FUTURE_REF words ('now', 'recently', 'the coming days')."""
    words = re.sub(r"\s+", " ", match[0].lower())
    if words in ("the past", "the future") and _word_before(ctx, match.start()) not in ("in", "of"):
        return None
    if words == "soon" and re.match(r"\s+as\b", ctx.text[match.end() :], re.IGNORECASE):
        return None  # "as soon as"
    if words == "now" and re.match(r"\s*-\s*|\s+that\b", ctx.text[match.end() :]):
        return None  # "now-defunct"; "now that" is a conjunction
    if match["present"]:
        value = "PRESENT_REF"
    elif match["past"]:
        value = "PAST_REF"
    else:
        value = "FUTURE_REF"

    def resolve(env: _Env) -> _Res:
        anchor = env.anchor
        if anchor is None:
            return _Res("DATE", value)
        if value == "PRESENT_REF":
            return _Res("DATE", value, anchor, anchor)
        if value == "PAST_REF":
            return _Res("DATE", value, None, anchor)
        return _Res("DATE", value, anchor, None)

    return resolve


_SET_WORDS = {
    "daily": ("P1D", "day"), "nightly": ("XXXX-XX-XXTNI", "time"), "weekly": ("P1W", "week"),
    "biweekly": ("P2W", "week"), "fortnightly": ("P2W", "week"), "monthly": ("P1M", "month"),
    "quarterly": ("P3M", "quarter"), "yearly": ("P1Y", "year"), "annually": ("P1Y", "year"),
    "annual": ("P1Y", "year"), "hourly": ("PT1H", "time"),
}  # fmt: skip


def _h_set_word(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'daily', 'weekly', 'annual', ...: a set of times."""
    value, granularity = _SET_WORDS[match["w"].lower()]
    return lambda env: _Res("SET", value, granularity=granularity)


def _h_set_every(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'every week', 'every two weeks', 'each year', 'per day', 'twice a week', 'every Monday'."""
    if match["wd"]:
        weekday = _WEEKDAYS[match["wd"].lower().rstrip("s")]
        return lambda env: _Res("SET", f"XXXX-WXX-{weekday + 1}", granularity="day")
    unit = _unit_key(match["unit"])
    letter, multiplier, granularity = _UNITS[unit]
    count = 1.0
    if match["num"]:
        amount = _count(match["num"])
        if amount is None or not math.isfinite(amount):
            return None
        count = amount
    if match["other"]:
        count *= 2
    value = _duration_value({letter: count * multiplier})
    return lambda env: _Res("SET", value, granularity=granularity)


def _h_set_after_amount(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'$5 billion a year', '10,000 barrels a day': a rate, only after an amount."""
    before = ctx.text[max(0, match.start() - 25) : match.start()]
    if not re.search(
        r"(?:\d|million|billion|trillion|thousand|percent|%|times|once|twice)\s*$",
        before,
        re.IGNORECASE,
    ):
        return None
    unit = _unit_key(match["unit"])
    letter, multiplier, granularity = _UNITS[unit]
    value = _duration_value({letter: float(multiplier)})
    return lambda env: _Res("SET", value, granularity=granularity)


def _h_plural_weekday(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'on Mondays': a set of weekdays."""
    weekday = _WEEKDAYS[match["wd"].lower()]
    return lambda env: _Res("SET", f"XXXX-WXX-{weekday + 1}", granularity="day")


def _clock_from(match: re.Match[str]) -> _Clock | None:
    """Clock time from a match with groups h, m, s, ap, tz; None when it is not a time."""
    hour = int(match["h"])
    minute = int(_group(match, "m") or 0)
    ampm = (match["ap"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = (hour % 12) + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    offset = _zone_offset_minutes(match["tz"]) if match["tz"] else None
    return _Clock(hour, minute, _opt_int(_group(match, "s")), offset)


def _time_res(day: dt.date, clock: _Clock, explicit: bool = False) -> _Res:
    """TIME value for a clock time on a day; a zone converts it to UTC ("...Z")."""
    hour, minute = clock.hour, clock.minute
    suffix = ""
    # The first and last days of the calendar have no room for the shift to UTC: local time.
    if clock.offset is not None and dt.date.min < day < dt.date.max:
        local = dt.datetime.combine(day, dt.time(hour, minute, clock.second or 0))
        utc = local - dt.timedelta(minutes=clock.offset)
        day, hour, minute, suffix = utc.date(), utc.hour, utc.minute, "Z"
    text = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    if clock.second is not None:
        text += f":{clock.second:02d}"
    explicit_year = day.year if explicit else None
    return _Res(
        "TIME", text + suffix, day, day, "time", day=day, clock=clock, explicit_year=explicit_year
    )


def _floating_time(clock: _Clock) -> _Resolver:
    """A clock time without a written day.

    It is placed on the narrative's reference day (else the anchor's) until it joins an
    adjacent day.
    """

    def resolve(env: _Env) -> _Res | None:
        day = env.ref_day or env.anchor
        if day is None:
            text = f"XXXX-XX-XXT{clock.hour:02d}:{clock.minute:02d}"
            return _Res("TIME", text, granularity="time", clock=clock)
        return replace(_time_res(day, clock), day=None)

    return resolve


def _h_clock(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'08:30 UTC', '6:40 p.m.', '3 pm', '0800 GMT', 'AT 1625' (wire copy), 'noon'."""
    if _group(match, "word"):
        word = match["word"].lower()
        # Midnight is read as the start of the day it is attached to.
        clock = _Clock(0 if word == "midnight" else 12, 0, None, None)
        return _floating_time(clock)
    if _group(match, "hm"):
        digits = match["hm"]
        clock = _Clock(int(digits[:2]), int(digits[2:]), None, None)
        if clock.hour > 23 or clock.minute > 59:
            return None
        if _group(match, "tz"):
            clock = replace(clock, offset=_zone_offset_minutes(match["tz"]))
        return _floating_time(clock)
    clock = _clock_from(match)
    return None if clock is None else _floating_time(clock)


def _h_holiday(match: re.Match[str], ctx: _Ctx) -> _Resolver | None:
    """'Christmas', 'last Easter', 'Thanksgiving 2016' (year chosen like other yearless dates)."""
    name = re.sub(r"\s+", " ", match["h"].lower())
    if name not in _HOLIDAY_ALIASES:
        return None
    relation = (match["rel"] or "").lower()
    year_text = match["year"]
    future = _future_cue(ctx.text, match.start(), match.end())

    def resolve(env: _Env) -> _Res | None:
        if year_text:
            date = _holiday_date(name, int(year_text))
            return None if date is None else replace(_day_res(date), explicit_year=int(year_text))
        base = env.anchor
        if base is None:
            if env.ref_year is None:
                return None
            date = _holiday_date(name, env.ref_year)
            return None if date is None else _day_res(date)
        candidates = []
        for year in (base.year - 1, base.year, base.year + 1):
            date = _holiday_date(name, year)
            if date is not None:
                candidates.append((date.toordinal(), _day_res(date)))
        if relation == "last":
            earlier = [c for c in candidates if c[0] < base.toordinal()]
            return max(earlier, key=lambda c: c[0])[1] if earlier else None
        if relation == "next":
            later = [c for c in candidates if c[0] > base.toordinal()]
            return min(later, key=lambda c: c[0])[1] if later else None
        if relation == "this":
            date = _holiday_date(name, base.year)
            return None if date is None else _day_res(date)
        return _pick(candidates, base.toordinal(), future)

    return resolve


def _compile(pattern: str) -> re.Pattern[str]:
    """A rule's pattern. Written in lower case: `_matches` also runs it, case-sensitively, on
    lower-cased text."""
    return re.compile(pattern, re.IGNORECASE)


_DAY = (
    r"(?P<day>(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![a-z\d])|"
    + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r")"
)
_YEAR4 = r"(?P<year>\d{4}|'\d{2})(?![\d:])"
_REL_SPAN_DIR = r"(?P<dir>past|last|next|coming|previous|following)"
_B = r"(?<![\w'])"  # start of a word (also after a hyphen, so "mid-2011" works)
_E = r"(?!\w)"  # end of a word (a possessive "'s" may follow: "this year's")

_RULES: tuple[_Rule, ...] = (
    _Rule(
        _compile(
            _B + r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[t ](?P<hh>\d{2}):(?P<mi>\d{2})"
            r"(?::(?P<ss>\d{2})(?:\.\d+)?)?(?P<tz>z|[+-]\d{2}:?\d{2})?)?(?![\w-])"
        ),
        _h_iso,
        3,
    ),
    _Rule(
        _compile(
            r"(?<![\w/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
            r"(?![\w/-]|\.\d)"
        ),
        _h_numeric,
        3,
    ),
    _Rule(
        _compile(r"(?<![\w/.-])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\w/]|\.\d)"),
        _h_ymd_slash,
        3,
        triggers=("/",),
    ),
    _Rule(
        _compile(
            _B
            + _WEEKDAY_PREFIX
            + r"(?:the\s+)?"
            + _DAY
            + r"(?:\s+of|\s*[-/])?\s*(?P<mon>"
            + _MONTH
            + r")"
            r"(?:(?:\s*,\s*|\s+|[-/])" + _YEAR4 + r")?"
        ),
        _h_day_month,
        2,
    ),
    _Rule(
        # "3 JAN 90", "31-Oct-74", "14th April 15"
        _compile(
            _B + _WEEKDAY_PREFIX + r"(?P<day>(?:3[01]|[12]\d|0?[1-9]))(?:st|nd|rd|th)?(?:\s+|[-/])"
            r"(?P<mon>" + _MONTH + r")(?:\s+|[-/])(?P<year>\d{2})(?![\w:])"
        ),
        _h_day_month,
        2,
    ),
    _Rule(
        _compile(
            _B
            + _WEEKDAY_PREFIX
            + r"(?P<mon>"
            + _MONTH
            + r")\s*(?:the\s+)?"
            + _DAY
            + r"(?!\s*(?:%|percent|per\s*cent))(?:(?:\s*,\s*|\s+)"
            + _YEAR4
            + r")?(?![\d:]|[.,]\d)"
        ),
        _h_day_month,
        2,
    ),
    _Rule(_compile(_B + r"(?P<mon>" + _MONTH + r")(?:\s+of)?\s*,?\s+" + _YEAR4), _h_month_year, 2),
    _Rule(
        _compile(_B + r"(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<mon>" + _MONTH + r")"),
        _h_month,
        1,
    ),
    _Rule(_compile(r"(?<![\w$€£¥#.,/'])(?P<year>\d{4})(?![\w%']|[.,/]\d)"), _h_year, 0),
    _Rule(_compile(r"(?<![\w'])'(?P<yy>\d{2})(?![\w'])"), _h_apostrophe_year, 0, triggers=("'",)),
    _Rule(
        _compile(
            _B + r"(?:(?P<the>the)\s+)?(?:(?P<century>1\d|20)(?P<tens>\d)0'?s"
            r"|(?P<apos>')?(?P<tens2>\d)0(?P<apos2>')?s"
            r"|(?<=the\s)(?P<word>twenties|thirties|forties"
            r"|fifties|sixties|seventies|eighties|nineties))" + _E
        ),
        _h_decade,
        1,
        triggers=("0s", "0's", "ties"),
    ),
    _Rule(
        _compile(
            _B
            + r"(?:the\s+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|"
            + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
            + r")[\s-]+century"
            + _E
        ),
        _h_century,
        1,
        triggers=("centur",),
    ),
    _Rule(
        _compile(
            _B + r"(?:(?P<the>the)\s+)?"
            r"(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
            r"[\s-]+(?P<unit>quarter|qtr|half)"
            + _E
            + r"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<year>\d{4})"
            r"|(?P<rel>this|last|next|the\s+current|the\s+previous|the\s+following)\s+year))?"
        ),
        _h_quarter,
        1,
        triggers=("quarter", "qtr", "half"),
    ),
    _Rule(
        _compile(_B + r"(?:(?P<year>\d{4})\s*-?\s*)?q(?P<q>[1-4])(?:\s+(?P<year2>\d{4}))?" + _E),
        _h_q_code,
        1,
        triggers=("q",),
    ),
    _Rule(
        _compile(_B + r"(?:fiscal(?:\s+year)?\s*|fy\s*'?)(?P<fy>\d{4}|\d{2})" + _E),
        _h_fiscal,
        1,
        triggers=("fiscal", "fy"),
    ),
    _Rule(
        _compile(
            _B + r"(?:(?P<rel>this|last|next|past|coming)\s+)?(?P<season>spring|summer|autumn|fall"
            r"|winter)" + _E + r"(?:\s+(?:of\s+)?(?P<year>\d{4})" + _E + r")?"
        ),
        _h_season,
        1,
        triggers=("spring", "summer", "autumn", "fall", "winter"),
    ),
    _Rule(
        _compile(
            _B + r"(?:(?:earlier|later)\s+)?(?:the\s+)?(?P<w>day\s+before\s+yesterday|day\s+after"
            r"\s+tomorrow|today|tonight|tonite|yesterday|tomorrow)" + _E
        ),
        _h_day_word,
        2,
        triggers=("today", "tonight", "tonite", "yesterday", "tomorrow"),
    ),
    _Rule(
        _compile(
            _B + r"(?P<rel>this|yesterday|tomorrow|last|tonight)\s+"
            r"(?P<pod>morning|afternoon|evening|night)" + _E
        ),
        _h_day_pod,
        2,
        triggers=("morning", "afternoon", "evening", "night"),
    ),
    _Rule(
        _compile(_B + r"(?P<pod>morning|afternoon|evening|night)" + _E),
        _h_bare_pod,
        0,
        triggers=("morning", "afternoon", "evening", "night"),
    ),
    _Rule(
        _compile(
            _B
            + r"(?:(?P<rel>last|next|this|past|coming|previous)\s+)?(?P<wd>"
            + _WEEKDAY_FULL
            + r"|(?:"
            + _WEEKDAY_ABBR
            + r")\.?)"
            + _E
        ),
        _h_weekday,
        1,
        triggers=("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    ),
    _Rule(
        _compile(_B + r"(?<=on\s)(?P<wd>" + _WEEKDAY_FULL + r")s" + _E),
        _h_plural_weekday,
        1,
        triggers=("days",),
    ),
    _Rule(
        _compile(
            _B + r"(?P<wd>" + _WEEKDAY_FULL + r"|(?:" + _WEEKDAY_ABBR + r")\.)\s+(?:of\s+)?"
            r"(?P<rel>this|last|next)\s+week" + _E
        ),
        _h_weekday_of_week,
        2,
        triggers=("week",),
    ),
    _Rule(
        _compile(
            _B + r"(?:(?P<edge>earlier|later)\s+)?(?P<rel>this|last|next|previous|following|coming"
            r"|upcoming|current|past"
            r"|the\s+(?:current|previous|following|coming|upcoming|past|last))"
            r"\s+(?P<unit>week[\s-]?end|week|month|year|yr|quarter|qtr|decade|century)" + _E
        ),
        _h_calendar_unit,
        2,
        triggers=("week", "month", "year", "yr", "quarter", "qtr", "decade", "century"),
    ),
    _Rule(
        _compile(_B + r"the\s+(?P<unit>year|month|week)" + _E), _h_the_unit, 0, triggers=("the",)
    ),
    _Rule(_compile(_B + r"the\s+week[\s-]?end" + _E), _h_the_weekend, 1, triggers=("end",)),
    _Rule(_compile(_B + r"(?:the|that)\s+(?:same\s+)?day" + _E), _h_the_day, 0, triggers=("day",)),
    _Rule(
        _compile(_B + r"the\s+(?P<unit>year|month|week)\s+(?:before|previous|earlier)" + _E),
        _h_unit_before,
        2,
        triggers=("before", "previous", "earlier"),
    ),
    _Rule(
        _compile(_B + r"(?P<mon>" + _MONTH + r")\s+(?:of\s+)?(?P<rel>next|last|this)\s+year" + _E),
        _h_month_of_year,
        2,
        triggers=("year",),
    ),
    _Rule(
        _compile(
            _B + r"(?:(?P<pre>in|after)\s+)?(?P<qty>" + _QTYS + r")(?:(?:'s|s')?\s+time)?\s+"
            r"(?P<dir>ago|earlier|before|later|after|hence|from\s+now|from\s+today|back)" + _E
        ),
        _h_offset,
        2,
    ),
    _Rule(
        _compile(_B + r"(?P<pre>in|after)\s+(?P<qty>" + _QTYS + r")(?:(?:'s|s')?\s+time)?" + _E),
        _h_offset,
        1,
    ),
    _Rule(
        _compile(_B + r"(?:the\s+)?" + _REL_SPAN_DIR + r"\s+(?P<qty>" + _QTYS + r")" + _E),
        _h_span,
        2,
        triggers=("past", "last", "next", "coming", "previous", "following"),
    ),
    _Rule(
        _compile(
            _B + r"the\s+(?P<dir>past|next|coming)\s+(?P<unit>week|month|year|decade|century|day"
            r"|fortnight)" + _E
        ),
        _h_past_unit,
        2,
        triggers=("past", "next", "coming"),
    ),
    _Rule(_compile(_B + r"(?P<qty>" + _QTYS + r")(?:-(?:long|old))?" + _E), _h_duration, 1),
    _Rule(
        _compile(
            _B
            + r"(?:half\s+an?\s+(?P<unit>"
            + _UNIT
            + r")|an?\s+(?P<unit2>"
            + _UNIT
            + r")\s+(?P<and_half>and\s+a\s+half))"
        ),
        _h_half_unit,
        2,
        triggers=("half",),
    ),
    _Rule(
        _compile(
            _B + r"(?:the\s+)?(?P<unit>centuries|decades|years|months|weeks|days|hours|minutes)"
            r"(?:-long)?" + _E
        ),
        _h_vague_plural,
        0,
        triggers=("centuries", "decades", "years", "months", "weeks", "days", "hours", "minutes"),
    ),
    _Rule(
        _compile(
            _B + r"(?:(?P<present>right\s+now|just\s+now|now|currently|at\s+present|presently"
            r"|at\s+the\s+moment|nowadays|these\s+days|to\s+date|till\s+date"
            r"|(?<=for\s)the\s+time\s+being)"
            r"|(?P<past>(?:more\s+|most\s+|until\s+|only\s+)?recently|lately|of\s+late"
            r"|recent\s+(?:days|weeks|months|years|decades)|the\s+past)"
            r"|(?P<future>(?:very\s+)?soon|the\s+(?:near\s+)?future|the\s+coming\s+(?:days|weeks"
            r"|months|years)|the\s+(?:near|long|short)\s+term))" + _E
        ),
        _h_ref_word,
        1,
    ),
    _Rule(
        _compile(
            _B
            + r"(?P<w>daily|nightly|weekly|biweekly|fortnightly|monthly|quarterly|yearly|annually"
            r"|annual|hourly)" + _E
        ),
        _h_set_word,
        1,
        # "biweekly", "fortnightly" and "annually" contain one of these.
        triggers=(
            "daily",
            "nightly",
            "weekly",
            "monthly",
            "quarterly",
            "yearly",
            "annual",
            "hourly",
        ),
    ),
    _Rule(
        _compile(
            _B + r"(?:every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<num>" + _NUM + r")\s+)?"
            r"(?:(?P<unit>" + _UNIT + r")|(?P<wd>" + _WEEKDAY_FULL + r")s?" + _E + r")"
        ),
        _h_set_every,
        2,
        triggers=("every", "each", "per"),
    ),
    _Rule(
        _compile(r"(?<=\s)an?\s+(?P<unit>year|month|week|day|hour)" + _E),
        _h_set_after_amount,
        2,
        triggers=("year", "month", "week", "day", "hour"),
    ),
    _Rule(
        _compile(
            r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d:])"
            r"(?:\s*(?P<ap>[ap]\.?\s?m\b\.?))?(?:\s*(?P<tz>" + _ZONE + r"))?"
        ),
        _h_clock,
        2,
        triggers=(":",),
    ),
    _Rule(
        _compile(
            r"(?<![\d:.])(?P<h>1[0-2]|0?[1-9])(?:[.:](?P<m>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\b\.?)"
            r"(?:\s*(?P<tz>" + _ZONE + r"))?"
        ),
        _h_clock,
        2,
    ),
    _Rule(
        _compile(
            r"(?<![\w:.])(?P<hm>(?:[01]\d|2[0-3])[0-5]\d)\s*(?P<tz>"
            + _ZONE
            + r"|hours|hrs"
            + _E
            + r")"
        ),
        _h_clock,
        3,
    ),
    _Rule(_compile(r"(?<=\bat\s)(?P<hm>(?:[01]\d|2[0-3])[0-5]\d)(?![\w:.]|,\d)"), _h_clock, 3),
    _Rule(
        _compile(_B + r"(?P<word>noon|midday|midnight)" + _E),
        _h_clock,
        1,
        triggers=("noon", "midday", "midnight"),
    ),
    _Rule(
        _compile(
            _B + r"(?:(?P<rel>last|next|this)\s+)?(?P<h>new\s+year'?s\s+(?:day|eve)"
            r"|christmas\s+(?:eve|day)|christmas|xmas|boxing\s+day|valentine'?s?\s+day|halloween"
            r"|easter\s+(?:sunday|monday|mon)|easter|good\s+friday|thanksgiving(?:\s+day)?)"
            + _E
            + r"(?:\s+(?:of\s+)?(?P<year>\d{4})"
            + _E
            + r")?"
        ),
        _h_holiday,
        2,
        triggers=(
            "christmas",
            "xmas",
            "new year",
            "valentine",
            "halloween",
            "easter",
            "good friday",
            "thanksgiving",
            "boxing",
        ),
    ),
)


# Scanning: collect matches, keep the longest non-overlapping ones, resolve them in text order,
# join clock times and parts of day to adjacent days, then attach modifiers written before them.


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    priority: int
    resolve: _Resolver


def _collect(text: str, strict: bool) -> list[_Hit]:
    ctx = _Ctx(text, strict)
    lowered = text.lower()
    plain = lowered if _folds_plainly(text) else None
    hits = []
    for rule in _RULES:
        if rule.triggers and not any(t in lowered for t in rule.triggers):
            continue
        for match in _matches(rule.pattern, text, plain):
            resolver = rule.handler(match, ctx)
            if resolver is not None:
                hits.append(_Hit(match.start(), match.end(), rule.priority, resolver))
    return hits


# Scanning a text with some 45 case-insensitive patterns that open with a look-behind was most of
# the cost of article extraction: the regex engine tries each pattern at every position, and it
# cannot skip a case-insensitive alternative on its first letter. `_matches` gets the same matches
# from a cheaper scan for candidate positions (case-sensitive on the lower-cased text, the
# look-behind turned into a character class the engine searches for directly), then matches the
# pattern itself at each candidate: candidates only need to include every real start.


def _folds_plainly(text: str) -> bool:
    """Whether case-insensitive matching on ``text`` is case-sensitive matching on its lower case.

    True when every non-ASCII character is uncased ("’", "€"): characters such as "İ", "ı",
    "ſ" or the Kelvin sign match ASCII letters case-insensitively, and "İ" lower-cases to two.
    """
    return text.isascii() or all(c.lower() == c.upper() for c in set(text) if not c.isascii())


def _matches(pattern: re.Pattern[str], text: str, lowered: str | None) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)``; faster when ``lowered`` is given.

    ``lowered`` is ``text.lower()`` for a text where `_folds_plainly` holds, else None. The rules'
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


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Longest matches first (then higher priority, then earlier), dropping overlaps."""
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, -h.priority, h.start)):
        if all(hit.end <= other.start or other.end <= hit.start for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _resolve_all(
    text: str, hits: list[_Hit], anchor: dt.date | None
) -> list[tuple[int, int, _Res]]:
    """Resolve hits in text order, tracking the narrative's reference day and year."""
    env = _Env(anchor)
    resolved = []
    last_end = 0
    for hit in hits:
        if "\n\n" in text[last_end : hit.start]:
            env.ref_day = None  # a reference time does not carry over a paragraph break
        res = hit.resolve(env)
        last_end = hit.end
        if res is None:
            continue
        if res.day is not None and res.granularity in ("day", "time"):
            env.ref_day = res.day
        if res.explicit_year is not None:
            env.ref_year = res.explicit_year
        resolved.append((hit.start, hit.end, res))
    return resolved


_GAP_DAY_THEN_CLOCK = re.compile(r"\s*(?:,\s*)?(?:(?:at|@|around|about)\s+)?", re.IGNORECASE)
_GAP_CLOCK_THEN_DAY = re.compile(r"\s*(?:,\s*)?(?:(?:on|of)\s+)?", re.IGNORECASE)
_GAP_DAY_THEN_POD = re.compile(r"\s*(?:,\s*)?(?:in\s+the\s+)?", re.IGNORECASE)


def _is_day(res: _Res) -> bool:
    return res.day is not None and res.clock is None and res.timex_type == "DATE"


def _is_floating_clock(res: _Res) -> bool:
    return res.clock is not None and res.day is None


def _join(left: _Res, right: _Res, gap: str) -> _Res | None:
    """One expression from two adjacent pieces ("Friday" + "morning", "today" + "at 9 pm")."""
    if _is_day(left) and _is_floating_clock(right) and _GAP_DAY_THEN_CLOCK.fullmatch(gap):
        return _time_res(left.day, right.clock)
    right_has_day = _is_day(right) or (right.pod is not None and right.day is not None)
    if _is_floating_clock(left) and right_has_day and _GAP_CLOCK_THEN_DAY.fullmatch(gap):
        return _time_res(right.day, left.clock)
    left_is_pod = left.pod is not None and left.day is not None
    if left_is_pod and _is_floating_clock(right) and _GAP_DAY_THEN_CLOCK.fullmatch(gap):
        return _time_res(left.day, right.clock)
    if _is_day(left) and right.bare and _GAP_DAY_THEN_POD.fullmatch(gap):
        return _pod_res(left.day, right.pod or "")
    return None


def _merge(text: str, items: list[tuple[int, int, _Res]]) -> list[tuple[int, int, _Res]]:
    merged: list[tuple[int, int, _Res]] = []
    for start, end, res in items:
        if merged:
            prev_start, prev_end, prev = merged[-1]
            joined = _join(prev, res, text[prev_end:start])
            if joined is not None:
                merged[-1] = (prev_start, end, joined)
                continue
        merged.append((start, end, res))
    return [item for item in merged if not item[2].bare]


_MOD_WORDS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "circa": "APPROX", "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN",
    "less than": "LESS_THAN", "under": "LESS_THAN", "just under": "LESS_THAN",
    "more than": "MORE_THAN", "over": "MORE_THAN", "just over": "MORE_THAN",
    "well over": "MORE_THAN", "upwards of": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "early": "START", "start of": "START",
    "beginning of": "START", "mid": "MID", "middle of": "MID", "late": "END", "end of": "END",
    "close of": "END",
}  # fmt: skip
_MOD_PREFIX_RE = re.compile(
    r"(?<![\w'])(?:the\s+)?(?P<m>"
    + "|".join(w.replace(" ", r"\s+") for w in sorted(_MOD_WORDS, key=len, reverse=True))
    + r")(?:\s+|\s*-\s*)$",
    re.IGNORECASE,
)
# Modifiers that make sense on a point in time (not "over the weekend", "some day").
_POINT_MODS = frozenset({"about", "around", "approximately", "roughly", "circa", "nearly",
                         "almost", "more than", "less than", "at least", "no less than",
                         "no more than", "just over", "just under", "well over"})  # fmt: skip
# A quantity mod on a point reached by an offset into the past (-1) or future (+1): "more than a
# year ago" is BEFORE that point, "less than a year ago" AFTER it.
_POINT_MOD_BY_DIRECTION = {
    ("MORE_THAN", -1): "BEFORE", ("MORE_THAN", 1): "AFTER", ("LESS_THAN", -1): "AFTER",
    ("LESS_THAN", 1): "BEFORE", ("EQUAL_OR_MORE", -1): "ON_OR_BEFORE",
    ("EQUAL_OR_MORE", 1): "ON_OR_AFTER", ("EQUAL_OR_LESS", -1): "ON_OR_AFTER",
    ("EQUAL_OR_LESS", 1): "ON_OR_BEFORE",
}  # fmt: skip


def _with_modifier(text: str, start: int, res: _Res, floor: int) -> tuple[int, _Res]:
    """Extend an expression over a modifier written right before it ("about", "early", ...)."""
    match = _MOD_PREFIX_RE.search(text, max(floor, start - 30), start)
    if match is None:
        return start, res
    word = re.sub(r"\s+", " ", match["m"].lower())
    mod = _MOD_WORDS[word]
    positional = mod in ("START", "MID", "END")
    if res.timex_type == "SET":
        return start, res
    if res.timex_type == "DURATION":
        if positional or (word == "some" and not re.match(r"\d", text[start:])):
            return start, res
        return match.start(), replace(res, mod=mod)
    if res.value is None or res.value.endswith("_REF"):
        return start, res
    if positional:
        return match.start(), _narrow(res, mod)
    if word not in _POINT_MODS:
        return start, res
    if mod != "APPROX":
        if res.direction == 0:
            return start, res
        mod = _POINT_MOD_BY_DIRECTION[(mod, res.direction)]
    return match.start(), replace(res, mod=mod)


def _scan(text: str, anchor: dt.date | None, strict: bool) -> list[tuple[int, int, _Res]]:
    """All temporal expressions in ``text``: (start, end, resolution), in text order."""
    items = _merge(text, _resolve_all(text, _select(_collect(text, strict)), anchor))
    result = []
    floor = 0
    for start, end, res in items:
        new_start, new_res = _with_modifier(text, start, res, floor)
        result.append((new_start, end, new_res))
        floor = end
    return result


def _as_date(anchor: dt.date | None) -> dt.date | None:
    return anchor.date() if isinstance(anchor, dt.datetime) else anchor


def _public(text: str, start: int, end: int, res: _Res) -> Timex:
    return Timex(
        text=text[start:end],
        start_char=start,
        end_char=end,
        timex_type=res.timex_type,
        value=res.value,
        start_date=res.start_date,
        end_date=res.end_date,
        granularity=res.granularity,
        mod=res.mod,
    )


def find_timexes(
    text: str, anchor: dt.date | None, spans: Sequence[tuple[int, int]] | None = None
) -> list[Timex]:
    """Find and normalize the temporal expressions of a text against ``anchor``.

    ``anchor`` is the publication date; relative expressions ("yesterday", "last week") get value
    None without it, and yearless dates then take the last year written before them in the text.
    Matching is case-insensitive (wire copy is often ALL CAPS), except that a month name must be
    capitalized unless a year follows it ("to march", "may" stay verbs). Extents follow TimeML:
    prepositions such as "for", "on", "since" stay outside ("for three weeks" -> "three weeks"),
    modifiers such as "about", "early", "nearly" are inside. ``spans`` (e.g. spaCy DATE/TIME
    entities) are added where they overlap nothing found here, normalized with
    ``normalize_timex``; a span no rule understands is kept with value None. The result is sorted
    by position and has no overlaps.
    """
    anchor = _as_date(anchor)
    found = [_public(text, s, e, r) for s, e, r in _scan(text, anchor, strict=True)]
    if spans:
        taken = [(t.start_char, t.end_char) for t in found]
        for start, end in sorted(spans):
            if not 0 <= start < end <= len(text):
                continue
            if any(start < e and s < end for s, e in taken):
                continue
            piece = text[start:end]
            normalized = normalize_timex(piece, anchor)
            if normalized is None:
                found.append(Timex(piece, start, end, "DATE", None, None, None, None, None))
            else:
                found.append(replace(normalized, start_char=start, end_char=end))
            taken.append((start, end))
        found.sort(key=lambda t: t.start_char)
    return found


@functools.lru_cache(maxsize=4096)
def _normalize_lowered(expression: str, anchor: dt.date | None) -> _Res | None:
    items = _scan(expression, anchor, strict=False)
    if not items:
        return None
    return max(items, key=lambda item: item[1] - item[0])[2]


def normalize_timex(expression: str, anchor: dt.date | None) -> Timex | None:
    """Normalize one temporal expression ("last week", "for three weeks", "13 January 2025").

    The result spans the whole expression (offsets 0..len) and carries the attributes of the
    longest expression found inside it; None when nothing temporal is found. Case is ignored
    (results are cached on the lowercased expression and the anchor).
    """
    res = _normalize_lowered(expression.lower(), _as_date(anchor))
    if res is None:
        return None
    return _public(expression, 0, len(expression), res)
