"""Numbers that are not counts: measures, money, rates, identifiers, ages, years, clock times,
dates, phone numbers, fractions, ordinals and the pronoun "one". Money, percentages, measures and
ordinals are then kept as typed quantities by `kinds`; the others are no quantity at all.

`rejected_by_left` and `rejected_by_right` judge a number by the words around it; `in_date`
by the date, time or phone number it is part of.
"""

from __future__ import annotations

import re
from functools import cache

from schemas.quantities import APPROXIMATELY, EXACT
from schemas.reference.currencies import currency_forms
from transforms.numbers.context import (
    LEFT_WINDOW,
    OPENING_PUNCT,
    Candidate,
    LeftContext,
    NumberContext,
)
from transforms.vocabulary.calendar_words import MONTH_ABBREVIATIONS, MONTH_NAMES
from transforms.vocabulary.number_words import FRACTION_WORDS, GENERIC_ONE_VERBS, UNIT_ORDINALS
from transforms.vocabulary.units import (
    MEASURE_UNIT_PREFIXES,
    MEASURE_UNITS,
    MINOR_CURRENCY_WORDS,
    PERCENT_WORDS,
    RATE_WORDS,
    TIME_UNITS,
)

# A number followed by one of these words is no count ("700 KG", "850 KM", "FOR 1 HOUR", "45
# PERCENT", "100 MILLION PESOS"); `kinds` keeps measures, percentages and money as typed
# quantities, durations and rates stay out.
_FOLLOWER_WORDS = (
    MEASURE_UNITS
    | MEASURE_UNIT_PREFIXES
    | TIME_UNITS
    | PERCENT_WORDS
    | RATE_WORDS
    | MINOR_CURRENCY_WORDS
    | {"%", "°", "±", "′", "″"}
)


@cache
def not_count_followers() -> frozenset[str]:
    """The words above plus the one-word currency forms of `currencies.csv` (read on first use,
    not at import)."""
    currencies = {form for form in currency_forms().after if " " not in form}
    return frozenset(_FOLLOWER_WORDS | currencies)


# Money before a number: a symbol ("$5 million", "US$ 5") or an ISO code ("USD 5").
_CURRENCY_SIGNS = frozenset("$£€¥₹₩₽¢")
_CURRENCY_CODES = frozenset({"usd", "eur", "gbp", "jpy", "inr", "chf", "cny", "rmb", "rs"})

