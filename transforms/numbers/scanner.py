"""`find_quantities`: every count in a text, with its bounds and qualifier.

The scanner reads each run of number tokens into numbers (`parse`), drops those their context
says are no count (`not_counts`), joins pairs into ranges ("20 to 30", "between 5 and 10") and
adds the counts written as words (`word_quantities`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from fractions import Fraction

from schemas.quantities import COUNT, EXACT, MEASURE, MONEY, PERCENT, RANGE
from transforms.numbers.context import Candidate, NumberContext
from transforms.numbers.kinds import (
    glued_measures,
    ordinal_quantities,
    typed_quantity,
    unit_after,
)
from transforms.numbers.not_counts import (
    in_date,
    is_year,
    names_a_level,
    not_count_followers,
    rejected_by_left,
    rejected_by_right,
)
from transforms.numbers.parse import number_runs, read_number, tokenize
from transforms.numbers.qualifiers import (
    LOWER_BOUND_QUALIFIERS,
    POST_QUALIFIER_RE,
    UPPER_BOUND_QUALIFIERS,
    bounds,
)
from transforms.numbers.quantity import Quantity
from transforms.numbers.word_quantities import (
    share_quantities,
    vague_quantities,
    zero_quantities,
)

_RANGE_GAP_RE = re.compile(r"\s*(?:(?P<dash>[-–—~])|-?\s*\b(?P<word>to|or|through|and)\b)\s*")
# A change, not a range: "increased from $100,000 to $250,000", "rose from 20 to 30" report the
# old and the new figure, two values (issue 18's case conventions).
_CHANGE_BEFORE_FROM_RE = re.compile(
    r"\b(?:increase[ds]?|rise[ns]?|rose|fall(?:s|en)?|fell|gr[eo]w[ns]?|grown|climb(?:s|ed)?"
    r"|jump(?:s|ed)?|drop(?:s|ped)?|decline[ds]?|cut|cuts|raise[ds]?|reduce[ds]?|boost(?:s|ed)?"
    r"|lift(?:s|ed)?|lower(?:s|ed)?|slash(?:es|ed)?|decrease[ds]?|change[ds]?|up|down|soar(?:s|ed)?"
    r"|plunge[ds]?|swell(?:s|ed)?|swollen|doubled|tripled|halved)"
    r"(?:\s+[\w$%.,-]+){0,3}?\s+from\s+$",
    re.IGNORECASE,
)
# "under one of the cars", "above one of the doors": a preposition of place, no bound.
_PLACE_BEFORE_ONE_OF_RE = re.compile(r"(?:under|over|above|below)\s+")
_OF_AFTER_RE = re.compile(r"\s+of\b")
# Between two amounts that each carry their currency or unit ("$2 billion to $3 billion",
# "97%–98%").
_TYPED_RANGE_KINDS = (MONEY, PERCENT, MEASURE)
_TYPED_GAP_RE = re.compile(r"\s*(?:[-–—]|\bto\b|\band\b|\bthrough\b)\s*")
_COMPOUND_GAP_RE = re.compile(r"\s*,?\s*(?:and|but)\s*")
_PAREN_OPEN_RE = re.compile(r"\s*\(\s*")
_PAREN_CLOSE_RE = re.compile(r"\s*\)")
_LONGEST_GAP = 32  # between two numbers of one expression: ", and no more than "


class SpanIndex:
    """Character spans, merged and sorted, with a fast overlap test."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if self._ends and start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps any of the spans."""
        k = bisect.bisect_left(self._starts, end)  # spans starting before `end`
        return k > 0 and self._ends[k - 1] > start


