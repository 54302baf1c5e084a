"""Peer test cases for ``transforms.dates``: dateparser's and Duckling's English examples.

Sources, read from ``../shared/corpus/peer-tests`` (the module is skipped when it is absent):

* ``dateparser_tests/dateparser_en_cases.json``: literal cases from scrapinghub/dateparser's
  tests, BSD-3-Clause (c) 2014 Scrapinghub. Reference time in each case ("anchor" or
  ``settings.RELATIVE_BASE``).
* ``duckling/duckling_en_examples.jsonl``: facebook/duckling's English time corpus, BSD (c)
  Facebook. Reference time Tuesday 2013-02-12 04:30 UTC-2 (``reference_time`` of each row).

Our anchor is a publication *date*; peers resolve against a clock time and prefer other readings in
places. Conventions are compared where they map, otherwise the case is out of scope, by these
rules (no case is chosen by its id):

dateparser, relative cases ("freshness"), out of scope when the text has
  * a sub-day unit (hours, minutes, seconds, "hr", "min", "sec"): the anchor has no clock time;
  * a fractional count ("1.5 days", "0,5 hours"): offsets are counted in whole units;
  * arithmetic notation ("-1 decade", "+2 years", "now - 1 day") or a unit glued to its count
    ("1d", "2y"): programmer notation, not news prose.
  Mapping: a bare duration ("1 decade 2 years") is a DURATION for us and "that long ago" for
  dateparser, so the anchor minus our duration must give dateparser's date; PRESENT_REF ("till
  date", "just now") stands for the anchor; a DATE must contain dateparser's date in its interval;
  a TIME must equal it to the minute.
dateparser, dates found in text: out of scope when an expected match has a sub-day offset, or is a
  numeric date whose day and month are both <= 12 (dateparser's English default is month first,
  the project's is day first). Mapping: a date written without a year is compared on month and
  day (dateparser takes the anchor's year, we take the nearest occurrence, biased to the past).
Duckling, in scope when the row is an instant of grain Day, Week, Month, Quarter or Year (the
  finer grains are clock times) or an interval of the shapes below, and its text is built only
  from the constructions listed in ``_DUCKLING_GRAMMAR`` (an independent description of what the
  module documents: dates with month names, numeric D/M/Y and ISO dates, years, months, quarters,
  weekdays, today/yesterday/tomorrow, this/last/next units, "N units ago/from now/hence",
  "in N units", "the last/next N units", early/mid/late and beginning/end of a month, and the
  fixed-date holidays). Mapping: Duckling resolves an expression without a year to its next
  occurrence, we to the nearest (news reports the past), and "next <weekday>" to the following
  week's, we to the first one after the anchor; for those only what the expression fixes is
  compared (month and day, month, quarter number, weekday). Intervals "the last/next N units" are
  compared on their length, early/mid/late and beginning/end of a month on their days. Beginning
  of a week or a year is out: Duckling takes Monday-Wednesday and January-March, we take the first
  third. Negative examples must yield nothing, except those with a number from 1000 to 2099
  ("Pay ABC 2000"), which the module reads as a year (news convention).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from transforms.dates import Timex, find_timexes, normalize_timex

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
DATEPARSER = CORPUS / "peer-tests" / "dateparser_tests" / "dateparser_en_cases.json"
DUCKLING = CORPUS / "peer-tests" / "duckling" / "duckling_en_examples.jsonl"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")

_SUB_DAY = re.compile(r"\b(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|an?\s+hour)\b", re.I)
_FRACTION = re.compile(r"\d[.,]\d")
_NOTATION = re.compile(r"(?:^|\s)[+-]\s*\d|\bnow\s*[+-]|\d[a-z]\b", re.I)
_DIRECTION = re.compile(
    r"\b(?:ago|in|later|from now|hence|before|after|yesterday|tomorrow|today|last|next|just now"
    r"|till date)\b",
    re.I,
)
_FOUR_DIGIT_YEAR = re.compile(r"\b\d{4}\b")


def _datetime(value: Any) -> dt.datetime:
    text = value["__datetime__"] if isinstance(value, dict) else value
    return dt.datetime.fromisoformat(text)


def _duration(value: str) -> relativedelta:
    """relativedelta for a date-only TIMEX3 duration value (P1Y2M, P10Y, P1Y9M1W, P2Q)."""
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)Q)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", value)
    assert match is not None, f"not a date duration: {value}"
    years, quarters, months, weeks, days = (int(g or 0) for g in match.groups())
    return relativedelta(years=years, months=months + 3 * quarters, weeks=weeks, days=days)


# dateparser


def _dateparser_relative_cases() -> list[Any]:
    data = json.loads(DATEPARSER.read_text(encoding="utf-8"))
    cases = []
    for row in data["freshness_relative"]:
        text = row["text"]
        if _SUB_DAY.search(text) or _FRACTION.search(text) or _NOTATION.search(text):
            continue
        case_id = f"{row['source_test'].removeprefix('test_')}-{text}"
        cases.append(pytest.param(text, row["anchor"], row["expected"], id=case_id))
    return cases


def _dateparser_search_cases() -> list[Any]:
    data = json.loads(DATEPARSER.read_text(encoding="utf-8"))
    cases = []
    for row in data["search_in_text"]:
        expected = row["expected"] or []
        if any(_SUB_DAY.search(s) or _ambiguous_numeric(s) for s, _ in expected):
            continue
        base = (row["settings"] or {}).get("RELATIVE_BASE")
        case_id = f"{row['source_test'].removeprefix('test_')}-{row['text'][:40]}"
        cases.append(pytest.param(row["text"], base, expected, id=case_id))
    return cases


def _ambiguous_numeric(text: str) -> bool:
    match = re.search(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b", text)
    return bool(match) and int(match.group(1)) <= 12 and int(match.group(2)) <= 12


# Duckling

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri"
    r"|sat|sun)\.?"
)
_ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)?|first|second|third|fourth|fifth|tenth|fifteenth)"
_COUNT = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
_UNIT = r"(?:days?|weeks?|months?|years?)"
_YEAR = r"(?:\d{4}|\d{2})"
_FIXED_HOLIDAY = (
    r"(?:christmas(?:\s+day)?|xmas|new\s+year'?s\s+(?:eve|day)|valentine'?s?\s+day|halloween)"
)
_FLOATING_HOLIDAY = r"(?:easter(?:\s+(?:sunday|monday|mon))?|good\s+friday|thanksgiving(?:\s+day)?)"

# Constructions the module documents; a Duckling row is in scope when its whole text is one.
# Each entry: (name, pattern, whether the expression fixes its own year).
_DUCKLING_GRAMMAR: tuple[tuple[str, str, bool], ...] = (
    (
        "day_month_year",
        rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_ORDINAL}(?:\s+of)?[\s/-]*{_MONTH}[\s,/-]*{_YEAR}",
        True,
    ),
    ("month_day_year", rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s*{_ORDINAL},?\s*{_YEAR}", True),
    (
        "day_month",
        rf"(?:on\s+)?(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_ORDINAL}(?:\s+of)?\s+{_MONTH}",
        False,
    ),
    ("month_day", rf"(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s*(?:the\s+)?{_ORDINAL}", False),
    ("month_year", rf"{_MONTH}\s+\d{{4}}", True),
    ("month", rf"(?:in\s+|during\s+)?{_MONTH}", False),
    ("month_relative", rf"(?:next|last)\s+{_MONTH}", True),
    ("year", r"(?:in\s+)?\d{4}", True),
    ("numeric_date", r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}", True),
    (
        "day_word",
        r"today|yesterday|tomorrow|(?:the\s+)?day\s+(?:before\s+yesterday|after\s+tomorrow)",
        True,
    ),
    (
        "calendar_unit",
        r"(?:around\s+)?(?:this|last|next|current|past|previous|upcoming|coming|the\s+following)"
        r"\s+(?:week|month|year|yr|quarter|qtr)",
        True,
    ),
    ("weekday_last", rf"last\s+{_WEEKDAY}", True),
    ("weekday", rf"(?:(?:this|next|around\s+next)\s+)?{_WEEKDAY}", False),
    ("weekday_of_week", rf"{_WEEKDAY}\s+(?:of\s+)?(?:this|next|last)\s+week", True),
    ("offset", rf"(?:in\s+)?{_COUNT}\s+{_UNIT}(?:\s+(?:ago|from\s+now|from\s+today|hence))?", True),
    (
        "quarter",
        r"(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|qtr)"
        r"\s+(?:of\s+)?\d{4}",
        True,
    ),
    (
        "quarter_yearless",
        r"(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|qtr)",
        False,
    ),
    ("quarter_code", r"\d{4}q[1-4]", True),
    ("holiday_fixed", rf"(?:this\s+)?{_FIXED_HOLIDAY}", False),
    (
        "holiday_year",
        rf"(?:{_FIXED_HOLIDAY}|{_FLOATING_HOLIDAY})\s+\d{{4}}"
        rf"|(?:last|next)\s+(?:{_FIXED_HOLIDAY}|{_FLOATING_HOLIDAY})",
        True,
    ),
    ("span", rf"(?:last|past|next)\s+{_COUNT}\s+{_UNIT}", True),
    (
        "month_part",
        rf"(?:early|mid|late|(?:at\s+)?(?:the\s+)?(?:beginning|end)\s+of)\s+{_MONTH}",
        False,
    ),
)
_GRAMMAR = tuple((name, re.compile(p, re.I), own_year) for name, p, own_year in _DUCKLING_GRAMMAR)


def _construction(text: str) -> tuple[str, bool] | None:
    """Name of the grammar construction a Duckling text is, and whether it fixes its year."""
    for name, pattern, own_year in _GRAMMAR:
        if pattern.fullmatch(text.strip()):
            return name, own_year
    return None


def _duckling_rows() -> list[dict[str, Any]]:
    with DUCKLING.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [r for r in rows if r["corpus"] == "duckling_time_en"]


def _duckling_cases() -> list[Any]:
    cases = []
    for row in _duckling_rows():
        if row["section"] not in ("allExamples", "defaultCorpus"):
            continue
        found = _construction(row["text"])
        if found is None:
            continue
        name, own_year = found
        if (
            row["kind"] == "instant" and row["grain"] in ("Day", "Week", "Month", "Quarter", "Year")
        ) or (row["kind"] == "interval" and name in ("span", "month_part")):
            pass
        else:
            continue
        case_id = f"{row['section']}-{row['text']}"
        cases.append(pytest.param(row, name, own_year, id=case_id))
    return cases


def _duckling_negative_cases() -> list[Any]:
    return [
        pytest.param(row["text"], id=row["text"])
        for row in _duckling_rows()
        if row["section"] == "negativeCorpus" and not re.search(r"\b(?:1\d|20)\d\d\b", row["text"])
    ]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize from the peer files at collection time (nothing is read at import)."""
    if not CORPUS.is_dir():
        return
    sources = {
        "test_dateparser_relative": ("text,anchor,expected", _dateparser_relative_cases),
        "test_dateparser_search": ("text,base,expected", _dateparser_search_cases),
        "test_duckling": ("row,construction,own_year", _duckling_cases),
        "test_duckling_negative": ("text", _duckling_negative_cases),
    }
    if metafunc.function.__name__ in sources:
        names, load = sources[metafunc.function.__name__]
        metafunc.parametrize(names, load())