# A number right after one of these words names something ("No. 1", "CHANNEL 7",
# "Resolution 2254", "AT KILOMETER 30", Spanish "CADENA 1"): an identifier, not a count.
_IDENTIFIER_WORDS = frozenset({
    "no", "nos", "nr", "num", "number", "channel", "channels", "resolution", "resolutions",
    "article", "articles", "section", "sections", "chapter", "page", "pages", "pp", "paragraph",
    "clause", "route", "highway", "interstate", "flight", "room", "decree", "law", "calle",
    "carrera", "avenida",
    "kilometer", "kilometre", "km", "zone", "district", "sector", "precinct", "block", "apartment",
    "apt", "suite", "floor", "gate", "terminal", "platform", "line", "camp", "cell", "category",
    "level", "phase", "stage", "grade", "class", "type", "model", "version", "vol", "issue",
    "episode", "season", "round", "code", "box", "ward", "lot", "exit", "cadena",
    # Plurals name several ("Rooms 12 and 13", "Routes 1 and 9"): the list goes on after "and".
    "rooms", "routes", "highways", "flights", "decrees", "laws", "zones", "districts", "sectors",
    "blocks", "gates", "terminals", "platforms", "lines", "camps", "cells", "levels", "phases",
    "stages", "grades", "classes", "types", "models", "versions", "episodes", "seasons",
    "rounds", "exits", "wards", "precincts", "apartments", "suites", "floors",
    # Military units ("BATTALION 3-16", "BRIGADE 5").
    "battalion", "brigade", "regiment", "squadron",
    # Stock indexes named by a number ("S&P 500", "Standard & Poor's 500", "FTSE 100").
    "s&p", "poor's", "ftse", "nikkei", "stoxx", "russell", "cac", "dax", "ibex", "nasdaq",
})  # fmt: skip
# News style writes counts of a thousand or more with a separator ("1,984 PEOPLE"), so a bare
# 4-digit number in this range is a year ("THE 1984 ELECTION", "IN 1989") unless a count
# qualifier stands before it ("MORE THAN 1500").
_YEAR_MIN, _YEAR_MAX = 1800, 2100
# Wire text gives clock times as four digits: "AT 1835 (0035 GMT)", "SINCE 1600 LOCAL TIME".
_CLOCK_BEFORE_WORDS = frozenset({"at", "since", "until", "till", "from"})
_CLOCK_AFTER_WORDS = frozenset({"local", "hours", "hrs", "gmt", "utc"})
_CLOCK_APPROXIMATELY = frozenset({"approximately", "about", "around", "roughly", "precisely"})
_AGE_WORDS = frozenset({"aged", "age", "ages"})
_MAX_AGE = 120
# Words before a lone "one" that make it a pronoun: always ("another one", "the sixth one")...
_PRONOUN_ONE_BEFORE = frozenset({
    "each", "every", "any", "another", "such", "last", "next", *UNIT_ORDINALS, "tenth",
})  # fmt: skip
# ...or when no noun follows it ("the one who", "which one is", "the worst one in which",
# "including one in Baghdad"; but "that one guerrilla").
_DETERMINER_ONE_BEFORE = frozenset({
    "the", "this", "that", "which", "same", "other", "only", "including", "worst", "best",
    "latest", "biggest", "largest", "newest", "oldest", "deadliest", "smallest", "youngest",
})  # fmt: skip