class QuantityScanner(NumberContext):
    """One text and the reading of the numbers in it."""

    __slots__ = ()

    def candidates(self) -> list[Candidate]:
        """Every number in the text that is no part of a date or time, split where the words
        say so."""
        low = self.low
        found = []
        for run_start, run_end in number_runs(low):
            tokens = tokenize(low, run_start, run_end)
            i = 0
            while i < len(tokens):
                read = read_number(tokens, i, in_text=True)
                if read is None:
                    i += 1
                    continue
                part = tokens[i : read.end]
                first, last = part[0], part[-1]
                raw = self.src[first.start : last.end]
                single = read.end - i == 1
                cand = Candidate(
                    first.start,
                    last.end,
                    read.value,
                    read.tail,
                    last.kind,
                    raw,
                    plain=single and first.kind == "num" and raw.isdigit(),
                    lone_one=single and first.text == "one",
                    fractional=read.value.denominator != 1
                    or (read.tail == 1 and any(t.kind in ("decimal", "point") for t in part)),
                )
                i = read.end
                if not in_date(self, cand):
                    found.append(cand)
        return found

    def single(self, c: Candidate) -> Quantity | None:
        """The quantity for a number standing alone, or None if its context says it is no count."""
        left = self.left(c.start)
        typed = typed_quantity(self, c, left)
        if typed is not None:
            return typed  # money, a percentage or a measure
        if c.fractional or rejected_by_left(self, c, left):
            return None  # counts are whole numbers: "2.5" alone is a measure or a rate
        qualifier, start = self.qualifier_before(c.start, left)
        if (
            c.lone_one
            and _PLACE_BEFORE_ONE_OF_RE.fullmatch(self.low, start, c.start)
            and _OF_AFTER_RE.match(self.low, c.end)
        ):
            qualifier, start = None, c.start  # "a bomb under one of the cars": a place
        end = c.end
        post = POST_QUALIFIER_RE.match(self.low, c.end)
        if post and qualifier in (None, EXACT):
            qualifier, end = post.lastgroup, post.end()
        if rejected_by_right(self, c, end):
            return None
        qualifier = qualifier or EXACT
        value = float(c.value)
        low, high = bounds(qualifier, value)
        return Quantity(self.src[start:end], start, end, value, low, high, qualifier, c.raw)

    def pair(self, a: Candidate, b: Candidate, a_single: Quantity | None) -> Quantity | bool | None:
        """a and b joined into one quantity, when they form one expression.

        Returns the joined quantity; False when a and b belong together but are no count
        ("3-2", "1989-1990", "8- to 16-meter"); None when they are separate numbers.
        """
        if b.start - a.end > _LONGEST_GAP:
            return None
        low = self.low
        gap = low[a.end : b.start]
        if _PAREN_OPEN_RE.fullmatch(gap) and a.value == b.value:
            close = _PAREN_CLOSE_RE.match(low, b.end)
            if close:  # "FIVE (5) SOLDIERS": the digits restate the words
                raw = self.src[a.start : close.end()]
                joined = Candidate(
                    a.start,
                    close.end(),
                    a.value,
                    a.tail,
                    b.last_kind,
                    raw,
                    plain=False,
                    lone_one=False,
                    fractional=False,
                )
                return (self.single(joined) or False) if a_single is not None else False
        if a_single is not None and a_single.kind in _TYPED_RANGE_KINDS:
            return self._typed_range(a_single, b) or self._money_range(a, b, a_single)
        b_qualifier, b_qstart = self.qualifier_before(b.start)
        if a_single is not None and _COMPOUND_GAP_RE.fullmatch(low, a.end, b_qstart):
            bounded = self._bounded(a, b, a_single, b_qualifier)
            if bounded is not None:
                return bounded
        if gap.isspace() and _spelled_year(a, b):
            return False  # "a nineteen ninety-seven attack": a year in words
        connector = _RANGE_GAP_RE.fullmatch(gap)
        if connector is None:
            return None
        left = self.left(a.start)
        intro = self.prev_word(left)
        if connector["word"] == "and" and intro != "between":
            # "45 and 50 mg": the unit after the pair measures both numbers
            return False if self.next_word(b.end) in not_count_followers() else None
        if is_year(self, a, left) or is_year(self, b):
            if a.plain and b.plain and len(b.raw) in (2, 4):
                return False  # "1989-1990", "between 1980 and 1989", "2013-14"
            return None
        low_end = range_low(a, b)
        if not low_end < b.value:
            if connector["word"] == "to" and intro != "from" and not self.is_change(a.start):
                return False  # "the decision was 3 to 1", "won 5 to 4": a vote or a score
            return False if connector["dash"] and a.plain and b.plain else None
        if rejected_by_left(self, a, left):
            return False
        if intro == "from" and self.is_change(a.start):
            return None
        if intro in ("between", "from"):
            start = left.words[-1].start
        else:
            start = a_single.start_char if a_single else a.start
        return self._range(a, b, low_end, start)

    def is_change(self, start: int) -> bool:
        """Whether "from" before `start` follows a verb or noun of change ("rose from 20")."""
        return bool(_CHANGE_BEFORE_FROM_RE.search(self.low, max(0, start - 60), start))

    def _typed_range(self, a_single: Quantity, b: Candidate) -> Quantity | None:
        """A range of two amounts that each carry their currency or unit ("$2 billion to $3
        billion", "between $20 and $30", "97%–98%", "5 km to 10 km"); None when b is not of the
        same kind and unit right after a connector."""
        b_single = self.single(b)
        if (
            b_single is None
            or b_single.kind != a_single.kind
            or b_single.unit != a_single.unit
            or a_single.qualifier != EXACT
            or not a_single.value < b_single.value
            or not _TYPED_GAP_RE.fullmatch(self.low, a_single.end_char, b_single.start_char)
        ):
            return None
        intro, start = self._opening(a_single.start_char)
        gap = self.low[a_single.end_char : b_single.start_char]
        if "and" in gap and intro != "between":
            return None  # "paid $30 and $20 more": two amounts
        if intro == "from" and self.is_change(a_single.start_char):
            return None
        end = b_single.end_char
        number = self.src[a_single.start_char : end]
        low, high, kind = a_single.value, b_single.value, a_single.kind
        text = self.src[start:end]
        return Quantity(text, start, end, low, low, high, RANGE, number, kind, a_single.unit)

    def _opening(self, start: int) -> tuple[str, int]:
        """The word before a range that starts at `start`, and where the range's text starts:
        at "between" or "from" when one opens it ("between $20 and $30"), else at `start`."""
        left = self.left(start)
        intro = self.prev_word(left)
        return intro, (left.words[-1].start if intro in ("between", "from") else start)

    def _money_range(self, a: Candidate, b: Candidate, a_single: Quantity) -> Quantity | None:
        """A range of money whose currency stands before the low end only and whose scale
        after the high end only: "$1.5-2 billion", "£20 to 30 million"."""
        gap = _RANGE_GAP_RE.fullmatch(self.low, a.end, b.start)
        if (
            a_single.kind != MONEY
            or a_single.qualifier != EXACT
            or a_single.end_char != a.end
            or gap is None
        ):
            return None
        intro, start = self._opening(a_single.start_char)
        word = gap["word"]
        # "$20-30" is a range; "paid $5 to 10 people" is money and a count, unless a scale word
        # after the second number is shared ("$5 to 10 million").
        if not (word is None or (word in ("to", "and") and b.tail > 1)):
            return None
        if (word == "and") != (intro == "between") or (
            intro == "from" and self.is_change(a_single.start_char)
        ):
            return None
        b_single = self.single(b)
        low = range_low(a, b)
        if b_single is None or b_single.kind != COUNT or not low < b.value:
            return None
        end = b_single.end_char
        text, number = self.src[start:end], self.src[a.start : end]
        low_value = float(low)
        return Quantity(
            text, start, end, low_value, low_value, float(b.value), RANGE, number, MONEY,
            a_single.unit,
        )  # fmt: skip

    def _bounded(
        self, a: Candidate, b: Candidate, a_single: Quantity, b_qualifier: str | None
    ) -> Quantity | bool | None:
        """One bound on each side, in either order: "more than 20 and at most 35", "at most 600
        and at least 250". None unless the two bounds face each other and leave room between."""
        if a_single.qualifier in LOWER_BOUND_QUALIFIERS and b_qualifier in UPPER_BOUND_QUALIFIERS:
            low, high = a.value, b.value
        elif a_single.qualifier in UPPER_BOUND_QUALIFIERS and b_qualifier in LOWER_BOUND_QUALIFIERS:
            low, high = b.value, a.value
        else:
            return None
        if not low < high:
            return None
        return self._range(a, b, low, a_single.start_char, high)

    def _range(
        self, a: Candidate, b: Candidate, low: Fraction, start: int, high: Fraction | None = None
    ) -> Quantity | bool:
        """A `range` quantity from a to b (from `low` to `high`, b's value unless given), or False
        if b measures something ("8- to 16-meter")."""
        unit = unit_after(self, b.end) if self.low[b.end : b.end + 1] != "-" else None
        if unit is None and (
            rejected_by_right(self, b, b.end) or low.denominator != 1 or b.fractional
        ):
            return False
        src = self.src
        number = src[a.start : b.end]
        low_value, high_value = float(low), float(b.value if high is None else high)
        end, kind, unit_name = (unit.end, unit.kind, unit.unit) if unit else (b.end, COUNT, None)
        text = src[start:end]
        return Quantity(
            text, start, end, low_value, low_value, high_value, RANGE, number, kind, unit_name
        )


