"""Rule handlers for expressions relative to the anchor or to the narrative's reference time:
"yesterday", "this morning", "last Friday", "next month", "the day", "two weeks ago", "now"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from schemas.temporal_expressions import (
    GRANULARITY_DAY,
    GRANULARITY_QUARTER,
    GRANULARITY_TIME,
    GRANULARITY_WEEK,
    GRANULARITY_YEAR,
    MOD_START,
    TIMEX_DATE,
    TIMEX_TIME,
)
from transforms.dates.anchoring import (
    ResolutionContext,
    Resolver,
    anchored,
    future_cue,
    future_in_past,
    relative_weekday,
)
from transforms.dates.durations import duration_parts, finest_granularity, offset_point
from transforms.dates.matching import (
    MatchContext,
    day_number,
    group,
    month_number,
    month_ok,
    normalized_words,
    word_before,
    word_set,
)
from transforms.dates.values import (
    WEEKEND,
    TemporalValue,
    day_value,
    move,
    part_of_day_value,
    unit_value,
    valid_date,
    weekend_value,
    year_value,
)
from transforms.vocabulary.calendar_words import (
    LABEL_IMPERATIVES,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    WEEKDAY_NAMES,
    WEEKDAYS,
)

# A capitalised "Now"/"Today" right after another capitalised word, on the same line with no
# punctuation between, is part of a title-case name ("Hawaii News Now", "USA Today", "Buy Now"),
# not a time; all-capitals text (wire copy) says nothing and is left alone.
_NAME_WORD_BEFORE_RE = re.compile(r"\b[A-Z][A-Za-z&'-]*[ \t]+$")  # no period: a sentence end
_PRICE_AFTER_RE = re.compile(r"[ \t]*:?[ \t]*(?:[$£€¥]|(?:US|C|A)\$|USD\b|EUR\b|GBP\b)")
_LABEL_RE = re.compile(
    r"(?:^|[\n.!?:|•]\s*|\b(?:and|or)\s+)([A-Za-z]+)(?:\s+(?:it|them|yours|one))?\s+$"
)


def in_title_name(context: MatchContext, start: int, end: int) -> bool:
    """Whether the word at ``start:end`` is a capitalised word inside a title-case name."""
    word = context.text[start:end]
    if not context.strict or not word[:1].isupper() or word.isupper():
        return False
    return bool(_NAME_WORD_BEFORE_RE.search(context.text[max(0, start - 40) : start]))


def shop_label_now(context: MatchContext, start: int, end: int) -> bool:
    """Whether a "now" is a shop or media label: before a price ("Now $243.97"), or after an
    imperative shop verb opening a label ("Buy now", "See it now:", "Shop Now")."""
    if _PRICE_AFTER_RE.match(context.text, end):
        return True
    label = _LABEL_RE.search(context.text[max(0, start - 40) : start])
    return bool(label) and label.group(1).lower() in LABEL_IMPERATIVES


def handle_day_word(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'today', 'earlier today', 'yesterday', 'the day before yesterday', 'tonight'."""
    word = normalized_words(match["w"])
    if word == "today" and in_title_name(context, match.start("w"), match.end("w")):
        return None  # "USA Today", "Sport Today": a name
    offset = RELATIVE_DAYS[word]
    if word.startswith("toni"):
        night = PARTS_OF_DAY["night"]
        return anchored(lambda anchor: part_of_day_value(anchor, night), TIMEX_TIME)
    return anchored(lambda anchor: day_value(anchor + dt.timedelta(days=offset)))