_MONTHS = "|".join((*MONTH_NAMES, *MONTH_ABBREVIATIONS))
# Dates, times, phone numbers and fractions. Only digit numbers can be part of one, so this runs
# on a window around each digit number rather than over the whole text.
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_BLOCK_RE = re.compile(
    rf"""
    (?<![\w.])\d{{1,4}}(?P<sep>[-/.])\d{{1,2}}(?P=sep)\d{{1,4}}(?!\w)  # 13-01-2025; not 1.5-2
    |(?<![\w.,])\d+/\d+(?![\w/])                                       # 1/5, 24/7, 1989/90
    |(?<![\w.])\d{{1,2}}:\d{{2}}(?::\d{{2}})?                          # 10:30
    |(?<![\w.])\d{{1,2}}(?:[.:]\d{{2}})?\s*(?:[ap]\.\s?m\b\.?|[ap]m\b|o['’]clock\b)  # 3 p.m., 2pm
    |(?<![\w.])(?:{_DAY}\s*(?:[-–]|and|or|&|to)\s*)?{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:\s*,?\s*\d{{2,4}}\b)?
    |\b(?:{_MONTHS})\.?\s+{_DAY}(?:\s*[-–]\s*{_DAY})?\b(?:\s*,\s*\d{{4}}\b)?  # january 13, 2025
    |\b(?:{_MONTHS})\.?,?\s+\d{{4}}\b                                  # october 2005
    |(?<![\w.])(?![1-9]\d{{0,2}}(?:[\x20\u00a0\u202f\u2009]\d{{3}})+(?![\w.-]|\s\d))  # 2 350 000
    (?<!\bin\s)(?<!\bsince\s)(?<!\bby\s)(?<!\buntil\s)      # "in 2019 350 000 people": a year
    (?:\+\d{{1,3}}[\s.-])?\(?\d{{2,4}}\)?[\s.-]\d{{3,4}}[\s.-]\d{{3,4}}(?!\w|\.\d)
    |(?<![\w.,-])\d{{3}}-\d{{4}}(?![\w-])                              # 555-1234
    |\(\d{{1,3}}-\d{{1,3}}(?:,\s*\d{{1,3}}-\d{{1,3}})+\)               # records (6-5, 3-4)
    """,
    re.VERBOSE,
)
_BLOCK_WINDOW = 25  # "september 13th, 2025" reaches 16 characters before the year
# An era after a number makes it a year: "575 B.C.".
_ERA_AFTER_RE = re.compile(r"\s*(?:b\.?\s?c\.?(?:e\.?)?|a\.\s?d\.|c\.e\.)(?!\w)")
_PRONOUN_ONE_AFTER_RE = re.compile(
    r"\s*(?:another\b|['’]s\b|(?:can|cannot|can't|could|must|should|would|might|may|will|shall)\b"
    rf"|(?:{'|'.join(sorted(GENERIC_ONE_VERBS))})\b)"
    # "from one place to another", "one way or another", "one side or the other": a contrast
    r"|\s+[a-z]+(?:\s+of\s+[a-z]+)?\s+(?:or|and|to)\s+(?:another|the\s+other)\b"
)
# A duration: "for two more hours", "three consecutive days", "one more second".
_DURATION_AFTER_RE = re.compile(
    r"\s+(?:more|additional|extra|further|straight|consecutive|successive|full|whole|long)\s+"
    rf"(?:{'|'.join(sorted(TIME_UNITS))})\b"
)
# A level named by its number: "passed the 1,000 mark", "the 20 KM MARKER" (issue 18's case
# conventions: as "the 787", a name, no quantity).
_LEVEL_AFTER_RE = re.compile(r"\s*-?\s*(?:mark|marker|threshold|milestone|barrier)\b")
_AGE_COMMA_AFTER_RE = re.compile(r"\s*(?:[,;.)]|$)")
_CLOCK_AFTER_RE = re.compile(r"\s*(?:$|[(\[]\d{4}\b|[,.;:!?)]|(?:and|to|when|while|the|on)\b)")
# One to three capitalized words and a street word after a number: its address.
_STREET_AFTER_RE = re.compile(
    r"(?:\s+[A-Z][A-Za-z'.-]*){1,3}\s+(?i:avenue|ave|street|st|road|rd|boulevard|blvd|lane"
    r"|drive|place|square|calle|carrera|avenida)\b"
)
_DETERMINER_AFTER_RE = re.compile(r"\s+(?:the|a|an|this|that|its|his|her|their)\b")
_ENUMERATION_AFTER_RE = re.compile(r"[.)]\s")
_NO_NOUN_AFTER_RE = re.compile(
    r"\s*(?:$|[^\w\s]|(?:who|whom|whose|that|which|is|was|are|were|being|has|had|have|will|would|can"
    r"|could|in|on|at|to|for|with|from|by|and|or|but|i|we|you|he|she|they|it)\b)"
)


_ONE_DIGIT_K_RE = re.compile(r"[1-9]K")
_DIMENSION_AFTER_RE = re.compile(r"[×x]\d")


def _mixed_case_around(context: NumberContext, start: int) -> bool:
    """Whether lower-case letters stand near `start`: capitals there are chosen, not wire style."""
    window = context.src[max(0, start - LEFT_WINDOW) : start + LEFT_WINDOW]
    return any(ch.islower() for ch in window)


def year_shaped(c: Candidate) -> bool:
    """Bare digits "1800" to "2100": a year unless the context says count."""
    return c.plain and len(c.raw) == 4 and _YEAR_MIN <= c.value <= _YEAR_MAX


def in_date(context: NumberContext, c: Candidate) -> bool:
    """True if a digit number is part of a date, time, phone number or fraction."""
    if not c.raw[:1].isdigit() and c.raw[:1] != ".":
        return False
    lo, hi = max(0, c.start - _BLOCK_WINDOW), min(len(context.low), c.end + _BLOCK_WINDOW)
    return any(
        m.start() < c.end and c.start < m.end() for m in _BLOCK_RE.finditer(context.low, lo, hi)
    )