def _spelled_year(a: Candidate, b: Candidate) -> bool:
    """Two number words that read as a year: "nineteen ninety-seven", "eighteen twelve"."""
    return (
        a.raw.isalpha()
        and b.raw.replace("-", "").isalpha()
        and 11 <= a.value <= 19
        and 10 <= b.value <= 99
    )


def range_low(a: Candidate, b: Candidate) -> Fraction:
    """Low end of "a to b", giving a the scale word of b: "two to three million" = 2e6."""
    if b.tail > 1 and a.tail == 1 and a.value < b.value / b.tail:
        return a.value * b.tail
    return a.value


def find_quantities(text: str, names: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Every quantity in text, in order, non-overlapping.

    `names` are character spans a NER reads as names (products, organisations, works): a count
    inside one is part of the name ("Xbox One X", "the Big Three"), while money, percents,
    measures and ordinals in a name are still kept ("3rd Battalion", "the $5 Store").
    """
    scan = QuantityScanner(text)
    in_name = SpanIndex(names)
    words = zero_quantities(scan) + vague_quantities(scan) + share_quantities(scan)
    words += ordinal_quantities(scan) + glued_measures(scan)
    cands = scan.candidates()
    # "two hundreds" is a number; "several hundred" and "no one" are word quantities.
    inside_number = SpanIndex([(c.start + 1, c.end) for c in cands])
    words = [q for q in words if not inside_number.overlaps(q.start_char, q.start_char + 1)]
    taken = SpanIndex([(q.start_char, q.end_char) for q in words])
    cands = [c for c in cands if not taken.overlaps(c.start, c.end)]

    found = words
    i = 0
    while i < len(cands):
        a = cands[i]
        a_single = scan.single(a)
        if i + 1 < len(cands):
            joined = scan.pair(a, cands[i + 1], a_single)
            if joined is not None:
                if isinstance(joined, Quantity):
                    found.append(joined)
                i += 2
                continue
        if a_single is not None:
            found.append(a_single)
        i += 1

    found.sort(key=lambda q: (q.start_char, -q.end_char))
    result: list[Quantity] = []
    for q in found:
        if result and q.start_char < result[-1].end_char:
            continue
        if q.kind == COUNT and in_name.overlaps(q.start_char, q.end_char):
            continue
        if names_a_level(scan, q.start_char, q.end_char):
            continue
        result.append(q)
    return result
