"""Publication dates and temporal expressions (TimeML TIMEX3) in news text.

Two pure parts, no I/O and no environment reads:

* ``parse_published`` turns the date string a feed or page gives for an article into a
  ``PublishedDate`` and says how day/month order was decided; ``infer_date_order`` gathers the
  order evidence a source's unambiguous dates give, for ``order_hint`` (``published``).
* ``find_timexes`` finds temporal expressions in text ("13 January 2025", "last week", "two days
  ago", "for three weeks", "every week") and normalizes them TIMEX3 style against an anchor (the
  publication date); ``normalize_timex`` does the same for one expression (``timexes``).

How the temporal expression part is built: ``patterns`` is the rule table (its rules in
``patterns_calendar`` and ``patterns_relative``, shared pieces in ``rule_parts``), each pattern
with a handler (``handlers_calendar``, ``handlers_periods``, ``handlers_relative``,
``handlers_durations``, ``handlers_clock``) that checks a match in context and returns a
resolver; ``scan`` runs the table, keeps the longest matches and resolves them in text order
against the anchor (``anchoring``) into calendar values (``values``, ``durations``), then joins
adjacent pieces and takes in modifiers (``modifiers``). The words come from
``transforms.vocabulary``.

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

from transforms.dates.published import PublishedDate, infer_date_order, parse_published
from transforms.dates.timexes import Timex, find_timexes, normalize_timex

__all__ = [
    "PublishedDate",
    "Timex",
    "find_timexes",
    "infer_date_order",
    "normalize_timex",
    "parse_published",
]