def is_year(context: NumberContext, c: Candidate, left: LeftContext | None = None) -> bool:
    """A bare 4-digit 1800-2100 number without a count qualifier before it; an older one
    (1000-1799) only after "in", "since", "until" or "by" with no noun after ("back in 1586")."""
    if c.plain and len(c.raw) == 4 and 1000 <= c.value < _YEAR_MIN:
        left = left or context.left(c.start)
        return context.prev_word(left) in ("in", "since", "until", "by") and bool(
            _NO_NOUN_AFTER_RE.match(context.low, c.end)
            or _DETERMINER_AFTER_RE.match(context.low, c.end)
        )
    if not year_shaped(c):
        return False
    qualifier, _ = context.qualifier_before(c.start, left)
    if qualifier == APPROXIMATELY:  # "back around 1984": a year; "about 2000 people": a count
        return bool(
            _NO_NOUN_AFTER_RE.match(context.low, c.end)
            or _DETERMINER_AFTER_RE.match(context.low, c.end)
        )
    return qualifier in (None, EXACT)


def _designation_before(context: NumberContext, c: Candidate, left: LeftContext) -> bool:
    """True if an all-capitals abbreviation stands right before the number, and no noun
    after it, in mixed-case text ("CTF 50 is", "(DDG 70)"); in ALL-CAPS text capitals tell
    nothing."""
    if not left.words or not _NO_NOUN_AFTER_RE.match(context.low, c.end):
        return False
    start = c.start
    word, word_start = left.words[-1]
    raw = context.src[word_start : word_start + len(word)].lstrip(OPENING_PUNCT)
    if not (raw.isalpha() and raw.isupper() and len(raw) <= 5) or raw in ("A", "I"):
        return False
    window = context.src[max(0, start - LEFT_WINDOW) : start]
    return any(ch.islower() for ch in window)


def is_clock(context: NumberContext, c: Candidate, prev: str, prev2: str = "") -> bool:
    """A 4-digit HHMM number that reads as a clock time ("AT 1835 (0035 GMT)", "AT
    APPROXIMATELY 2200")."""
    if not (c.plain and len(c.raw) == 4 and c.raw[:2] < "24" and c.raw[2:] < "60"):
        return False
    if context.next_word(c.end) in _CLOCK_AFTER_WORDS:
        return True
    before = prev in _CLOCK_BEFORE_WORDS or (
        prev in _CLOCK_APPROXIMATELY and prev2 in _CLOCK_BEFORE_WORDS
    )
    return before and bool(_CLOCK_AFTER_RE.match(context.low, c.end))


# "the 787 to expand", "the 717 program": "the" and a bare number of three digits or more, then a
# word that is no plural, participle or count word, name a model, a road or a flight, not a
# group ("the 300 soldiers", "the 300 killed", "the 300 who died" are counts).
_NAMED_AFTER_THE_RE = re.compile(
    r"\s+(?!(?:who|whom|dead|aboard|alive|missing|remaining|still|more|other|others|of|in|at|on"
    r"|and|or|to\s+\d|were|are|had|have|remain|left|injured|wounded|hurt|killed"
    # plurals without an s: "the 300 people", "the 120 aircraft"
    r"|people|men|women|children|police|personnel|staff|crew|militia|cattle|livestock|sheep"
    r"|aircraft|youth|clergy|faithful|infantry|cavalry)\b)"
    r"[a-z]+(?<!s)(?<!ed)(?<!ing)\b"
)
# A word with a capital inside ("iPhone 4", "PlayStation 5", "eBay 2"): a product name.
# Surnames and places ("McLean", "MacArthur", "DeSantis") are left out.
_CAMEL_CASE_RE = re.compile(
    r"^(?!(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|O)[A-Z])(?:[a-z]+[A-Z]|[A-Z][a-z]+[A-Z])[A-Za-z]*$"
)
# Letters, maybe a hyphen, and digits after a number: a model name ("1 M-60", "2 F-16 jets",
# "THREE G3-A3 RIFLES").
_MODEL_CODE_AFTER_RE = re.compile(r"\s+(?![kcm]?m[23]\b)[a-z]{1,3}-?\d")  # not "km2", "m3"


