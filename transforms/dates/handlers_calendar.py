"""Rule handlers for calendar dates: written dates, months, years, decades, centuries, seasons
and holidays (quarters and fiscal years are in ``handlers_periods``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from schemas.temporal_expressions import (
    GRANULARITY_MONTH,
    QUANT_EACH,
    QUANT_EVERY,
    TIMEX_DATE,
    TIMEX_SET,
)
from transforms.dates.anchoring import (
    Occurrence,
    ResolutionContext,
    Resolver,
    absolute_date,
    anchored,
    future_cue,
    holiday_date,
    pick,
    text_year,
    yearless_date,
    yearless_month,
)
from transforms.dates.handlers_day_ranges import range_second_year, range_year_after
from transforms.dates.matching import (
    MatchContext,
    day_number,
    month_number,
    month_ok,
    normalized_words,
    optional_int,
    word_before,
    word_set,
)
from transforms.dates.values import (
    SEASON_INDEX,
    ClockTime,
    TemporalValue,
    century_value,
    day_value,
    decade_value,
    month_value,
    season_of,
    season_value,
    time_value,
    valid_date,
    year_value,
)
from transforms.dates.zones import zone_offset_minutes
from transforms.vocabulary.calendar_words import (
    DATE_NAME_NOUNS,
    DECADE_WORDS,
    HOLIDAY_ALIASES,
    MONTH_ABBREVIATIONS,
    MONTHS,
    SEASONS,
    THANKSGIVING_FOLLOWERS,
    WEEKDAYS,
)
from transforms.vocabulary.number_words import ONES, TEENS, TENS


def handle_iso_date(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'2025-01-13', '2025-01-13T08:30Z'."""
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if valid_date(year, month, day) is None:
        return None
    if match["hh"] is None:
        return absolute_date(year, month, day)
    clock = ClockTime(int(match["hh"]), int(match["mi"]), optional_int(match["ss"]), None)
    if match["tz"]:
        clock = replace(clock, offset=zone_offset_minutes(match["tz"]))
    date = dt.date(year, month, day)
    return lambda _: time_value(date, clock, explicit=True)


