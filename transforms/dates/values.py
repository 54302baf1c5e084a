"""Calendar values of temporal expressions: the resolved value type and the builders of its days,
weeks, months, quarters, seasons, years, decades, centuries and times of day."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from dateutil.relativedelta import relativedelta

from schemas.temporal_expressions import (
    GRANULARITY_CENTURY,
    GRANULARITY_DAY,
    GRANULARITY_DECADE,
    GRANULARITY_MONTH,
    GRANULARITY_QUARTER,
    GRANULARITY_TIME,
    GRANULARITY_WEEK,
    GRANULARITY_YEAR,
    MOD_END,
    MOD_MID,
    MOD_START,
    TIMEX_DATE,
    TIMEX_TIME,
)

# A calendar unit: a granularity, or "weekend" (Saturday and Sunday of an ISO week).
WEEKEND = "weekend"


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A clock time as written: hour, minute, optional second, optional zone offset (minutes)."""

    hour: int
    minute: int
    second: int | None
    offset: int | None


@dataclass(frozen=True, slots=True)
class TemporalValue:
    """A resolved expression: the public attributes plus what merging and reference tracking use.

    ``day`` is the single day meant when known (also for "three weeks ago", whose value is a
    week); ``clock``/``part_of_day`` mark a time of day or part of day waiting to join an
    adjacent day; ``fragment`` pieces are dropped unless they join one; ``direction`` is -1/+1
    for points reached by an offset into the past/future (for BEFORE/AFTER mods);
    ``explicit_year`` is a year written in the text; ``quant``/``freq`` are the TIMEX3 attributes
    of a SET ("EVERY", "2X").
    """

    timex_type: str
    value: str | None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    granularity: str | None = None
    mod: str | None = None
    day: dt.date | None = None
    clock: ClockTime | None = None
    part_of_day: str | None = None
    fragment: bool = False
    direction: int = 0
    explicit_year: int | None = None
    quant: str | None = None
    freq: str | None = None


def posix_year(two_digits: int) -> int:
    """Century for a two-digit year by the POSIX %y pivot: 00-68 -> 20xx, 69-99 -> 19xx."""
    return 2000 + two_digits if two_digits <= 68 else 1900 + two_digits


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when the numbers do not form one."""
    if not (1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    if day > calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def _year_in_range(year: int) -> bool:
    """Whether the calendar value builders accept a year."""
    return 1 <= year <= 9998


def day_value(day: dt.date) -> TemporalValue:
    return TemporalValue(TIMEX_DATE, day.isoformat(), day, day, GRANULARITY_DAY, day=day)


def week_value(day: dt.date) -> TemporalValue:
    """The ISO week (Monday-Sunday) containing ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    iso = day.isocalendar()
    value = f"{iso.year:04d}-W{iso.week:02d}"
    return TemporalValue(TIMEX_DATE, value, monday, monday + dt.timedelta(days=6), GRANULARITY_WEEK)


def weekend_value(day: dt.date) -> TemporalValue:
    """Saturday and Sunday of the ISO week containing ``day``."""
    saturday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=5)
    iso = day.isocalendar()
    value = f"{iso.year:04d}-W{iso.week:02d}-WE"
    return TemporalValue(
        TIMEX_DATE, value, saturday, saturday + dt.timedelta(days=1), GRANULARITY_WEEK
    )


def month_value(year: int, month: int) -> TemporalValue | None:
    if not _year_in_range(year):
        return None
    start = dt.date(year, month, 1)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    return TemporalValue(TIMEX_DATE, f"{year:04d}-{month:02d}", start, end, GRANULARITY_MONTH)


def quarter_value(year: int, quarter: int) -> TemporalValue | None:
    if not _year_in_range(year):
        return None
    first = 3 * quarter - 2
    end = dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
    start = dt.date(year, first, 1)
    return TemporalValue(TIMEX_DATE, f"{year:04d}-Q{quarter}", start, end, GRANULARITY_QUARTER)


def half_value(year: int, half: int) -> TemporalValue | None:
    """First (January-June) or second (July-December) half of a year."""
    if not _year_in_range(year):
        return None
    start, end = (dt.date(year, 1, 1), dt.date(year, 6, 30))
    if half == 2:
        start, end = dt.date(year, 7, 1), dt.date(year, 12, 31)
    return TemporalValue(TIMEX_DATE, f"{year:04d}-H{half}", start, end, GRANULARITY_QUARTER)


# TIMEX3 season codes in their order within a season year (spring first).
SEASON_INDEX = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}


def season_value(year: int, code: str) -> TemporalValue | None:
    """Meteorological season of ``year``; winter runs December ``year`` to February next year."""
    if not _year_in_range(year):
        return None
    first = 3 + 3 * SEASON_INDEX[code]
    start = dt.date(year, first, 1)
    end = start + relativedelta(months=3) - dt.timedelta(days=1)
    return TemporalValue(TIMEX_DATE, f"{year:04d}-{code}", start, end, GRANULARITY_QUARTER)