def _age_in_brackets(context: NumberContext, c: Candidate, left: LeftContext) -> bool:
    """A number alone in brackets right after a capitalized name in mixed-case text ("Tom
    Martens (73),"): the person's age, as Irish and British news write it."""
    if not (c.plain and c.value <= _MAX_AGE and context.low.startswith(")", c.end)):
        return False
    words = [w for w in left.words if w.text != "("]
    if not words:
        return False
    word, word_start = words[-1]
    raw = context.src[word_start : word_start + len(word)].rstrip("(")
    window = context.src[max(0, c.start - LEFT_WINDOW) : c.start]
    return raw.istitle() and raw.isalpha() and any(ch.islower() for ch in window)


# A tiebreak in brackets after a score ("7-6 (5)"): part of the score, no count.
_SCORE_BEFORE_RE = re.compile(r"\b\d{1,2}-\d{1,2}\s*$")


def rejected_by_left(context: NumberContext, c: Candidate, left: LeftContext) -> bool:
    """Money, sign, code, identifier, age, year or clock context before the number."""
    glued, before_glued = left.glued, left.before_glued
    prev = context.prev_word(left)
    last_word = left.words[-1].text if left.words else ""
    if glued:
        if glued in _CURRENCY_SIGNS:
            return True  # "$5"
        if glued.isalpha():
            return True  # "DAX30", "MIG29": letters glued to the digits name a code
        if glued in "#№" or (glued in "-+−" and before_glued.isalpha()):
            return True  # "#3", "AK-47", "COVID-19": codes
        if glued in "-+−" and not (before_glued.isdigit() or before_glued == ")"):
            return True  # "-504": counts have no sign ("20-30" is a range)
        if glued in "'’" and c.plain and len(c.raw) == 2:
            return True  # "in '89"
        if glued == "[" and context.low.startswith("]", c.end):
            return True  # "[2]": a reference mark
        if glued == "(" and _SCORE_BEFORE_RE.search(
            context.low, max(0, c.start - LEFT_WINDOW), c.start - 1
        ):
            return True  # "edged him 7-6 (5)": a tiebreak
        if glued == "(" and _age_in_brackets(context, c, left):
            return True  # "Molly Martens (40) and her father": an age
    elif last_word[-1:] in _CURRENCY_SIGNS or prev in _CURRENCY_CODES:
        return True  # "US$ 5", "USD 5"
    if glued in "×x" and before_glued.isdigit():
        return True  # "4×4", "2x4": a size or a model
    if (
        c.lone_one
        and _NO_NOUN_AFTER_RE.match(context.low, c.end)
        and _article_and_modifiers_before(context, left)
    ):
        return True  # "a new one", "a totally internal one": the pronoun
    if _ONE_DIGIT_K_RE.fullmatch(c.raw) and _mixed_case_around(context, c.start):
        return True  # "native 4K", "a 5K race": a resolution, a distance; thousands write "25K"
    if c.plain and c.raw.startswith("0") and len(c.raw) > 1:
        return True  # "0700" (a clock time), "007"
    if c.plain and _ENUMERATION_AFTER_RE.match(context.low, c.end):
        line_start = context.low.rfind("\n", 0, c.start) + 1
        if not context.low[line_start : c.start].strip():
            return True  # "1. THE ARMED FORCES HAS ...": a list item number
    if prev in _IDENTIFIER_WORDS and (prev != "no" or c.plain or last_word.endswith(".")):
        return True  # "No. 1", "CHANNEL 7"; "no one" is a zero, read elsewhere
    if c.plain and prev in ("and", "or") and context.prev_word(left, 3) in _IDENTIFIER_WORDS:
        return True  # "Rooms 12 and 13": the list of identifiers goes on
    if c.plain and not glued and left.words:
        word, word_start = left.words[-1]
        if _CAMEL_CASE_RE.match(context.src[word_start : word_start + len(word)]):
            return True  # "iPhone 4": a product name
    if (
        c.plain
        and prev == "the"
        and len(c.raw) >= 3
        and _NAMED_AFTER_THE_RE.match(context.low, c.end)
    ):
        return True  # "the 787 to expand", "the 717 program": a model, road or flight
    if c.plain and not glued and _designation_before(context, c, left):
        return True  # "CTF 50 is led", "USS Hopper (DDG 70)" in mixed-case text
    if prev in _AGE_WORDS or (
        prev in ("of", "between", "from") and context.prev_word(left, 2) in _AGE_WORDS
    ):
        return True  # "aged 24", "ages between 18 and 30"
    if c.lone_one and (
        prev in _PRONOUN_ONE_BEFORE
        or (
            prev in _DETERMINER_ONE_BEFORE
            and (
                _NO_NOUN_AFTER_RE.match(context.low, c.end)
                or _DETERMINER_AFTER_RE.match(context.low, c.end)  # "the one the FMLN wants"
            )
        )
    ):
        return True  # "another one", "the one who"
    if (
        c.plain
        and c.value <= _MAX_AGE
        and not glued
        and last_word[-1:] == ","
        and last_word[-2:-1].isalpha()
        and _AGE_COMMA_AFTER_RE.match(context.low, c.end)
    ):
        return True  # "GONZALO PINZON LAGOS, 24, WAS CAPTURED"
    if c.plain and prev in ("at", "on") and _STREET_AFTER_RE.match(context.src, c.end):
        return True  # "AT 3400 MITRE AVENUE", "on 12 Downing Street": an address
    return is_year(context, c, left) or is_clock(context, c, prev, context.prev_word(left, 2))