def handle_numeric_date(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'13/01/2025', '7/8/07', '13.01.2025' (day/month order by magnitude, else by the anchor)."""
    first, second = int(match["a"]), int(match["b"])
    if len(match["y"]) == 2 and match["sep"] != "/":
        return None  # "3.5.10" and "10-31-74" are more often versions or codes than dates
    year_text = match["y"]

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        anchor = resolution.anchor
        year = int(year_text) if len(year_text) == 4 else text_year(year_text, anchor)
        readings = []
        for day, month in ((first, second), (second, first)):
            date = valid_date(year, month, day)
            if date is not None:
                readings.append(date)
        if not readings:
            return None
        chosen = readings[0]  # day first: the project's default order
        if len(readings) == 2 and anchor is not None:
            # Both orders are valid: news mentions dates near its publication date, so take the
            # reading nearer the anchor (ties stay day first).
            distance = [abs((reading - anchor).days) for reading in readings]
            chosen = readings[1] if distance[1] < distance[0] else readings[0]
        return replace(day_value(chosen), explicit_year=year)

    return resolve


def handle_year_month_day(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'2025/01/13'."""
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    return absolute_date(year, month, day) if valid_date(year, month, day) else None


def handle_day_month(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'13 January 2025', 'the 2nd of March', 'January 13, 2025', 'Jan. 13', 'Friday, July 18'."""
    has_year = len((match["year"] or "").lstrip("'")) == 4
    if not month_ok(context, match["mon"], has_year=has_year):
        return None
    month = month_number(match["mon"])
    day = day_number(match["day"])
    if day is None or not 1 <= day <= 31:
        return None
    following = _NEXT_WORD_RE.match(context.text, match.end())
    if following and following.group(1).lower() in DATE_NAME_NOUNS:
        return None  # a name: "the 19 April Movement", "6 October Avenue"
    weekday = WEEKDAYS[match["wd"].lower()] if match["wd"] else None
    year_text = match["year"] or range_year_after(context.text, match.end(), day)
    if year_text is None:
        if valid_date(2000, month, day) is None:
            return None
        future = future_cue(context.text, match.start(), match.end())
        before = word_before(context, match.start())
        if before in ("last", "past"):
            future = None  # "last 29 March": the latest occurrence, whatever the clause says
        elif before in ("next", "coming"):
            future = True
        return yearless_date(month, day, weekday, future)
    digits = year_text.lstrip("'")
    if len(digits) == 2 and not year_text.startswith("'") and context.strict:
        # In running text two bare digits after a month name are a year only in wire datelines
        # ("3 JAN 90", "31-Oct-74"), not in "on 5 March 20 people died".
        compact = "-" in match[0] or "/" in match[0]
        abbreviated = match["mon"].rstrip(".").lower() in MONTH_ABBREVIATIONS
        # Wire style spells short months in full ("20 MAY 88 (RADIO) --"): a dateline's
        # source or dash after the two digits marks them as its year.
        dateline = _DATELINE_AFTER_RE.match(context.text, match.end())
        if not (compact or abbreviated or dateline):
            return None

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        year = int(digits) if len(digits) == 4 else text_year(digits, resolution.anchor)
        return absolute_date(year, month, day)(resolution)

    return resolve


_DATELINE_AFTER_RE = re.compile(r"\s*(?:\(|--|\u2014)")
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Za-z]+)")


def handle_month_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'January 2025', "May '08"."""
    if not month_ok(context, match["mon"], has_year=len(match["year"].lstrip("'")) == 4):
        return None
    month = month_number(match["mon"])
    digits = match["year"].lstrip("'")

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        year = int(digits) if len(digits) == 4 else text_year(digits, resolution.anchor)
        value = month_value(year, month)
        return None if value is None else replace(value, explicit_year=year)

    return resolve


def handle_month_of_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'October of next year', 'March of last year', 'June this year'."""
    if not month_ok(context, match["mon"]):
        return None
    month = month_number(match["mon"])
    step = {"last": -1, "this": 0, "next": 1}[match["rel"].lower()]
    return anchored(lambda anchor: month_value(anchor.year + step, month))


# Words after which a bare "May" or "March" is the month, not the verb ("in May", not "and may").
_VERB_MONTH_CONTEXT = word_set(
    "in since until till by during of from before after through between early mid late last "
    "next this end beginning start middle"
)


_DAY_BEFORE_RE = re.compile(r"\d(?:st|nd|rd|th)?[ \t-]+$", re.IGNORECASE)
_DAY_AFTER_RE = re.compile(r"[ \t]+\d{1,2}(?:st|nd|rd|th)?(?=[ \t])", re.IGNORECASE)


def _in_date_name(text: str, start: int, end: int) -> bool:
    """Whether a month between ``start`` and ``end`` is part of a name made of a day, the
    month and a noun of ``DATE_NAME_NOUNS`` (the day on either side of the month)."""
    day_after = _DAY_AFTER_RE.match(text, end)
    if day_after is None and not _DAY_BEFORE_RE.search(text, max(0, start - 6), start):
        return False
    following = _NEXT_WORD_RE.match(text, day_after.end() if day_after else end)
    return following is not None and following.group(1).lower() in DATE_NAME_NOUNS


# Words that follow "MARCH" the noun as a subject or "MAY" the modal, never the month.
_SUBJECT_VERBS = word_set(
    "is was will would has had also be have not well can could should must did does began "
    "begins started starts ended ends took takes continued continues went goes"
)


def handle_month(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'October', 'last September', 'next March' (year from the anchor)."""
    month_text = match["mon"]
    relation = (match["rel"] or "").lower()
    if not month_ok(context, month_text):
        return None
    name = month_text.lower().rstrip(".")
    determined = relation == "this" or word_before(context, match.start()) in ("the", "a", "that")
    if context.strict and name in ("may", "march") and month_text.isupper() and determined:
        # All-capital wire copy has no case to tell the month from the verb or the noun: "THIS
        # MARCH IS ALSO SCHEDULED", "THIS MAY ALSO BE": after a determiner, a verb right after
        # it makes it a demonstration or a modal (MUC-3 dev, issue 17 round 3); "IN LATE MAY
        # WAS" and "LAST MARCH WAS" stay months.
        following = _NEXT_WORD_RE.match(context.text, match.end())
        if following and following.group(1).lower() in _SUBJECT_VERBS:
            return None
    if context.strict and not relation:
        if name in ("may", "march") and (
            word_before(context, match.start()) not in _VERB_MONTH_CONTEXT
        ):
            return None
        if name in MONTH_ABBREVIATIONS and not month_text.endswith("."):
            return None  # a bare "Jan" or "Dec" is more often a name than a month
    if _in_date_name(context.text, match.start(), match.end()):
        return None  # the month of "the 19 April Movement" or "April 19 Movement"
    month = MONTHS[name]
    future = future_cue(context.text, match.start(), match.end())

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if resolution.anchor is None:
            if resolution.reference_year is not None:
                return month_value(resolution.reference_year, month)
            return TemporalValue(TIMEX_DATE, f"XXXX-{month:02d}", granularity=GRANULARITY_MONTH)
        anchor = resolution.anchor
        if relation in ("last", "past"):
            year = anchor.year if month < anchor.month else anchor.year - 1
            return month_value(year, month)
        if relation in ("next", "coming"):
            year = anchor.year if month > anchor.month else anchor.year + 1
            return month_value(year, month)
        if relation == "this":
            return month_value(anchor.year, month)
        return yearless_month(month, anchor, future)

    return resolve


# Words before a four-digit number that make it a year.
_YEAR_CONTEXT = word_set(
    "in since by until till from to through during before after of between and or early mid "
    "late the end beginning start middle spring summer autumn fall winter fiscal year around "
    "circa c ca as"
)
# Nouns after a four-digit number that make it a count ("2000 soldiers"), not a year.
_COUNT_NOUNS = word_set(
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


# A number a change verb moves "from" or "to" is an amount ("increased from 1061 to 1128").
_CHANGE_BEFORE_RE = re.compile(
    r"\b(?:rose|risen|rises|fell|fallen|falls|increased|increases|decreased|decreases|jumped"
    r"|dropped|grew|grown|climbed|declined|slipped|soared|surged|plunged)"
    r"\s+(?:from\s+[\d,.]+\s+)?(?:from|to)\s+$",
    re.IGNORECASE,
)
# After a model code in capitals ("the RTX 2060", "GTX 2080") a number far from the anchor's year
# is a model number; near it, it is the year of an event ("CES 2020", "WWDC 2019").
_MODEL_BEFORE_RE = re.compile(r"(?<![\w-])(?!(?:AD|CE|BC|BCE)\s)[A-Z]{2,}\s+$")
_MODEL_YEAR_DISTANCE = 10
# "No.", "number" before four digits: a house, file or decree number (MUC-3 dev, issue 17 round
# 3: "4-A ROAD, NO 1978"); TBAQ and MEANTIME have no year after these words.
_NUMBER_BEFORE_RE = re.compile(r"\b(?:no|nos|nr|num|number)\.?[ \t]*$", re.IGNORECASE)
# Four digits followed by a bracketed GMT time ("AT 2230 [0230 GMT]", "BETWEEN 1310 AND 1350
# [1910 AND 1950 GMT]") or by "AND 1950 GMT": military time, the way MUC-3 wire copy gives
# local times.
CLOCK_BEFORE_GMT = r"(?=(?:\s+(?:and|to)\s+\d{4})?\s*(?:\[\s*\d{4}\b[^\]]{0,30}\b)?(?:gmt|utc)\b)"
_CLOCK_AFTER_RE = re.compile(CLOCK_BEFORE_GMT, re.IGNORECASE)


def handle_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """A bare four-digit year ('in 2024', 'since 1992', 'the 2008 elections')."""
    year = int(match["year"])
    before = word_before(context, match.start())
    if not 1000 <= year <= 2099 or (year < 1900 and before not in _YEAR_CONTEXT):
        return None
    follow = _YEAR_FOLLOW_RE.match(context.text, match.end())
    if follow is not None:
        noun = follow.group(1)
        if noun is None or (noun.lower() in _COUNT_NOUNS and before not in _YEAR_CONTEXT):
            return None
    if re.search(r"[$€£¥#]\s?$", context.text[max(0, match.start() - 2) : match.start()]):
        return None  # "$2000", "#1990"
    if _NUMBER_BEFORE_RE.search(context.text, max(0, match.start() - 10), match.start()):
        return None  # a house or file number: "4-A ROAD, NO 1978", "at No. 1976 28th Avenue"
    if _CLOCK_AFTER_RE.match(context.text, match.end()):
        return None  # wire copy's local time before its GMT equivalent: "AROUND 1100 [1500 GMT]"
    window = context.text[max(0, match.start() - 40) : match.start()]
    if _CHANGE_BEFORE_RE.search(window):
        return None  # "scores increased from 1061 to 1128": an amount
    model = bool(_MODEL_BEFORE_RE.search(window)) and not window.isupper()

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        anchor = resolution.anchor
        if model and anchor is not None and abs(year - anchor.year) > _MODEL_YEAR_DISTANCE:
            return None
        value = year_value(year)
        return None if value is None else replace(value, explicit_year=year)

    return resolve


def handle_apostrophe_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """ "'82" after a word that introduces a year ("in '82")."""
    if context.strict and word_before(context, match.start()) not in _YEAR_CONTEXT:
        return None
    digits = match["yy"]
    return lambda resolution: year_value(text_year(digits, resolution.anchor))


# Years written in words, as broadcast transcripts spell them ("in nineteen ninety-one", "the
# year two thousand", "two thousand and one"): TBAQ dev tags all 4 it has (CNN, PRI, ABC news
# transcripts), MEANTIME has none. Only after a word that introduces a year (as for four digits)
# or after "the year", and not before a counted noun ("nineteen ninety people" is a count).
_TENS_WORDS = "|".join(word for word in TENS if word != "fourty")
_ONES_WORDS = "|".join(word for word, value in ONES.items() if value > 0)
_TEENS_WORDS = "|".join(TEENS)
_BELOW_HUNDRED = rf"(?:(?:{_TENS_WORDS})(?:[\s-](?:{_ONES_WORDS}))?|{_TEENS_WORDS}|{_ONES_WORDS})"
SPELLED_YEAR = (
    rf"(?:(?P<hundreds>eighteen|nineteen|twenty)[\s-](?:hundred(?:\s+and\s+(?P<after_hundred>"
    rf"{_BELOW_HUNDRED}))?|oh[\s-](?P<oh>{_ONES_WORDS})|(?P<two_digits>(?:{_TENS_WORDS})"
    rf"(?:[\s-](?:{_ONES_WORDS}))?|{_TEENS_WORDS}))"
    rf"|two\s+thousand(?:(?:\s+and)?[\s-](?P<after_thousand>{_BELOW_HUNDRED}))?)(?![\w-])"
)


def _below_hundred(words: str) -> int:
    """Value of "ninety-one", "twelve", "seven" (words of ``_BELOW_HUNDRED``)."""
    total = 0
    for word in re.split(r"[\s-]+", words.lower()):
        total += TENS.get(word) or TEENS.get(word) or ONES.get(word, 0)
    return total


def spelled_year(match: re.Match[str]) -> int:
    """The year a ``SPELLED_YEAR`` match writes."""
    if match["hundreds"]:
        century = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[match["hundreds"].lower()]
        rest = match["after_hundred"] or match["oh"] or match["two_digits"]
        return century + (_below_hundred(rest) if rest else 0)
    return 2000 + (_below_hundred(match["after_thousand"]) if match["after_thousand"] else 0)


def handle_spelled_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'nineteen ninety-one', 'the year two thousand', 'in two thousand and one'."""
    if not match["the_year"] and word_before(context, match.start()) not in _YEAR_CONTEXT:
        return None
    follow = _YEAR_FOLLOW_RE.match(context.text, match.end())
    if follow is not None and (follow.group(1) is None or follow.group(1).lower() in _COUNT_NOUNS):
        return None
    year = spelled_year(match)

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        value = year_value(year)
        return None if value is None else replace(value, explicit_year=year)

    return resolve


# Words after which a bare "80s" is a decade (in running text "80s" alone may be a temperature).
_DECADE_CONTEXT = word_set("in of early mid late from and or to through until since")
_AGE_BEFORE_RE = re.compile(
    r"\b(?:his|her|their|my|your|our|its)\s+(?:(?:early|mid|late)(?:\s+|\s*-\s*))?$",
    re.IGNORECASE,
)


def handle_decade(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the 1990s', 'the '80s', '70s', 'the nineties'."""
    if match["century"]:
        decade = int(match["century"]) * 10 + int(match["tens"])
        return lambda _: decade_value(decade)
    if match["word"]:
        tens = DECADE_WORDS[match["word"].lower()]
    else:
        tens = int(match["tens2"])
        written_as_decade = match["the"] or match["apos"] or match["apos2"]
        before = word_before(context, match.start())
        if not written_as_decade and before not in _DECADE_CONTEXT:
            return None
        if _AGE_BEFORE_RE.search(context.text, max(0, match.start() - 20), match.start()):
            return None  # an age ("in his 50s", "women in their mid-50s")

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        # The most recent decade with these tens at or before the anchor's (twentieth century
        # without an anchor).
        anchor = resolution.anchor
        if anchor is None:
            return decade_value(190 + tens)
        decade = anchor.year // 100 * 10 + tens
        if decade > anchor.year // 10:
            decade -= 10
        return decade_value(decade)

    return resolve


def handle_century(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the 19th century', 'the twentieth century' (value "18", "19")."""
    ordinal = day_number(match["n"])
    if not ordinal:
        return None
    return lambda _: century_value(ordinal - 1)


def handle_every_month(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'every November', 'each March' (SET "XXXX-11", quant EVERY/EACH)."""
    if not month_ok(context, match["mon"]):
        return None
    month = month_number(match["mon"])
    quant = QUANT_EACH if match[0][:4].lower() == "each" else QUANT_EVERY
    value = f"XXXX-{month:02d}"
    return lambda _: TemporalValue(TIMEX_SET, value, granularity=GRANULARITY_MONTH, quant=quant)


# "The fall of" followed by anything but a year is the noun ("the fall of the Berlin Wall").
_OF_AFTER_RE = re.compile(r"\s+of\b", re.IGNORECASE)


def handle_season(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'spring', 'last summer', 'winter 2009' (meteorological seasons)."""
    name = match["season"].lower()
    relation = (match["rel"] or "").lower()
    year_text = match["year"]
    spelled = bool(match["hundreds"]) or "thousand" in match[0].lower()  # a SPELLED_YEAR
    before = "the" if match["the"] else word_before(context, match.start())
    if (
        context.strict
        and name == "fall"
        and not relation
        and not year_text
        and not spelled
        and (
            before not in ("the", "this", "early", "late", "mid")
            or _OF_AFTER_RE.match(context.text, match.end())
        )
    ):
        return None  # "prices fall" is a verb, "the fall of the regime" a noun
    code = SEASONS[name]
    winter_range = code == "WI" and range_second_year(int(year_text or 0), match["year2"] or "")
    if match["year2"] and winter_range != int(year_text) + 1:
        return None  # "the winter of 1997-98" is one winter; other seasons span no two years

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if year_text or spelled:
            return season_value(int(year_text) if year_text else spelled_year(match), code)
        anchor = resolution.anchor
        if anchor is None:
            reference_year = resolution.reference_year
            return season_value(reference_year, code) if reference_year else None
        now_year, now_code = season_of(anchor)
        now_index = now_year * 4 + SEASON_INDEX[now_code]
        candidates = []
        for year in (now_year - 1, now_year, now_year + 1):
            index = year * 4 + SEASON_INDEX[code]
            if relation in ("last", "past") and index >= now_index:
                continue
            if relation in ("next", "coming") and index <= now_index:
                continue
            value = season_value(year, code)
            if value is not None:
                candidates.append(Occurrence(index, value))
        if relation == "this":
            return season_value(now_year if code != "WI" or now_code == "WI" else anchor.year, code)
        if relation in ("last", "past"):
            return max(candidates, key=lambda c: c.index).value if candidates else None
        if relation in ("next", "coming"):
            return min(candidates, key=lambda c: c.index).value if candidates else None
        return pick(candidates, now_index, future_cue(context.text, match.start(), match.end()))

    return resolve


def _holiday_date(name: str, year: int) -> dt.date | None:
    """A holiday's date in ``year``, also the shopping days after Thanksgiving."""
    if name in THANKSGIVING_FOLLOWERS:
        thanksgiving = holiday_date("thanksgiving", year)
        return thanksgiving and thanksgiving + dt.timedelta(days=THANKSGIVING_FOLLOWERS[name])
    return holiday_date(name, year)


def handle_holiday(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'Christmas', 'last Easter', 'Thanksgiving 2016' (year chosen like other yearless dates)."""
    name = normalized_words(match["h"])
    if name not in HOLIDAY_ALIASES and name not in THANKSGIVING_FOLLOWERS:
        return None
    relation = (match["rel"] or "").lower()
    year_text = match["year"]
    future = future_cue(context.text, match.start(), match.end())

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if year_text:
            date = _holiday_date(name, int(year_text))
            if date is None:
                return None
            return replace(day_value(date), explicit_year=int(year_text))
        base = resolution.anchor
        if base is None:
            if resolution.reference_year is None:
                return None
            date = _holiday_date(name, resolution.reference_year)
            return None if date is None else day_value(date)
        candidates = []
        for year in (base.year - 1, base.year, base.year + 1):
            date = _holiday_date(name, year)
            if date is not None:
                candidates.append(Occurrence(date.toordinal(), day_value(date)))
        if relation == "last":
            earlier = [c for c in candidates if c.index < base.toordinal()]
            return max(earlier, key=lambda c: c.index).value if earlier else None
        if relation == "next":
            later = [c for c in candidates if c.index > base.toordinal()]
            return min(later, key=lambda c: c.index).value if later else None
        if relation == "this":
            date = _holiday_date(name, base.year)
            return None if date is None else day_value(date)
        return pick(candidates, base.toordinal(), future)

    return resolve
