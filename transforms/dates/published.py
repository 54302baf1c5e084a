"""Publication dates: the date string a feed or page gives for an article, parsed into a
``PublishedDate`` that says how day/month order was decided.

Two-digit years use the POSIX ``%y`` pivot (00-68 -> 2000-2068, 69-99 -> 1969-1999), the rule
``email.utils`` and ``time.strptime`` already apply, so every shape agrees. Ambiguous numeric dates
(both numbers <= 12) follow ``order_hint``, then ``locale``, then DMY.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from schemas.articles import (
    DMY,
    FLAG_BEFORE_1900,
    FLAG_FUTURE,
    FLAG_TWO_DIGIT_YEAR,
    LOCALE_RULES,
    MDY,
    RULE_DEFAULT_DMY,
    RULE_ISO,
    RULE_MONTH_NAME,
    RULE_RFC2822,
    RULE_UNAMBIGUOUS_DMY,
    RULE_UNAMBIGUOUS_MDY,
    RULE_UNPARSED,
    SOURCE_EVIDENCE_RULES,
)
from transforms.dates.matching import word_set
from transforms.dates.pattern_parts import MONTH, MONTH_ABBR, WEEKDAY_ABBR, WEEKDAY_PREFIX
from transforms.dates.values import posix_year, valid_date
from transforms.dates.zones import ZONE, zone_offset_minutes
from transforms.vocabulary.calendar_words import MONTHS


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """A publication date as parsed from the string a source gave.

    ``date`` is the calendar date as written (the publisher's local date); ``timestamp`` is the
    UTC instant, set only when both a time and a zone were given. ``date_order_rule`` says how
    day/month order was decided, one of ``schemas.articles.DATE_ORDER_RULES`` ("iso",
    "month_name", "unambiguous_dmy", "source_evidence_mdy", "unparsed"...). ``is_ambiguous`` is
    true when day and month are different numbers both <= 12 and the format does not fix their
    order. ``flags`` holds ``schemas.articles.DATE_FLAGS``: "future" (after ``now``),
    "before_1900" and "two_digit_year".
    """

    raw: str
    date: dt.date | None
    timestamp: dt.datetime | None
    date_order_rule: str
    is_ambiguous: bool
    flags: tuple[str, ...]


# Languages whose numeric dates are day-first wherever they are written.
_DMY_LANGUAGES = word_set(
    "fr de es it pt nl ru uk pl cs sk ro el tr da sv no nb nn fi is et lv lt hr sr sl bg id "
    "ms vi th ar he fa ur hi bn ta ga cy ca eu gl"
)
# Regions where month-first numeric dates are the norm (English in the US and its territories,
# the Philippines, and Micronesia, the Marshall Islands and Palau).
_MDY_REGIONS = frozenset({"us", "ph", "fm", "mh", "pw", "as", "gu", "mp", "pr", "um", "vi"})
# Regions where English writes day first.
_DMY_REGIONS = word_set(
    "gb uk ie au nz in za ng ke gh pk sg my hk mt jm tt bb zw zm ug tz rw bw na lk np bd eg "
    "ae sa qa kw bh om il jo lb"
)

_TIME_TAIL = (
    r"(?:\s*,?\s*(?:at\s+)?(?P<hh>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<ss>\d{2})(?:[.,]\d+)?)?"
    rf"\s*(?P<ampm>[ap]\.?\s?m\.?)?\s*(?P<tz>{ZONE})?)?"
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
    rf"(?:(?:{WEEKDAY_ABBR}),\s*)?\d{{1,2}}\s+(?:{MONTH_ABBR}|may)\s+\d{{2,4}}\s+\d{{1,2}}:\d{{2}}"
    rf"(?::\d{{2}})?(?:\s*(?P<tz>[+-]\d{{4}}|[a-z]{{1,5}}))?",
    re.IGNORECASE,
)
_PUB_NUMERIC_RE = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})" + _TIME_TAIL
)
_PUB_DMY_RE = re.compile(
    rf"{WEEKDAY_PREFIX}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]*(?P<mon>{MONTH})"
    rf"[\s\-/.,]*(?P<y>\d{{4}}|\d{{2}})" + _TIME_TAIL,
    re.IGNORECASE,
)
_PUB_MDY_RE = re.compile(
    rf"{WEEKDAY_PREFIX}(?P<mon>{MONTH})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*"
    rf"(?P<y>\d{{4}}|\d{{2}})" + _TIME_TAIL,
    re.IGNORECASE,
)
_NUMERIC_EVIDENCE_RE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](?:\d{4}|\d{2})(?!\d)")


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
        return MDY
    if region in _DMY_REGIONS or language in _DMY_LANGUAGES:
        return DMY
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
    return dt.time(hour, minute, second), (zone_offset_minutes(zone) if zone else None)


def _utc_timestamp(day: dt.date, clock: dt.time | None, offset: int | None) -> dt.datetime | None:
    """UTC instant for a local date, time and zone offset; None without both time and zone.

    Also None on the first and last days of the calendar, where the shift to UTC may leave it.
    """
    if clock is None or offset is None or not dt.date.min < day < dt.date.max:
        return None
    zone = dt.timezone(dt.timedelta(minutes=offset))
    return dt.datetime.combine(day, clock, zone).astimezone(dt.UTC)


def _year_of(text: str) -> tuple[int, bool]:
    """Four-digit year, POSIX-pivoted for two digits; the flag says it had two digits."""
    return (int(text), False) if len(text) == 4 else (posix_year(int(text)), True)


def _parse_iso(raw: str) -> PublishedDate | None:
    match = _PUB_ISO_RE.fullmatch(raw)
    if match is None:
        return None
    day = valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
    if day is None:
        return None
    timestamp = None
    hour, minute, second = int(match["hh"] or 0), int(match["mi"] or 0), int(match["ss"] or 0)
    # Read from the groups, not by `fromisoformat`, which refuses non-ASCII digits and raises on
    # "24:00"; an impossible time leaves the date without a timestamp, as in the other shapes.
    if match["hh"] is not None and match["tz"] and hour <= 23 and minute <= 59 and second <= 59:
        micro = int((match["frac"] or "")[:6].ljust(6, "0"))
        clock = dt.time(hour, minute, second, micro)
        timestamp = _utc_timestamp(day, clock, zone_offset_minutes(match["tz"]))
    return PublishedDate(raw, day, timestamp, RULE_ISO, False, ())


def _parse_rfc2822(raw: str) -> PublishedDate | None:
    match = _PUB_RFC2822_RE.fullmatch(raw)
    if match is None:
        return None
    parsed = email.utils.parsedate_tz(raw)
    if parsed is None:
        return None
    day = valid_date(parsed[0], parsed[1], parsed[2])
    if day is None:
        return None
    two_digit = bool(re.search(r"[a-z]\s+\d{2}\s", raw, re.IGNORECASE))
    # The zone is read from the match: parsedate_tz reports offset 0 both for "+0000" and for a
    # missing or unknown zone, and passes offsets no zone has ("+9999").
    zone = match["tz"]
    offset = None if zone is None else zone_offset_minutes(zone)
    hour, minute, second = parsed[3:6]
    # An impossible time ("99:99") leaves the date without a timestamp, as in the other shapes.
    clock = dt.time(hour, minute, second) if hour <= 23 and minute <= 59 and second <= 59 else None
    flags = (FLAG_TWO_DIGIT_YEAR,) if two_digit else ()
    return PublishedDate(raw, day, _utc_timestamp(day, clock, offset), RULE_RFC2822, False, flags)


def _parse_month_name(raw: str) -> PublishedDate | None:
    for pattern in (_PUB_DMY_RE, _PUB_MDY_RE):
        match = pattern.fullmatch(raw)
        if match is None:
            continue
        year, two_digit = _year_of(match["y"])
        day = valid_date(year, MONTHS[match["mon"].lower().rstrip(".")], int(match["d"]))
        if day is None:
            return None
        clock, offset = _clock(match)
        flags = (FLAG_TWO_DIGIT_YEAR,) if two_digit else ()
        return PublishedDate(
            raw, day, _utc_timestamp(day, clock, offset), RULE_MONTH_NAME, False, flags
        )
    return None


def _parse_numeric(raw: str, order_hint: str | None, locale: str | None) -> PublishedDate | None:
    match = _PUB_YMD_RE.fullmatch(raw)
    if match is not None:
        # Year-first numeric dates are read year-month-day, the ISO order, wherever they come from.
        day = valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if day is None:
            return None
        clock, offset = _clock(match)
        return PublishedDate(raw, day, _utc_timestamp(day, clock, offset), RULE_ISO, False, ())
    match = _PUB_NUMERIC_RE.fullmatch(raw)
    if match is None:
        return None
    first, second = int(match["a"]), int(match["b"])
    year, two_digit = _year_of(match["y"])
    order, rule = _decide_order(first, second, order_hint, locale)
    if order is None:
        return None
    day_number, month = (first, second) if order == DMY else (second, first)
    day = valid_date(year, month, day_number)
    if day is None:
        return None
    clock, offset = _clock(match)
    ambiguous = first <= 12 and second <= 12 and first != second
    flags = (FLAG_TWO_DIGIT_YEAR,) if two_digit else ()
    return PublishedDate(raw, day, _utc_timestamp(day, clock, offset), rule, ambiguous, flags)


def _decide_order(
    first: int, second: int, order_hint: str | None, locale: str | None
) -> tuple[str | None, str]:
    """Day/month order for two numbers and the rule that decided it."""
    if first > 12 and second > 12:
        return None, RULE_UNPARSED
    if first > 12:
        return DMY, RULE_UNAMBIGUOUS_DMY
    if second > 12:
        return MDY, RULE_UNAMBIGUOUS_MDY
    if order_hint in SOURCE_EVIDENCE_RULES:
        return order_hint, SOURCE_EVIDENCE_RULES[order_hint]
    from_locale = _locale_order(locale)
    if from_locale is not None:
        return from_locale, LOCALE_RULES[from_locale]
    return DMY, RULE_DEFAULT_DMY


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
    return PublishedDate(raw, parsed.date(), None, RULE_MONTH_NAME, False, ())


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
        return PublishedDate(raw, None, None, RULE_UNPARSED, False, ())
    flags = list(parsed.flags)
    if now is not None and parsed.date is not None:
        now_utc = now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now.astimezone(dt.UTC)
        if parsed.timestamp is not None:
            is_future = parsed.timestamp > now_utc
        else:
            is_future = parsed.date > (now_utc + dt.timedelta(hours=14)).date()
        if is_future:
            flags.append(FLAG_FUTURE)
    if parsed.date is not None and parsed.date.year < 1900:
        flags.append(FLAG_BEFORE_1900)
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
                seen.add(DMY)
            elif second > 12 >= first:
                seen.add(MDY)
    return seen.pop() if len(seen) == 1 else None
