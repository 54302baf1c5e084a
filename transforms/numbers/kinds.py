"""Quantities that are no count but are kept, typed: money ("$1.5 billion", "100 MILLION PESOS"),
percentages ("40 percent", "20%"), measures ("300 km", "5,000 tonnes") and ordinals ("third",
"3rd", "21st").

`typed_quantity` reads the currency or unit around one number; `ordinal_quantities` finds the
ordinals of a text. The kinds are `schemas.quantities.KINDS`; currency forms and their ISO 4217
codes are the `schemas/reference/currencies.csv` table, the unit words `transforms.vocabulary`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from schemas.quantities import EXACT, MEASURE, MONEY, ORDINAL, PERCENT
from schemas.reference.currencies import currency_forms, iso_codes, longest_after_form
from transforms.numbers.context import (
    LEFT_WINDOW,
    OPENING_PUNCT,
    Candidate,
    LeftContext,
    NumberContext,
)
from transforms.numbers.not_counts import in_date, rejected_by_left
from transforms.numbers.parse import alternation
from transforms.numbers.qualifiers import POST_QUALIFIER_RE, bounds
from transforms.numbers.quantity import Quantity
from transforms.vocabulary.calendar_words import MONTH_ABBREVIATIONS, MONTH_NAMES
from transforms.vocabulary.number_words import (
    BELOW_TWENTY,
    TEEN_ORDINALS,
    TENS,
    TENS_ORDINALS,
    UNIT_ORDINALS,
)
from transforms.vocabulary.units import MEASURE_UNIT_PREFIXES, MEASURE_UNITS, PERCENT_WORDS

# A word after a number: letters, an abbreviation with periods ("u.s."), or "%"; a hyphen may
# join it to the number ("3.5-mile").
_WORD_AFTER_RE = re.compile(r"(\s*-\s*|\s*)((?:[^\W\d_]\.){2,}|[^\W\d_]+|%)")
# Words read after a number besides a currency form: "percentage points", "square km", an
# adjective before a currency word ("BOLIVIAN PESOS").
_TWO_WORD_UNITS = 2
_CODE_AFTER_RE = re.compile(r"-?\d")


class UnitAfter(NamedTuple):
    """The currency or unit written after a number."""

    kind: str
    unit: str | None
    end: int


def _words_after(low: str, end: int, n: int) -> list[tuple[str, int]]:
    """Up to n words after position end, each with where it ends; only the first may follow a
    hyphen."""
    words = []
    for k in range(n):
        m = _WORD_AFTER_RE.match(low, end)
        if m is None or (k and ("-" in m[1] or not m[1])):
            break
        words.append((m[2], m.end()))
        end = m.end()
    return words


def _capitalized_at(context: NumberContext, end: int, word: str) -> bool:
    """Whether the word ending at `end` is written with a capital ("Bolivian", "BOLIVIAN")."""
    written = context.src[end - len(word) : end]
    return written.isalpha() and written[:1].isupper()


def unit_after(context: NumberContext, end: int) -> UnitAfter | None:
    """The percent sign or word, currency or measure unit right after position end."""
    words = _words_after(context.low, end, max(_TWO_WORD_UNITS, longest_after_form()))
    if not words:
        return None
    first, first_end = words[0]
    if first in PERCENT_WORDS:
        if first == "percentage":
            if len(words) < 2 or words[1][0] not in ("point", "points"):
                return None
            first_end = words[1][1]
        return UnitAfter(PERCENT, None, first_end)
    if first == "per" and len(words) > 1 and words[1][0] == "cent":
        return UnitAfter(PERCENT, None, words[1][1])
    after = currency_forms().after
    for k in range(len(words), 0, -1):
        phrase = " ".join(word for word, _ in words[:k])
        if phrase in after:
            return UnitAfter(MONEY, after[phrase], words[k - 1][1])
    if len(words) > 1 and words[1][0] in after and _capitalized_at(context, first_end, first):
        # "300 BOLIVIAN PESOS", "40 Jamaican dollars": a country adjective the table lacks before
        # a currency word: money, its code left open.
        return UnitAfter(MONEY, None, words[1][1])
    if first in MEASURE_UNITS:
        if len(first) == 1 and _CODE_AFTER_RE.match(context.low, first_end):
            return None  # "1 M-60 MACHINEGUN": a model name, not metres
        return _per_time(context, UnitAfter(MEASURE, first, first_end))
    if first in MEASURE_UNIT_PREFIXES and len(words) > 1 and words[1][0] in MEASURE_UNITS:
        return UnitAfter(MEASURE, f"{first} {words[1][0]}", words[1][1])
    return None


# A unit per unit of time written with a slash: "2 GB/s", "90 km/h", "5 m/s".
_PER_TIME_RE = re.compile(r"/(s|sec|h|hr|min|d|day|yr|year)(?![\w/])")


def _per_time(context: NumberContext, unit: UnitAfter) -> UnitAfter:
    """The unit with its "/s", "/h" when one follows it."""
    m = _PER_TIME_RE.match(context.low, unit.end)
    return unit if m is None else UnitAfter(unit.kind, f"{unit.unit}/{m[1]}", m.end())


def _currency_before(context: NumberContext, c: Candidate, left: LeftContext) -> tuple[int, str]:
    """Where a currency sign or code before the number starts ("$", "US$", "USD "), and its
    ISO 4217 code; (-1, "") if there is none."""
    before = currency_forms().before
    if left.glued:
        if not left.words or left.words[-1].start + len(left.words[-1].text) != c.start:
            return -1, ""
        word, word_start = left.words[-1]
    elif left.words:
        word, word_start = left.words[-1]
    else:
        return -1, ""
    head = word.lstrip(OPENING_PUNCT)
    start = word_start + len(word) - len(head)
    if head not in before:
        if _code_before(context, head, start, glued=bool(left.glued)):
            return start, head.upper()  # "SGD1.75-billion", "NOK 300 million"
        return -1, ""
    if head == "$" and len(left.words) > 1:  # "US $5", not "put us $8 trillion in debt"
        prev, prev_start = left.words[-2]
        joined = f"{prev.lstrip(OPENING_PUNCT)} $"
        written = context.src[prev_start : prev_start + len(prev)]
        if prev_start + len(prev) + 1 == start and joined in before and not written.islower():
            return prev_start + len(prev) - len(prev.lstrip(OPENING_PUNCT)), before[joined] or ""
    return start, before[head] or ""


def _code_before(context: NumberContext, head: str, start: int, *, glued: bool) -> bool:
    """Whether the word at `start` is an ISO 4217 code written in capitals; apart from the
    digits only in mixed-case text, where capitals set a code apart from a word ("ALL 300")."""
    if head not in iso_codes() or not context.src[start : start + len(head)].isupper():
        return False
    window = context.src[max(0, start - LEFT_WINDOW) : start + LEFT_WINDOW]
    return glued or any(ch.islower() for ch in window)


def _typed(
    context: NumberContext, c: Candidate, start: int, end: int, kind: str, unit: str | None
) -> Quantity:
    """The quantity of c with its text from start to end, its qualifier read around both."""
    qualifier, start = context.qualifier_before(start)
    post = POST_QUALIFIER_RE.match(context.low, end)
    if post and qualifier in (None, EXACT):
        qualifier, end = post.lastgroup, post.end()
    qualifier = qualifier or EXACT
    value = float(c.value)
    low, high = bounds(qualifier, value)
    text = context.src[start:end]
    return Quantity(text, start, end, value, low, high, qualifier, c.raw, kind, unit)


def typed_quantity(context: NumberContext, c: Candidate, left: LeftContext) -> Quantity | None:
    """Money, a percentage or a measure, or None if no currency or unit stands around c."""
    sign_start, code = _currency_before(context, c, left)
    if sign_start >= 0:
        return _typed(context, c, sign_start, c.end, MONEY, code or None)
    unit = unit_after(context, c.end)
    if unit is None or rejected_by_left(context, c, left):
        return None
    if c.lone_one and unit.unit == "point" and context.prev_word(left) in ("at", "one"):
        return None  # "at one point": a time, an idiom
    return _typed(context, c, c.start, unit.end, unit.kind, unit.unit)


_ORDINAL_WORDS = {**UNIT_ORDINALS, **TEEN_ORDINALS, **TENS_ORDINALS, "hundredth": 100}
_DIGIT_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
_MONTHS = alternation([*MONTH_NAMES, *MONTH_ABBREVIATIONS])
_ORDINAL_RE = re.compile(
    rf"(?<![\w.,$£€-])(?P<digits>\d{{1,3}}(?:,\d{{3}})*)(?P<suffix>st|nd|rd|th|d)(?!\w|-\d)"
    rf"|\b(?:(?P<tens>{alternation(list(TENS))})[\s-])?(?P<word>{alternation(list(_ORDINAL_WORDS))})"
    r"(?!\w|-\d)"  # an ordinal in a compound is one ("third-largest", "first-class")
)
# After an ordinal: a date ("the 3rd of May"), a century ("the 18th century").
# A date or a period, whose ordinal is part of a temporal expression (a TIMEX3): "the 3rd of
# May", "the 20th century", "the third quarter", "third-quarter profit", "the first half",
# "the second and fourth quarters", "the first part of this month"; and "the second world war".
_DATE_AFTER_RE = re.compile(
    rf"\s*(?:of\s+)?(?:{_MONTHS})\b"
    rf"|(?:\s+(?:and|or|to)\s+(?:{alternation(list(_ORDINAL_WORDS))}|\d+(?:st|nd|rd|th)))?"
    r"\s*-?\s*(?:century|centuries|millennium|quarters?|half|halves|week|weekend|month|year"
    r"|decade|part\s+of\s+(?:the|this|that|next|last)\s+(?:week|month|year|decade|century)"
    r"|world\s+war)\b"
)
_FRACTION_AFTER_RE = re.compile(r"\s*(?:of\b|$|[^\w\s-])")
_FRACTION_BEFORE = frozenset({"a", "an", *BELOW_TWENTY, *TENS})
# "per second", "a split second": the time unit; after "a", "one" or "more" only when no noun
# follows ("wait a second,", "one more second", "a second later"; but "a second attack").
_SECOND_BEFORE = frozenset({"per", "split"})
_SECOND_MAYBE_BEFORE = frozenset({"a", "one", "more"})
_TIME_SECOND_AFTER_RE = re.compile(
    r"\s*(?:$|[^\w\s]|(?:or|and|to|of|in|later|ago|longer|earlier|before|after|too|the|he|she"
    r"|they|we|i|you|it)\b)"
)


def _suffix_fits(value: int, suffix: str, raw_suffix: str, window: str) -> bool:
    """Whether the suffix is the one English gives the number; "3D" (wire style) only in
    capitals, where it cannot be "3D printing"."""
    if suffix == "d":
        return (
            value % 10 in (2, 3)
            and value % 100 not in (12, 13)
            and raw_suffix == "D"
            and (not any(ch.islower() for ch in window))
        )
    if value % 100 in (11, 12, 13):
        return suffix == "th"
    return suffix == _DIGIT_SUFFIX.get(value % 10, "th")


def ordinal_quantities(context: NumberContext) -> list[Quantity]:
    """Ordinals ("third", "twenty-first", "3rd", "21st") that are no date, century, fraction
    ("a third of") or part of a name ("Third World")."""
    low, src = context.low, context.src
    found = []
    for m in _ORDINAL_RE.finditer(low):
        start, end = m.start(), m.end()
        if _DATE_AFTER_RE.match(low, end):
            continue
        prev = context.prev_word(context.left(start))
        if m["digits"]:
            value = int(m["digits"].replace(",", ""))
            window = src[max(0, start - 40) : end + 40]
            if not _suffix_fits(value, m["suffix"], src[m.start("suffix") : end], window):
                continue
            raw = src[start:end]
            cand = Candidate(start, end, value, 1, "num", raw, False, False, False)
            if in_date(context, cand) or prev in MONTH_NAMES or prev in MONTH_ABBREVIATIONS:
                continue
            number_text = src[start : m.start("suffix")]
        else:
            word = m["word"]
            if m["tens"] and word not in UNIT_ORDINALS:
                continue
            value = _ORDINAL_WORDS[word] + (TENS[m["tens"]] if m["tens"] else 0)
            if prev in MONTH_NAMES or (
                prev.rstrip("-") in _FRACTION_BEFORE
                and (prev not in ("a", "an") or _FRACTION_AFTER_RE.match(low, end))
            ):
                continue  # "May first", "one fifth", "one-third", "a third of"; not "a third blast"
            if word == "third" and re.match(r"\s+world\b(?!\s+war)", low[end:]):
                continue  # "a Third World country": a name, in capitals too
            if word == "second" and (
                prev in _SECOND_BEFORE
                or (prev in _SECOND_MAYBE_BEFORE and _TIME_SECOND_AFTER_RE.match(low, end))
                or (low[start - 2 : start - 1].isdigit() and low[start - 1 : start] == "-")
            ):
                continue  # "for a second", "a 13-second break": the time unit
            raw = src[start:end]
            if raw[:1].isupper() and _name_follows(context, start, end):
                continue
            number_text = raw
        found.append(
            Quantity(
                src[start:end], start, end, float(value), float(value), float(value), EXACT,
                number_text, ORDINAL, None,
            )
        )  # fmt: skip
    return found


_GLUED_UNIT_RE = re.compile(
    r"(?<![\w.,$£€-])(?P<number>\d+(?:\.\d+)?)"
    rf"(?P<unit>\s?°[cf]|[cf]|{alternation([u for u in MEASURE_UNITS if len(u) > 1])})(?![\w-])"
)


_HOTTEST = 140  # °F, above any air temperature news reports: "FORM 1099C" is a name


def _temperature_letter(context: NumberContext, m: re.Match[str]) -> bool:
    """Whether a bare "C" or "F" glued to the digits is a temperature ("45C", "1.5C warming"):
    a capital in mixed-case text; "3c", "HE WON 3C" or "Form 1099C" are not."""
    start = m.start("unit")
    window = context.src[max(0, start - LEFT_WINDOW) : start + LEFT_WINDOW]
    return (
        float(m["number"]) <= _HOTTEST
        and context.src[start].isupper()
        and any(ch.islower() for ch in window)
    )


def glued_measures(context: NumberContext) -> list[Quantity]:
    """Measures written with the unit glued to the digits: "2GB", "5km", "10kg", "45°C", "45C"."""
    found = []
    for m in _GLUED_UNIT_RE.finditer(context.low):
        unit = m["unit"].lstrip()
        if unit in ("c", "f"):
            if not _temperature_letter(context, m):
                continue
            unit = "°" + unit
        value = float(m["number"])
        qualifier, start = context.qualifier_before(m.start())  # "up to 4km"
        qualifier = qualifier or EXACT
        low, high = bounds(qualifier, value)
        text = context.src[start : m.end()]
        found.append(
            Quantity(text, start, m.end(), value, low, high, qualifier, m["number"], MEASURE, unit)
        )
    return found


def _name_follows(context: NumberContext, start: int, end: int) -> bool:
    """A capitalized ordinal inside a name in mixed-case text: "Third World", "Fifth Avenue"."""
    nxt = re.match(r"\s+([A-Z]\w*)", context.src[end : end + 30])
    window = context.src[max(0, start - 40) : end + 40]
    return nxt is not None and any(ch.islower() for ch in window) and start > 0