def season_of(day: dt.date) -> tuple[int, str]:
    """(year, code) of the meteorological season containing ``day``."""
    if day.month == 12:
        return day.year, "WI"
    if day.month <= 2:
        return day.year - 1, "WI"
    return day.year, ("SP", "SU", "FA")[(day.month - 3) // 3]


def year_value(year: int) -> TemporalValue | None:
    if not _year_in_range(year):
        return None
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return TemporalValue(TIMEX_DATE, f"{year:04d}", start, end, GRANULARITY_YEAR)


def decade_value(decade: int) -> TemporalValue | None:
    """The decade ``decade`` * 10 to ``decade`` * 10 + 9 (value "199" for the 1990s)."""
    if not 0 <= decade <= 998:
        return None
    start = dt.date(max(decade * 10, 1), 1, 1)
    end = dt.date(decade * 10 + 9, 12, 31)
    return TemporalValue(TIMEX_DATE, f"{decade:03d}", start, end, GRANULARITY_DECADE)


def century_value(century: int) -> TemporalValue | None:
    """The century ``century`` * 100 to ``century`` * 100 + 99 (value "19" for the 1900s)."""
    if not 0 <= century <= 98:
        return None
    start = dt.date(max(century * 100, 1), 1, 1)
    end = dt.date(century * 100 + 99, 12, 31)
    return TemporalValue(TIMEX_DATE, f"{century:02d}", start, end, GRANULARITY_CENTURY)


def unit_value(unit: str, day: dt.date) -> TemporalValue | None:
    """The calendar unit (week, month, quarter, year, ...) containing ``day``."""
    if unit == GRANULARITY_DAY:
        return day_value(day)
    if unit == GRANULARITY_WEEK:
        return week_value(day)
    if unit == WEEKEND:
        return weekend_value(day)
    if unit == GRANULARITY_MONTH:
        return month_value(day.year, day.month)
    if unit == GRANULARITY_QUARTER:
        return quarter_value(day.year, (day.month - 1) // 3 + 1)
    if unit == GRANULARITY_YEAR:
        return year_value(day.year)
    if unit == GRANULARITY_DECADE:
        return decade_value(day.year // 10)
    if unit == GRANULARITY_CENTURY:
        return century_value(day.year // 100)
    return None


_UNIT_STEPS = {
    GRANULARITY_DAY: relativedelta(days=1),
    GRANULARITY_WEEK: relativedelta(weeks=1),
    WEEKEND: relativedelta(weeks=1),
    GRANULARITY_MONTH: relativedelta(months=1),
    GRANULARITY_QUARTER: relativedelta(months=3),
    GRANULARITY_YEAR: relativedelta(years=1),
    GRANULARITY_DECADE: relativedelta(years=10),
    GRANULARITY_CENTURY: relativedelta(years=100),
}


def move(day: dt.date, unit: str, step: int) -> dt.date | None:
    """``day`` moved by ``step`` calendar units."""
    try:
        return day + step * _UNIT_STEPS[unit]
    except (ValueError, OverflowError):
        return None


def shift(day: dt.date, parts: dict[str, float], sign: int) -> dt.date | None:
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


def narrow(value: TemporalValue, mod: str) -> TemporalValue:
    """Narrow an interval to its first (START), second (MID) or last (END) third.

    The days are cut at whole thirds and the last third takes the remainder, so a 31-day month
    splits 1-10, 11-20, 21-31 and a week Monday-Tuesday, Wednesday-Thursday, Friday-Sunday.
    """
    if (
        value.start_date is None
        or value.end_date is None
        or value.granularity in (GRANULARITY_DAY, GRANULARITY_TIME)
    ):
        return replace(value, mod=mod)
    span = (value.end_date - value.start_date).days + 1
    third = max(span // 3, 1)
    first = {MOD_START: 0, MOD_MID: third, MOD_END: 2 * third}[mod]
    last = {MOD_START: third, MOD_MID: 2 * third, MOD_END: span}[mod] - 1
    start = value.start_date + dt.timedelta(days=first)
    end = value.start_date + dt.timedelta(days=last)
    return replace(value, start_date=start, end_date=end, mod=mod)


def part_of_day_value(day: dt.date, code: str) -> TemporalValue:
    """TIME value for a part of a day ("2025-01-13TMO")."""
    return TemporalValue(
        TIMEX_TIME,
        f"{day.isoformat()}T{code}",
        day,
        day,
        GRANULARITY_TIME,
        day=day,
        part_of_day=code,
    )


def time_value(day: dt.date, clock: ClockTime, explicit: bool = False) -> TemporalValue:
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
    return TemporalValue(
        TIMEX_TIME,
        text + suffix,
        day,
        day,
        GRANULARITY_TIME,
        day=day,
        clock=clock,
        explicit_year=day.year if explicit else None,
    )