def _check_against_datetime(timex: Timex, anchor: dt.date, expected: dt.datetime) -> None:
    """Compare one of our expressions with a peer's resolved datetime, mapping conventions."""
    if timex.timex_type == "DURATION":
        assert timex.value is not None
        assert anchor - _duration(timex.value) == expected.date(), timex
    elif timex.value == "PRESENT_REF":
        assert expected.date() == anchor, timex
    elif timex.timex_type == "TIME" and timex.value and re.search(r"T\d{2}:\d{2}", timex.value):
        assert timex.value[:16] == expected.isoformat()[:16], timex
    else:
        assert timex.start_date is not None and timex.end_date is not None, timex
        assert timex.start_date <= expected.date() <= timex.end_date, timex


def test_dateparser_relative(text: str, anchor: str, expected: str) -> None:
    anchor_date = dt.date.fromisoformat(anchor[:10])
    timex = normalize_timex(text, anchor_date)
    assert timex is not None, text
    _check_against_datetime(timex, anchor_date, _datetime(expected))


def test_dateparser_search(text: str, base: Any, expected: list[Any]) -> None:
    anchor = _datetime(base).date() if base else None
    found = find_timexes(text, anchor)
    assert [t.text for t in found] == [s for s, _ in expected]
    for timex, (surface, when) in zip(found, expected, strict=True):
        wanted = _datetime(when)
        if (
            anchor is not None
            and not _FOUR_DIGIT_YEAR.search(surface)
            and not _DIRECTION.search(surface)
        ):
            assert timex.start_date is not None, timex
            assert (timex.start_date.month, timex.start_date.day) == (wanted.month, wanted.day)
        else:
            _check_against_datetime(timex, anchor or wanted.date(), wanted)


