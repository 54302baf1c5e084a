"""English calendar words: months, weekdays, time units, zones, seasons, parts of day, holidays."""

from __future__ import annotations

from typing import NamedTuple

from schemas.temporal_expressions import (
    GRANULARITY_CENTURY,
    GRANULARITY_DAY,
    GRANULARITY_DECADE,
    GRANULARITY_MONTH,
    GRANULARITY_QUARTER,
    GRANULARITY_TIME,
    GRANULARITY_WEEK,
    GRANULARITY_YEAR,
)

MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# Written with or without a dot ("Jan.", "Sept"); each is the start of its month's name. "May"
# has none.
MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec",
)  # fmt: skip
# Month name or abbreviation -> month number (1-12).
MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTH_NAMES, 1)},
    **{
        abbreviation: number
        for abbreviation in MONTH_ABBREVIATIONS
        for number, name in enumerate(MONTH_NAMES, 1)
        if name.startswith(abbreviation)
    },
}

WEEKDAY_NAMES: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
# Each is the start of its weekday's name; longer spellings first, as patterns try them.
WEEKDAY_ABBREVIATIONS: tuple[str, ...] = (
    "mon", "tues", "tue", "wed", "thurs", "thur", "thu", "fri", "sat", "sun",
)  # fmt: skip
# Weekday name or abbreviation -> weekday number (Monday = 0, as `datetime.date.weekday`).
WEEKDAYS: dict[str, int] = {
    **{name: number for number, name in enumerate(WEEKDAY_NAMES)},
    **{
        abbreviation: number
        for abbreviation in WEEKDAY_ABBREVIATIONS
        for number, name in enumerate(WEEKDAY_NAMES)
        if name.startswith(abbreviation)
    },
}


class TimeUnit(NamedTuple):
    """A unit of time as a TIMEX3 duration counts it."""

    letter: str  # TIMEX3 duration letter: Y, Q, M, W, D, H, MIN (minutes), S
    multiplier: int  # how many of ``letter`` one unit is (a decade is 10 Y)
    granularity: str


# Singular unit word -> its duration letter, multiplier and granularity.
TIME_UNITS: dict[str, TimeUnit] = {
    "century": TimeUnit("Y", 100, GRANULARITY_CENTURY),
    "decade": TimeUnit("Y", 10, GRANULARITY_DECADE),
    "year": TimeUnit("Y", 1, GRANULARITY_YEAR),
    "yr": TimeUnit("Y", 1, GRANULARITY_YEAR),
    "quarter": TimeUnit("Q", 1, GRANULARITY_QUARTER),
    "month": TimeUnit("M", 1, GRANULARITY_MONTH),
    "fortnight": TimeUnit("W", 2, GRANULARITY_WEEK),
    "week": TimeUnit("W", 1, GRANULARITY_WEEK),
    "wk": TimeUnit("W", 1, GRANULARITY_WEEK),
    "day": TimeUnit("D", 1, GRANULARITY_DAY),
    "hour": TimeUnit("H", 1, GRANULARITY_TIME),
    "hr": TimeUnit("H", 1, GRANULARITY_TIME),
    "minute": TimeUnit("MIN", 1, GRANULARITY_TIME),
    "min": TimeUnit("MIN", 1, GRANULARITY_TIME),
    "second": TimeUnit("S", 1, GRANULARITY_TIME),
    "sec": TimeUnit("S", 1, GRANULARITY_TIME),
}

# Zone names accepted after a clock time -> hours east of UTC: the RFC 2822 names plus common
# news-wire ones.
TIME_ZONES: dict[str, float] = {
    "z": 0, "ut": 0, "utc": 0, "gmt": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
    "mdt": -6, "pst": -8, "pdt": -7, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "wet": 0,
    "west": 1, "bst": 1, "msk": 3, "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "aest": 10,
    "aedt": 11,
}  # fmt: skip

# Season word -> TIMEX3 season code; "fall" is the American "autumn".
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}  # fmt: skip

# Part of day -> TIMEX3 part-of-day code ("2025-01-13TMO").
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
}  # fmt: skip

# Words for a day relative to today -> days from today.
RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "tonight": 0, "tonite": 0, "yesterday": -1, "tomorrow": 1,
    "day before yesterday": -2, "day after tomorrow": 2,
}  # fmt: skip

# "the nineties" -> the tens digit of the decade.
DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip

# Frequency words -> the TIMEX3 SET value and granularity of what they repeat.
FREQUENCY_WORDS: dict[str, tuple[str, str]] = {
    "daily": ("P1D", GRANULARITY_DAY),
    "nightly": ("XXXX-XX-XXTNI", GRANULARITY_TIME),
    "weekly": ("P1W", GRANULARITY_WEEK),
    "biweekly": ("P2W", GRANULARITY_WEEK),
    "fortnightly": ("P2W", GRANULARITY_WEEK),
    "monthly": ("P1M", GRANULARITY_MONTH),
    "quarterly": ("P3M", GRANULARITY_QUARTER),
    "yearly": ("P1Y", GRANULARITY_YEAR),
    "annually": ("P1Y", GRANULARITY_YEAR),
    "annual": ("P1Y", GRANULARITY_YEAR),
    "hourly": ("PT1H", GRANULARITY_TIME),
}

# Holidays on the same day every year: name -> (month, day).
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas eve": (12, 24),
    "christmas": (12, 25), "boxing day": (12, 26), "valentine's day": (2, 14),
    "halloween": (10, 31),
}  # fmt: skip
# Holidays that move with Easter Sunday: name -> days after it.
EASTER_HOLIDAYS: dict[str, int] = {"easter": 0, "easter monday": 1, "good friday": -2}
# Holidays on the n-th weekday of a month: name -> (month, weekday, n). Thanksgiving is the US
# one, the fourth Thursday of November.
NTH_WEEKDAY_HOLIDAYS: dict[str, tuple[int, int, int]] = {"thanksgiving": (11, 3, 4)}
# US shopping days named after Thanksgiving: name -> days after it.
THANKSGIVING_FOLLOWERS: dict[str, int] = {"black friday": 1, "cyber monday": 4}
# Holiday as written (lower case, single spaces) -> its name in the tables above.
HOLIDAY_ALIASES: dict[str, str] = {
    "new year's day": "new year's day", "new years day": "new year's day",
    "new year's eve": "new year's eve", "new years eve": "new year's eve",
    "christmas eve": "christmas eve", "christmas day": "christmas", "christmas": "christmas",
    "xmas": "christmas", "boxing day": "boxing day", "valentine's day": "valentine's day",
    "valentines day": "valentine's day", "valentine day": "valentine's day",
    "halloween": "halloween", "easter sunday": "easter", "easter": "easter",
    "easter monday": "easter monday", "easter mon": "easter monday", "good friday": "good friday",
    "thanksgiving day": "thanksgiving", "thanksgiving": "thanksgiving",
}  # fmt: skip

# Nouns for the result of a period of business ("annual profit", "quarterly net income"): a
# frequency adjective before one of them measures one period (a DURATION), not a set of times.
PERIOD_RESULT_NOUNS = frozenset(
    (
        "profit", "profits", "loss", "losses", "earnings", "income", "net", "sales", "revenue",
        "revenues", "results", "output", "turnover",
    )
)  # fmt: skip

# Words of a sports report: a yearless "first half" or "fourth quarter" next to them is a period
# of play, not of the calendar. None of them is business vocabulary.
SPORTS_PERIOD_CUES = frozenset(
    (
        "scored", "scoring", "goal", "goals", "touchdown", "touchdowns", "halftime", "half-time",
        "quarterback", "striker", "goalkeeper", "midfielder", "penalty", "kickoff", "kick-off",
        "rebounds", "three-pointer", "interception", "fumble", "inning", "innings", "overtime",
        "equaliser", "equalizer", "hat-trick", "referee", "defender", "winger",
    )
)  # fmt: skip

# Imperative verbs of shop and media labels ("Buy now", "See it now", "Watch now"): a "now" after
# one of them at the start of a label is a button's wording, not a time (TimeML tags times the
# text refers to; 25 such "now" in the Zyte web pages audited for issue 17 round 3).
LABEL_IMPERATIVES = frozenset(
    (
        "buy", "shop", "order", "see", "get", "watch", "listen", "subscribe", "download", "book",
        "call", "join", "try", "apply", "register", "sign", "read", "play", "stream", "install",
        "save", "donate", "start", "view",
    )
)  # fmt: skip

# Nouns that make a day and month before them part of a name: Latin American movements, units
# and streets are named after dates ("the 19 April Movement", "the 15 September neighborhood",
# "6 October Avenue"). TimeML tags no name (36 "19 APRIL MOVEMENT" and 9 streets or
# neighborhoods in MUC-3 dev, issue 17 round 3; none in TBAQ or MEANTIME).
DATE_NAME_NOUNS = frozenset(
    (
        "movement", "movements", "front", "brigade", "brigades", "command", "commandos",
        "battalion", "battalions", "regiment", "detachment", "neighborhood", "neighbourhood",
        "colony", "settlement", "avenue", "avenues", "street", "streets", "boulevard", "square",
        "plaza", "bridge", "stadium", "barracks",
    )
)  # fmt: skip
