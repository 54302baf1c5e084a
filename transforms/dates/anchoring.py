"""Resolution against the anchor (the publication date) and the text around an expression:
which year a yearless date is in, which weekday "Friday" is, and where a future cue points."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from dateutil.easter import easter

from schemas.temporal_expressions import GRANULARITY_DAY, TIMEX_DATE, TIMEX_TIME
from transforms.dates.values import (
    TemporalValue,
    day_value,
    month_value,
    posix_year,
    quarter_value,
    valid_date,
)
from transforms.vocabulary.calendar_words import (
    EASTER_HOLIDAYS,
    FIXED_HOLIDAYS,
    HOLIDAY_ALIASES,
    NTH_WEEKDAY_HOLIDAYS,
)


@dataclass(slots=True)
class ResolutionContext:
    """Resolution state while walking a text: the anchor and the narrative's reference time."""

    anchor: dt.date | None
    reference_day: dt.date | None = None
    reference_year: int | None = None
    # The reporting quarter under discussion: the first one an explicit quarter ("third-quarter")
    # or "the latest quarter" names, never a comparison ("the year-ago quarter"). The first, not
    # the last: on TBAQ dev a later aside ("after a flat second quarter") does not move "the
    # year-earlier period". ``last_quarter`` is the last quarter of any kind ("that quarter").
    topic_quarter: TemporalValue | None = None
    last_quarter: TemporalValue | None = None
    # The start of the last calendar date or time resolved (written or relative: "last year",
    # "in March", "Monday"): the reference time anaphoric expressions ("the previous year", "the
    # year before") count from, as TimeML 1.2.1 says ("last year ... up from the previous year"
    # is the year before last year). Anaphoric expressions do not move it (``hold_reference``):
    # "rose from the previous year" said twice names the same year.
    reference_start: dt.date | None = None
    hold_reference: bool = False

    def note_reference(self, value: TemporalValue | None) -> None:
        """Record a resolved value as the reference time, unless it is anaphoric or no date."""
        if self.hold_reference or value is None:
            self.hold_reference = False
            return
        if value.timex_type not in (TIMEX_DATE, TIMEX_TIME) or value.fragment:
            return
        if value.start_date is not None and value.value and value.value[:4].isdigit():
            self.reference_start = value.start_date

    def reference_origin(self) -> dt.date | None:
        """The date anaphoric expressions count from: the reference time, else the anchor."""
        self.hold_reference = True
        return self.reference_start or self.anchor

    def note_quarter(self, value: TemporalValue | None, topic: bool) -> TemporalValue | None:
        """Record a resolved quarter (the topic when ``topic``) and return it unchanged."""
        if value is not None and value.value and "-Q" in value.value:
            self.last_quarter = value
            if topic and self.topic_quarter is None:
                self.topic_quarter = value
        return value


# What a rule's handler returns: run later, in text order, against the resolution context.
Resolver = Callable[[ResolutionContext], TemporalValue | None]


class Occurrence(NamedTuple):
    """One occurrence of a repeating expression, with its position on a common scale."""

    index: int  # ordinal day, month count, quarter count... as the candidates share
    value: TemporalValue


_FUTURE_CUE_RE = re.compile(
    r"\b(?:will|shall|won't|'ll|going\s+to|expect(?:s|ed)?\s+to|plans?\s+to|planned|scheduled"
    r"|due(?:\s+to|(?=\s+(?:in|on|by|at|for)\b))|set\s+to|would|should|could|might|upcoming|forthcoming|next(?!\s+to\b)|until|till"
    r"|as\s+(?:early|soon)\s+as|planning\s+to)\b",
    re.IGNORECASE,
)
# A sentence or clause end; the period of an abbreviation ("9 a.m. Tuesday", "U.S.", "Sept. 5",
# "Gov. Smith will ...") is not one, or a cue before it would not reach the date after it.
_CLAUSE_BREAK_RE = re.compile(
    r"(?<!\.[A-Za-z])(?<!\b[A-Z])"
    r"(?<!\b(?:Mr|Dr|St|Ms|Jr|Sr|Co|Lt))"
    r"(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Gov|Sen|Rep|Mrs|Gen|Col|Inc))"
    r"(?<!\b(?:Sept|Corp))"
    r"\.\s|[!?;]\s|\n"
)
# The verb that governs a date mostly comes before it; after it, a new clause ("announced Friday
# that it will ...") says nothing about the date, so the right context stops there.
_RIGHT_CLAUSE_RE = re.compile(r",|\b(?:that|which|who|after|before|when|and|but)\b", re.IGNORECASE)