_PART_OF_DAY_OFFSETS = {"this": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last": -1}


def handle_day_part_of_day(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'this morning', 'last night', 'yesterday afternoon', 'tomorrow evening'."""
    relation = match["rel"].lower()
    code = PARTS_OF_DAY[match["pod"].lower()]
    offset = _PART_OF_DAY_OFFSETS[relation]
    if relation == "last" and code not in (PARTS_OF_DAY["night"], PARTS_OF_DAY["evening"]):
        return None  # only "last night" and "last evening" mean the day before
    return anchored(
        lambda anchor: part_of_day_value(anchor + dt.timedelta(days=offset), code), TIMEX_TIME
    )


def handle_part_of_day(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'morning', 'night' alone: kept only when it joins a day ("Friday morning")."""
    code = PARTS_OF_DAY[match["pod"].lower()]
    return lambda _: TemporalValue(
        TIMEX_TIME, None, granularity=GRANULARITY_TIME, part_of_day=code, fragment=True
    )


def handle_weekday_of_week(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'Wednesday of next week', 'Tuesday last week', 'monday of this week'."""
    weekday = WEEKDAYS[match["wd"].lower().rstrip(".")]
    step = {"this": 0, "last": -1, "next": 1}[match["rel"].lower()]

    def build(anchor: dt.date) -> TemporalValue:
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        return day_value(monday + dt.timedelta(days=weekday))

    return anchored(build)


# Words that make a weekday part of a name ("Black Monday") rather than a day of the anchor's week.
_NAMED_DAY_WORDS = word_set("black cyber blue bloody easter whit super manic giving")


def handle_weekday(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'on Monday', 'last Friday', 'next Tuesday' (bare: most recent on or before the anchor)."""
    weekday_text = match["wd"]
    if context.strict and weekday_text.lower() not in WEEKDAY_NAMES and "." not in weekday_text:
        return None  # in running text a bare "Sun" or "Sat" is rarely a weekday
    weekday = WEEKDAYS[weekday_text.lower().rstrip(".")]
    relation = (match["rel"] or "").lower()
    if not relation and word_before(context, match.start()) in _NAMED_DAY_WORDS:
        return None  # "Black Monday", "Cyber Monday": named days, not the anchor's week
    future = not relation and future_cue(context.text, match.start(), match.end())
    # "was to arrive Sunday": the first such day after the reference day (else the anchor)
    in_past = not relation and future_in_past(context.text, match.start())

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if resolution.anchor is None:
            return TemporalValue(TIMEX_DATE, f"XXXX-WXX-{weekday + 1}", granularity=GRANULARITY_DAY)
        if in_past:
            origin = resolution.reference_day or resolution.anchor
            return day_value(relative_weekday(weekday, origin, relation, True))
        return day_value(relative_weekday(weekday, resolution.anchor, relation, future))

    return resolve


_CALENDAR_UNIT_STEPS = {
    "this": 0, "current": 0, "the current": 0, "last": -1, "previous": -1, "the last": -1,
    "the previous": -1, "past": -1, "the past": -1, "next": 1, "coming": 1, "the coming": 1,
    "following": 1, "the following": 1, "upcoming": 1, "the upcoming": 1,
}  # fmt: skip


def handle_calendar_unit(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'last week', 'this month', 'next year', 'the previous year', 'earlier this month'."""
    relation = normalized_words(match["rel"])
    unit = match["unit"].lower().replace("-", "").replace("week end", WEEKEND)
    unit = {"yr": GRANULARITY_YEAR, "qtr": GRANULARITY_QUARTER}.get(unit, unit)
    unit = WEEKEND if unit.startswith(WEEKEND) else unit
    edge = (match["edge"] or "").lower()
    if edge and relation not in ("this", "the current", "current"):
        return None
    if relation == "the past" and unit != WEEKEND:
        return None  # "the past week" is a duration, handled with the other durations
    step = _CALENDAR_UNIT_STEPS[relation]
    # "the previous/following year/month/week" counts from the narrative's reference time, the
    # last date resolved ("In 2005 ... the following year", "last year, up from the previous
    # year": TimeML 1.2.1 anaphoric expressions); "last/next year" from the anchor.
    from_reference = relation in ("the previous", "the following") and unit != WEEKEND

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        anchor = resolution.reference_origin() if from_reference else resolution.anchor
        if anchor is None:
            granularity = GRANULARITY_WEEK if unit == WEEKEND else unit
            return TemporalValue(TIMEX_DATE, None, granularity=granularity)
        moved = move(anchor, unit, step)
        value = None if moved is None else unit_value(unit, moved)
        if value is None:
            return None
        if edge == "earlier":
            # TimeML mod START: TBAQ dev gives it to every "earlier this year/month" (5 of 5)
            end_date = min(value.end_date or anchor, anchor)
            return replace(value, end_date=end_date, mod=MOD_START)
        if edge == "later":
            return replace(value, start_date=max(value.start_date or anchor, anchor))
        return value

    return resolve


def handle_the_weekend(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the weekend': the last one on or before the anchor, the coming one in a future context."""
    future = future_cue(context.text, match.start(), match.end())

    def build(anchor: dt.date) -> TemporalValue | None:
        if future or anchor.weekday() >= 5:
            return weekend_value(anchor)
        return weekend_value(anchor - dt.timedelta(days=7))

    return anchored(build)


_THE_DAY_CONTEXT = word_set(
    "on during for throughout in over end ended ending ends finish finished finishing start "
    "started starting began begin open opened opening close closed closing all"
)
_DAY_COMPLEMENT = (
    r"\s*(?:-|'s\s+(?:high|low)\b)"
    r"|\s+(?:of|off|prior|when|that|after|before|on|in|which|he|she|it|they"
    r"|we|i|you|the|a|an|his|her|their|its|our|my|your|this|these|those)\b"
)


def handle_the_day(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the day', 'the same day', 'that day': the narrative's reference day (anaphora).

    Not when a clause or a complement says which day ("the day of the vote", "the day he left"),
    and plain "the day" only where market and event reports use it for the day being reported
    ("ended the day", "later in the day", "for the day"), not in idioms ("order of the day").
    """
    words = normalized_words(match[0])
    before = word_before(context, match.start())
    # "said later in the day that ...": after "later/earlier in" a "that" opens the clause of
    # the verb before, not a relative clause on the day.
    edge_in = before == "in" and re.search(
        r"\b(?:later|earlier|late|early)\s+in\s+$",
        context.text[max(0, match.start() - 15) : match.start()],
        re.IGNORECASE,
    )
    complement = re.match(_DAY_COMPLEMENT, context.text[match.end() :], re.IGNORECASE)
    if complement and not (edge_in and complement[0].strip().lower() == "that"):
        return None
    if words == "the day" and before not in _THE_DAY_CONTEXT:
        return None
    # "throughout the day" / "during the day" with no day named before in the paragraph is
    # generic ("drink water throughout the day"): no TIMEX3 (TBAQ dev "During the day" 1 of 1
    # untagged). "later in the day" stays: both corpora tag it with no day named before (TBAQ 1,
    # MEANTIME 1, both the anchor's day).
    generic = words == "the day" and before in ("throughout", "during")

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if generic and resolution.reference_day is None:
            return None
        day = resolution.reference_day or resolution.anchor
        if day is None:
            return TemporalValue(TIMEX_DATE, None, granularity=GRANULARITY_DAY)
        return day_value(day)

    return resolve


# "the next day", "the following day", "the previous day" name a day next to the narrative's
# reference time (TimeML: a DATE, like "the day before"), not a one-day duration; after "over",
# "within", "in", "for", "during" or before "or two" they are the duration ("over the next day
# or two"), left to the duration rule.
_DURATION_BEFORE = word_set("over within in for during throughout")
ADJACENT_DAY_STEPS = {"next": 1, "following": 1, "previous": -1}


def handle_adjacent_day(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the next day', 'the following day', 'the previous day' (from the reference day); the
    match has the direction word in group ``dir``."""
    if word_before(context, match.start()) in _DURATION_BEFORE:
        return None
    if re.match(r"\s+or\s", context.text[match.end() :], re.IGNORECASE):
        return None
    step = ADJACENT_DAY_STEPS[match["dir"].lower()]

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        origin = resolution.reference_day or resolution.anchor
        if origin is None:
            return TemporalValue(TIMEX_DATE, None, granularity=GRANULARITY_DAY)
        return day_value(origin + dt.timedelta(days=step))

    return resolve


def handle_unit_before(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the year before', 'the previous month' style offsets from the narrative's reference time."""
    unit = match["unit"].lower()

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        origin = resolution.reference_origin()
        if origin is None:
            return TemporalValue(TIMEX_DATE, None, granularity=unit)
        moved = move(origin, unit, -1)
        return None if moved is None else unit_value(unit, moved)

    return resolve


# Years named by anaphora or by the report they close: "that year", "later that year", "the
# same year" (the last year written, TimeML's reference time: TBAQ dev 2 of 2), "the full /
# entire / whole year" and "for the year," (the year under report: TBAQ dev 2 of 2 tagged as
# the DCT's year 1989 in October reports; MEANTIME "the entire year" after "the fourth quarter of
# 2005" in a January 2006 report is 2005, the written year), "earlier / later in the year" (the
# anchor's year; TBAQ dev 1 of 1, mod START as for "earlier this year", 4 of 4).


def handle_anaphoric_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'that year', 'later that year', 'the same year', 'the full year', 'earlier in the year'."""
    after = context.text[match.end() :]
    if re.match(r"\s*-|\s+(?:that\s+)?(?:ended|ending|ends|ago|earlier)\b", after, re.IGNORECASE):
        return None  # "the full year ended June 30" is a reporting period (a duration)
    words = normalized_words(match[0]).split()
    mod = MOD_START if words[0] == "earlier" else None
    written = "in" not in words  # "earlier in the year" is the anchor's year

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        year = resolution.reference_year if written else None
        if year is None and resolution.anchor is not None:
            year = resolution.anchor.year
        if year is None:
            return TemporalValue(TIMEX_DATE, None, granularity=GRANULARITY_YEAR)
        value = year_value(year)
        return None if value is None else replace(value, mod=mod)

    return resolve


_YEAR_STEPS = {"last": -1, "this": 0, "next": 1}


def handle_day_month_of_year(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'24 May this year', 'the 3rd of June last year': the day of the anchor's year moved by
    the relation (TimeML gives the full date, 1989-05-24)."""
    if not month_ok(context, match["mon"]):
        return None
    month = month_number(match["mon"])
    day = day_number(match["day"])
    if day is None:
        return None
    step = _YEAR_STEPS[match["rel"].lower()]

    def build(anchor: dt.date) -> TemporalValue | None:
        date = valid_date(anchor.year + step, month, day)
        return None if date is None else day_value(date)

    return anchored(build)


def handle_the_unit(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'the year', 'the month', 'the week' only after 'the end of', 'the beginning of', ..."""
    before = context.text[max(0, match.start() - 30) : match.start()]
    if not re.search(r"(?:start|beginning|end|middle|close|turn)\s+of\s*$", before, re.IGNORECASE):
        return None
    unit = match["unit"].lower()
    return anchored(lambda anchor: unit_value(unit, anchor))


_PAST_WORDS = ("ago", "earlier", "before", "back")
_SUPERLATIVE_RE = re.compile(
    r"\b(?:first|last|highest|lowest|best|worst|biggest|largest|smallest|most|least|record|only"
    r"|strongest|weakest|fastest|slowest|deadliest|longest|greatest)\b[^.;!?]*$",
    re.IGNORECASE,
)


def _superlative_before(context: MatchContext, start: int) -> bool:
    """Whether a superlative ("the first loss", "its lowest level") precedes in the clause."""
    return bool(_SUPERLATIVE_RE.search(context.text[max(0, start - 50) : start]))


def handle_offset(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """'two days ago', 'three weeks later', 'a year earlier', '7 years from now', 'in 2 weeks'."""
    quantities = match["qty"]
    parts = duration_parts(quantities)
    if parts is None:
        return None
    direction = normalized_words(group(match, "dir") or "")
    prefix = (group(match, "pre") or "").lower()
    finest = finest_granularity(quantities)
    # In running text "fell 9% in thirty minutes", "the first loss in 16 years" and "after two
    # days of talks" measure a stretch of time; only a future context ("will open in two weeks")
    # makes "in N units" a point. Returning None lets the duration rule take "N units" alone. A
    # lone expression ("in 2 weeks") is read as the point.
    if (
        prefix
        and not direction
        and context.strict
        and (
            prefix == "after"
            or _superlative_before(context, match.start())
            or not future_cue(context.text, match.start(), match.end())
        )
    ):
        return None
    sign = -1 if direction in _PAST_WORDS else 1
    from_reference = direction in ("earlier", "before", "later", "after") or prefix == "after"
    # "two days before the vote" counts from an event, not from a date: only the elliptical use
    # ("four days before.", "after 4 days,") is an offset.
    elliptical = re.match(
        r"\s*(?:[,.;:!?)]|$|\s(?:and|but|when|as)\b)", context.text[match.end() :]
    )
    if (direction in ("before", "after") or prefix == "after") and not elliptical:
        return None
    # In running text "three months from today" is a duration and a date, as TimeML annotates
    # it (issue 17): the duration rule and the "today" rule take each part. Given alone, the
    # expression is the point it names (Duckling's "3 years from today").
    if direction == "from today" and context.strict:
        return None

    # A vague count before "ago" ("several years ago", "a few weeks ago") is no point: TimeML's
    # PAST_REF (TBAQ dev 1 of 1; MEANTIME has none).
    vague_past = direction == "ago" and any(amount is None for amount in parts.values())

    def resolve(resolution: ResolutionContext) -> TemporalValue | None:
        if vague_past:
            return TemporalValue(TIMEX_DATE, "PAST_REF", None, resolution.anchor)
        # "returned two years later" counts from the last time told, of any granularity ("moved
        # in May 1968 ... two years later" is 1970), not only from the last day (round 4).
        told = [d for d in (resolution.reference_day, resolution.reference_start) if d]
        reference = max(told, default=None)
        use_reference = from_reference and reference is not None
        origin = reference if use_reference else resolution.anchor
        if origin is None:
            return TemporalValue(TIMEX_DATE, None, granularity=finest)
        return offset_point(origin, parts, sign, finest)

    return resolve


# "soon" is FUTURE_REF when it looks ahead from the time of writing ("will be healthy enough
# soon", "to soon grow", "very soon"). TBAQ dev leaves the others untagged (9 of 12): the
# conjunction "as soon as" (6), and "soon" in a past narrative, shortly after an event told
# ("soon became a flood", "was soon released", "soon after he reaches"); so does MEANTIME
# ("the soon-to-open terminal").
_SOON_AFTER = re.compile(
    r"\s*-|\s+(?:as|after|afterwards?|thereafter|became|came|went|began|was|were|had|got|left"
    r"|took|made|found|saw|gave|[a-z]+ed)\b",
    re.IGNORECASE,
)
_PAST_AUXILIARIES = word_set("was were had did")


def _soon_not_future(context: MatchContext, start: int, end: int) -> bool:
    """Whether a "soon" is a conjunction, an adjective, or shortly after a past event."""
    if _SOON_AFTER.match(context.text[end:]):
        return True
    return word_before(context, start) in _PAST_AUXILIARIES


def handle_reference_word(match: re.Match[str], context: MatchContext) -> Resolver | None:
    """PRESENT_REF, PAST_REF and FUTURE_REF words ('now', 'recently', 'the coming days')."""
    words = normalized_words(match[0])
    if words in ("the past", "the future") and (
        word_before(context, match.start()) not in ("in", "of")
    ):
        return None
    if words.endswith("soon") and _soon_not_future(context, match.start(), match.end()):
        return None
    if words == "now" and re.match(r"\s*-\s*|\s+that\b", context.text[match.end() :]):
        return None  # "now-defunct"; "now that" is a conjunction
    if words == "now" and (
        in_title_name(context, match.start(), match.end())
        or shop_label_now(context, match.start(), match.end())
    ):
        return None  # "Hawaii News Now", "Buy Now", "Now $243.97": a name or a shop label
    if words == "now" and re.match(r"\s+and\s+(?:then|again)\b", context.text[match.end() :]):
        return None  # "(every) now and then": an idiom of frequency, not a time
    if match["present"]:
        value = "PRESENT_REF"
    elif match["past"]:
        value = "PAST_REF"
    else:
        value = "FUTURE_REF"

    def resolve(resolution: ResolutionContext) -> TemporalValue:
        anchor = resolution.anchor
        if anchor is None:
            return TemporalValue(TIMEX_DATE, value)
        if value == "PRESENT_REF":
            return TemporalValue(TIMEX_DATE, value, anchor, anchor)
        if value == "PAST_REF":
            return TemporalValue(TIMEX_DATE, value, None, anchor)
        return TemporalValue(TIMEX_DATE, value, anchor, None)

    return resolve