def test_duckling(row: dict[str, Any], construction: str, own_year: bool) -> None:
    anchor = dt.date.fromisoformat(row["reference_time"][:10])
    timex = normalize_timex(row["text"], anchor)
    assert timex is not None, row["text"]
    if row["kind"] == "interval":
        start = dt.date.fromisoformat(row["start"][:10])
        end = dt.date.fromisoformat(row["end"][:10]) - dt.timedelta(days=1)  # Duckling: exclusive
        if construction == "span":
            # Duckling aligns "the last 2 weeks" to whole calendar weeks, we count back from the
            # anchor: compare the length.
            assert timex.timex_type == "DURATION" and timex.value is not None
            assert start + _duration(timex.value) == end + dt.timedelta(days=1), timex
        else:
            assert timex.start_date is not None and timex.end_date is not None
            got = [(d.month, d.day) for d in (timex.start_date, timex.end_date)]
            assert got == [(start.month, start.day), (end.month, end.day)], timex
        return
    expected = dt.date.fromisoformat(row["value"][:10])
    if own_year and construction != "weekday":
        assert timex.start_date is not None and timex.end_date is not None, timex
        assert timex.start_date <= expected <= timex.end_date, timex
        return
    assert timex.start_date is not None, timex
    got = timex.start_date
    if construction == "weekday":
        assert got.weekday() == expected.weekday(), timex
    elif construction == "month":
        assert got.month == expected.month, timex
    elif construction == "quarter_yearless":
        assert (got.month - 1) // 3 == (expected.month - 1) // 3, timex
    else:
        assert (got.month, got.day) == (expected.month, expected.day), timex