# "since Aug. 7"; "the year ended Jan. 31", "the quarter ended Sept. 30": a period that has
# ended (TBAQ dev: 9 of 9 yearless days after "ended" are the past occurrence, 3 of them
# nearer in the future: "the fiscal year ended Jan. 31" written on 31 October).
_PAST_BEFORE_RE = re.compile(r"\b(?:since|ended)\s+(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)
# A relative or subordinate clause between a cue and the span starts a new clause: "she would
# bring aid to the countries where the Aug. 7 blasts killed..." (the cue governs another verb).
_SUBORDINATE_RE = re.compile(
    r"\b(?:where|which|who|whom|whose|when|because|while)\b", re.IGNORECASE
)


# A verb in the simple past that governs a yearless date directly ("died Nov. 24") or through
# "on" ("arrived on March 3", "met the minister on 12 February"): the event is over, so the date
# is the last occurrence before the anchor, however near the next one is (the nearest-with-
# future-doubled rule picks next March for "arrived on March 3" written on 20 December; found
# reading re3d press releases, round 3). Only "on" or no preposition: on TBAQ dev 13 yearless
# dates in a clause with a past verb lie ahead, all deadlines or periods ("extended to Nov. 20",
# "completed by Dec. 15", "payable Jan. 2 to holders of record Dec. 15"), none after "on". No
# infinitive or passive between the verb and "on" ("announced an event to be held on October
# 12": "held" governs it; MEANTIME has 2 such future dates). Regular pasts end in "-ed"; "-eed"
# words ("need", "agreed") are left out. Checked after the future cues ("was scheduled to").
_PAST_VERB = (
    r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)"  # "to be held on", "may be signed on": not a past
    r"\b(?:was|were|had|did|said|met|took|came|went|left|told|made|began|fell|rose|won|lost"
    r"|held|sent|gave|got|saw|found|fought|struck|led|paid|sold|bought|spoke|wrote|broke"
    r"|[a-z]{2,}(?<!e)(?<!hundr)(?<!unit)(?<!limit)(?<!bas)(?<!expect)ed)"
)
_PAST_GOVERNS_RE = re.compile(
    _PAST_VERB
    + r"(?:(?:\s+(?!(?:to|be|been|being)\b)[\w'-]+){0,6}\s+on\s+(?:the\s+)?|\s+in\s+|\s+)$",
    re.IGNORECASE,
)
# A verb of telling in the past with its hearer before the day ("told reporters Tuesday he will
# resign", "warned the council on Friday that it would strike"): the day is the telling's, in
# the past whatever the reported clause after it says (found probing wire sentences, round 4).
_TOLD_RE = re.compile(
    r"\b(?:told|informed|assured|briefed|warned|reminded|urged)(?:\s+[\w'.-]+){1,3}\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# "until"/"till" before the span: the main clause around it is in the past ("Until Thursday, they
# had not called him a suspect", "the store was closed until Monday") or not ("until Monday,
# the offer stands", "will be closed until Monday": ahead).
_UNTIL_RE = re.compile(r"\b(?:until|till)\s+$", re.IGNORECASE)
_PAST_MAIN_RE = re.compile(r"\b(?:had|was|were|did)\b(?!\s+(?:to|going)\b)", re.IGNORECASE)
# A scheduled event in the present tense before a bare day ("the two leaders meet separately
# Monday", "the trial opens on Tuesday", "the vote is Friday"): news writes schedules in
# the present, so the day lies ahead. Not after "to" or a modal, which other cues read.
_SCHEDULED_PRESENT_RE = re.compile(
    r"(?<!\bto\s)(?<!\bwill\s)(?<!\bwould\s)(?<!\bcould\s)(?<!\bmay\s)(?<!\bmight\s)"
    r"(?<!\bdid\s)(?<!\bdoes\s)(?<!\bdo\s)"
    r"\b(?:is|are|meets?|visits?|begins?|opens?|resumes?|arrives?|leaves?|travels?|returns?|convenes?"
    r"|testif(?:y|ies)|expires?|kicks?\s+off|takes?\s+office|heads?\s+to|flies\s+to"
    r"|takes?\s+effect|goes\s+into\s+effect|comes?\s+into\s+force)"
    r"(?:\s+(?!(?:since|after|before|until|last|that|this|on|in)\b)[\w'-]+){0,3}?"
    r"\s+(?:(?:on|in)\s+)?$",
    re.IGNORECASE,
)


# A future in the past ("the ship was to arrive Sunday", "talks were scheduled to resume
# Monday"): the day lies after the narrative's reference time, not before the anchor (found
# reading MUC-3 wire news, round 3).
_FUTURE_IN_PAST_RE = re.compile(
    r"\b(?:was|were)\s+(?:(?:due|scheduled|expected|set|supposed|going|about|planned)\s+)?to"
    r"(?:\s+(?!(?:since|after|before|until)\b)[\w'-]+){1,5}\s+(?:on\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


def future_in_past(text: str, start: int) -> bool:
    """Whether a span is governed by "was/were (due/scheduled ...) to <verb>" in its clause."""
    left = _CLAUSE_BREAK_RE.split(text[max(0, start - 60) : start])[-1]
    return bool(_FUTURE_IN_PAST_RE.search(left))


def future_cue(text: str, start: int, end: int) -> bool | None:
    """Whether the words around a span (same clause) point to the future.

    True or False; None when the span follows "since" or "ended", or a verb in the past tense
    governing it ("died Nov. 24", "arrived on March 3", "said Tuesday it will ...", "told
    reporters Friday") and no future cue before it, which fix it in the past. A scheduled event
    in the present ("the leaders meet Monday") points to the future.
    """
    if _PAST_BEFORE_RE.search(text[max(0, start - 16) : start]):
        return None
    left = _CLAUSE_BREAK_RE.split(text[max(0, start - 60) : start])[-1]
    if _UNTIL_RE.search(left):
        # "Until Thursday, they had not called him a suspect", "was closed until Monday": the
        # main clause's tense decides, on either side.
        sentence = _CLAUSE_BREAK_RE.split(text[end : end + 80])[0]
        past = _PAST_MAIN_RE.search(left) or _PAST_MAIN_RE.search(sentence)
        return None if past and not _FUTURE_CUE_RE.search(_UNTIL_RE.sub("", left)) else True
    left = _SUBORDINATE_RE.split(left)[-1]
    right = _CLAUSE_BREAK_RE.split(text[end : end + 25])[0]
    right = _RIGHT_CLAUSE_RE.split(right)[0]
    if _FUTURE_CUE_RE.search(left):
        return True
    # A past verb governing the span decides before the words after it: in "said Tuesday it
    # will ..." the future is the reported clause's, not the day's.
    if _PAST_GOVERNS_RE.search(left) or _TOLD_RE.search(left):
        return None
    return bool(_SCHEDULED_PRESENT_RE.search(left) or _FUTURE_CUE_RE.search(right))


def pick(
    candidates: Sequence[Occurrence], anchor_index: int, future: bool | None
) -> TemporalValue | None:
    """Choose among occurrences relative to the anchor's index on the same scale.

    ``future`` True (a future cue): the first occurrence at or after the anchor; None (a past cue
    such as "since"): the last one at or before it. Otherwise the nearest, with future distances
    counted double (news mostly reports the past); ties go to the past.
    """
    if future is None:
        earlier = [c for c in candidates if c.index <= anchor_index]
        return max(earlier, key=lambda c: c.index).value if earlier else None
    if future:
        later = [c for c in candidates if c.index >= anchor_index]
        return min(later, key=lambda c: c.index).value if later else None
    best: Occurrence | None = None
    best_cost = 0
    for candidate in candidates:
        index = candidate.index
        cost = anchor_index - index if index <= anchor_index else 2 * (index - anchor_index)
        if best is None or cost < best_cost:
            best, best_cost = candidate, cost
    return best.value if best else None


def yearless_day(
    month: int, day: int, weekday: int | None, anchor: dt.date, future: bool | None
) -> TemporalValue | None:
    """Day and month without a year: choose the year (weekday-consistent when one is given)."""
    # A given day and month fall on a given weekday every 5 to 11 years, and 29 February comes
    # every 4: the windows hold at least one occurrence on each side of the anchor.
    reach = 8 if weekday is not None else 4
    candidates = []
    for year in range(anchor.year - reach, anchor.year + reach + 1):
        date = valid_date(year, month, day)
        if date is not None and (weekday is None or date.weekday() == weekday):
            candidates.append(Occurrence(date.toordinal(), day_value(date)))
    return pick(candidates, anchor.toordinal(), future)


def yearless_month(month: int, anchor: dt.date, future: bool | None) -> TemporalValue | None:
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        value = month_value(year, month)
        if value is not None:
            candidates.append(Occurrence(year * 12 + month, value))
    return pick(candidates, anchor.year * 12 + anchor.month, future)


def yearless_quarter(quarter: int, anchor: dt.date, future: bool | None) -> TemporalValue | None:
    """A quarter without a year: the one of the anchor's year, as reporting news means it.

    On TBAQ dev every yearless quarter (about 40, "third-quarter net", "expects to report
    fourth-quarter results", all published in 1989-Q4) is one of the publication year, future
    cue or not; MEANTIME's "the fourth quarter" written in March is the year before. So a fourth
    quarter read in a first quarter is the previous year's, and a quarter two or three before the
    anchor's is the next year's only with a future cue ("will close in the first quarter").
    """
    delta = quarter - ((anchor.month - 1) // 3 + 1)
    year = anchor.year
    if delta >= 3 and not future:
        year -= 1
    elif delta <= -2 and future:
        year += 1
    return quarter_value(year, quarter)


def relative_weekday(weekday: int, anchor: dt.date, relation: str, future: bool | None) -> dt.date:
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


def holiday_date(written: str, year: int) -> dt.date | None:
    """Date in ``year`` of a holiday written as one of ``HOLIDAY_ALIASES``."""
    if not 1583 <= year <= 4099:  # Gregorian Easter computation range
        return None
    name = HOLIDAY_ALIASES[written]
    if name in FIXED_HOLIDAYS:
        month, day = FIXED_HOLIDAYS[name]
        return dt.date(year, month, day)
    if name in NTH_WEEKDAY_HOLIDAYS:
        month, weekday, nth = NTH_WEEKDAY_HOLIDAYS[name]
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return easter(year) + dt.timedelta(days=EASTER_HOLIDAYS[name])


def text_year(text: str, anchor: dt.date | None) -> int:
    """Year for two digits written in running text ("3 JAN 90", "'82").

    With an anchor: the latest year ending in those digits that is at most ten years after the
    anchor. Without one: the POSIX pivot.
    """
    two = int(text[-2:])
    if anchor is None:
        return posix_year(two)
    year = anchor.year - anchor.year % 100 + two
    if year > anchor.year + 10:
        return year - 100
    # An anchor late in a century reaches into the next one: '00 is 2000 in 1995.
    return year + 100 if year + 100 <= anchor.year + 10 else year


def anchored(
    build: Callable[[dt.date], TemporalValue | None], timex_type: str = TIMEX_DATE
) -> Resolver:
    """Resolver for an anchor-relative expression; unresolved (value None) without an anchor."""

    def resolve(context: ResolutionContext) -> TemporalValue | None:
        if context.anchor is None:
            return TemporalValue(timex_type, None)
        return build(context.anchor)

    return resolve


def absolute_date(year: int, month: int, day: int) -> Resolver:
    """Resolver for a date written with its year."""

    def resolve(context: ResolutionContext) -> TemporalValue | None:
        date = valid_date(year, month, day)
        return None if date is None else replace(day_value(date), explicit_year=year)

    return resolve


def yearless_date(month: int, day: int, weekday: int | None, future: bool | None) -> Resolver:
    """Resolver for a day and month without a year: the occurrence nearest the anchor, else the
    narrative's reference year, else an unknown year ("XXXX-05-02")."""

    def resolve(context: ResolutionContext) -> TemporalValue | None:
        if context.anchor is not None:
            return yearless_day(month, day, weekday, context.anchor, future)
        if context.reference_year is not None:
            date = valid_date(context.reference_year, month, day)
            return None if date is None else day_value(date)
        if valid_date(2000, month, day) is None:  # 2000 is a leap year: any real day fits
            return None
        return TemporalValue(TIMEX_DATE, f"XXXX-{month:02d}-{day:02d}", granularity=GRANULARITY_DAY)

    return resolve
