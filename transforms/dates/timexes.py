"""Temporal expressions in text, TIMEX3 style: the public ``Timex``, ``find_timexes`` and
``normalize_timex``."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from transforms.dates.scan import scan
from transforms.dates.values import TemporalValue


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
    ON_OR_BEFORE, ON_OR_AFTER, LESS_THAN, MORE_THAN, EQUAL_OR_LESS, EQUAL_OR_MORE). ``quant``
    and ``freq`` are the TIMEX3 attributes of a SET ("every week": quant EVERY; "twice a week":
    freq 2X; "daily": freq 1X), None elsewhere.
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
    quant: str | None = None
    freq: str | None = None


def _as_date(anchor: dt.date | None) -> dt.date | None:
    return anchor.date() if isinstance(anchor, dt.datetime) else anchor


def _timex(text: str, start: int, end: int, value: TemporalValue) -> Timex:
    return Timex(
        text=text[start:end],
        start_char=start,
        end_char=end,
        timex_type=value.timex_type,
        value=value.value,
        start_date=value.start_date,
        end_date=value.end_date,
        granularity=value.granularity,
        mod=value.mod,
        quant=value.quant,
        freq=value.freq,
    )


def find_timexes(text: str, anchor: dt.date | None) -> list[Timex]:
    """Find and normalize the temporal expressions of a text against ``anchor``.

    ``anchor`` is the publication date; relative expressions ("yesterday", "last week") get value
    None without it, and yearless dates then take the last year written before them in the text.
    Matching is case-insensitive (wire copy is often ALL CAPS), except that a month name must be
    capitalized unless a year follows it ("to march", "may" stay verbs). Extents follow TimeML:
    prepositions such as "for", "on", "since" stay outside ("for three weeks" -> "three weeks"),
    modifiers such as "about", "early", "nearly" are inside. The result is sorted by position and
    has no overlaps.
    """
    anchor = _as_date(anchor)
    return [_timex(text, *span) for span in scan(text, anchor, strict=True)]


@functools.lru_cache(maxsize=4096)
def _normalize_lowered(expression: str, anchor: dt.date | None) -> TemporalValue | None:
    spans = scan(expression, anchor, strict=False)
    if not spans:
        return None
    return max(spans, key=lambda span: span.end - span.start).value


def normalize_timex(expression: str, anchor: dt.date | None) -> Timex | None:
    """Normalize one temporal expression ("last week", "for three weeks", "13 January 2025").

    The result spans the whole expression (offsets 0..len) and carries the attributes of the
    longest expression found inside it; None when nothing temporal is found. Case is ignored
    (results are cached on the lowercased expression and the anchor).
    """
    value = _normalize_lowered(expression.lower(), _as_date(anchor))
    if value is None:
        return None
    return _timex(expression, 0, len(expression), value)