def test_duckling_negative(text: str) -> None:
    assert find_timexes(text, dt.date(2013, 2, 12)) == []


# Each suite: its cases and the test that checks one (the gate scores with the same tests).
def _suites() -> dict[str, tuple[Callable[[], list[Any]], Callable[..., None]]]:
    return {
        "dateparser_relative": (_dateparser_relative_cases, test_dateparser_relative),
        "dateparser_search": (_dateparser_search_cases, test_dateparser_search),
        "duckling_time": (_duckling_cases, test_duckling),
        "duckling_negative": (_duckling_negative_cases, test_duckling_negative),
    }


def peer_pass_rates() -> dict[str, tuple[int, int, float]]:
    """Per suite (dateparser_relative, dateparser_search, duckling_time, duckling_negative):
    (passed, in-scope cases, pass rate)."""
    rates: dict[str, tuple[int, int, float]] = {}
    for suite, (load, check) in _suites().items():
        cases = load()
        passed = 0
        for case in cases:
            try:
                check(*case.values)
            except Exception:  # an exception fails the case, as it fails the test under pytest
                continue
            passed += 1
        rates[suite] = (passed, len(cases), passed / len(cases) if cases else 0.0)
    return rates


if __name__ == "__main__":
    for name, (ok, total, rate) in peer_pass_rates().items():
        print(f"{name:20} {ok:4d}/{total:<4d} {rate:6.1%}")