# Words between "a" and "one" that show a noun phrase has ended ("a bomb under one of the cars")
# or that "one" is counted ("a total of one").
_NOT_MODIFIERS = frozenset({
    "of", "than", "further", "under", "over", "in", "on", "at", "to", "for", "with", "from", "by",
    "into", "near", "behind", "about", "and", "or", "but", "as", "only", "just",
})  # fmt: skip


def _article_and_modifiers_before(context: NumberContext, left: LeftContext) -> bool:
    """An article and one or two modifiers right before the number: "a new", "a totally
    internal" (no number follows an adjective after "a"; "a total of" is no modifier)."""
    for k in (2, 3):
        if context.prev_word(left, k) in ("a", "an"):
            between = [left.words[-j].text.strip("\"'“”‘’") for j in range(1, k)]
            return all(w.isalpha() and w not in _NOT_MODIFIERS for w in between)
    return False


def rejected_by_right(context: NumberContext, c: Candidate, end: int) -> bool:
    """Unit, currency, rate, ordinal or fraction word after the number (read from `end`)."""
    if _DIMENSION_AFTER_RE.match(context.low, end):
        return True  # "4×4", "1920x1080": a size or a model
    word = context.next_word(end)
    if _DURATION_AFTER_RE.match(context.low, end):
        return True  # "for two more hours": a duration
    if word in ("index", "indexes", "indices"):
        return True  # "the STOXX 600 index", "the S&P 500 index": the number names the index
    if _MODEL_CODE_AFTER_RE.match(context.low, end):
        return False  # "1 M-60 MACHINEGUN": a model name after the count, not metres
    if word in not_count_followers() or _ERA_AFTER_RE.match(context.low, end):
        return True
    if word[:1] in ("'", "’"):
        return c.plain  # "the 1990's"
    if word in FRACTION_WORDS and (
        word.endswith("s") or c.value == 1 or context.low[c.end : c.end + 1] == "-"
    ):
        return True  # "two thirds", "one sixth", "one-half"
    if word in UNIT_ORDINALS and c.last_kind in ("tens", "hundred", "scale"):
        return True  # "twenty first", "one hundred and forty second"
    return c.lone_one and bool(_PRONOUN_ONE_AFTER_RE.match(context.low, c.end))


def names_a_level(context: NumberContext, start: int, end: int) -> bool:
    """Whether the quantity at [start, end) names a level: "the" before it, "mark" after it."""
    return context.prev_word(context.left(start)) == "the" and bool(
        _LEVEL_AFTER_RE.match(context.low, end)
    )
