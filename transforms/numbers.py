"""Find and normalize counts in English news text ("more than 300", "FIFTEEN", "tens of thousands").

Pure module: strings in, values out. `parse_number` reads one number expression; `find_quantities`
finds every count in a text with its bounds and qualifier, following section 3 of the claims
annotation guidelines (value, low, high, qualifier). Matching ignores case, so ALL-CAPS wire text
reads like mixed-case text.

Numbers that are not counts are left out: ordinals, years, dates, times, phone numbers,
percentages, money, identifiers ("No. 1", "CHANNEL 7"), ages and measurements with a unit.
Numbers inside names ("Voyager 2", "Boeing 737") are left to the caller's NER, through `exclude`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Quantity:
    """One count found in a text. `text` is `source[start_char:end_char]`, qualifier words
    included ("more than 300"); `number_text` is the number alone ("300")."""

    text: str
    start_char: int
    end_char: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    number_text: str


# Number words. "naught"/"nought" are British spellings of zero.
_UNITS = {
    "zero": 0, "naught": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Lakh and crore are the scale words of South Asian English-language news.
_SCALES = {
    "thousand": 10**3, "lakh": 10**5, "lac": 10**5, "million": 10**6, "crore": 10**7,
    "billion": 10**9, "trillion": 10**12, "quadrillion": 10**15, "quintillion": 10**18,
    "sextillion": 10**21,
}  # fmt: skip
# Multiplier suffixes glued to digits: "100k", "10M", "3bn", "2.5mln".
_SUFFIXES = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9}
# Whole-expression readings accepted by parse_number only: in running text "a single shot",
# "a couple" (two partners) and "nil" (a score) are too often not counts (guidelines section 1).
_ALIASES = {"single": 1, "a single": 1, "a pair": 2, "a couple": 2, "nil": 0}

# A number followed by one of these words measures something rather than counting people, so it
# is not a count ("700 KG", "850 KM", "FOR 1 HOUR"). Grouped by why each word rules a number out.
_LENGTH_AREA_VOLUME_UNITS = frozenset({
    "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres", "m", "meter", "meters",
    "metre", "metres", "cm", "centimeter", "centimeters", "centimetre", "centimetres", "mm",
    "millimeter", "millimeters", "millimetre", "millimetres", "nm", "nanometer", "nanometers",
    "nanometre", "nanometres", "mile", "miles", "mi", "ft", "foot", "feet", "inch", "inches",
    "yard", "yards", "yd", "yds", "nautical", "sq", "square", "cubic", "hectare", "hectares", "ha",
    "acre", "acres", "liter", "liters", "litre", "litres", "l", "ml", "cl", "gallon", "gallons",
    "barrel", "barrels", "bbl", "cc",
})  # fmt: skip
_MASS_UNITS = frozenset({
    "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes", "g",
    "gram", "grams", "gramme", "grammes", "mg", "milligram", "milligrams", "ton", "tons", "tonne",
    "tonnes", "t", "lb", "lbs", "pound", "pounds", "ounce", "ounces", "oz",
})  # fmt: skip
# Speed, temperature ("30 C"), energy, power, frequency and data sizes.
_OTHER_PHYSICAL_UNITS = frozenset({
    "mph", "kph", "kmh", "knot", "knots", "degree", "degrees", "c", "f", "celsius", "fahrenheit",
    "kelvin", "watt", "watts", "kw", "mw", "gw", "kwh", "mwh", "gwh", "volt", "volts", "kv", "hz",
    "khz", "mhz", "ghz", "byte", "bytes", "kb", "mb", "gb", "tb",
})  # fmt: skip
# Durations and clock readings ("FOR 1 HOUR", "24-year-old", "1415 GMT", "3 pm").
_TIME_UNITS = frozenset({
    "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr",
    "hrs", "h", "day", "days", "week", "weeks", "fortnight", "fortnights", "month", "months",
    "year", "years", "yr", "yrs", "decade", "decades", "century", "centuries", "annum", "am", "pm",
    "gmt", "utc",
})  # fmt: skip
# Money ("100 MILLION PESOS", "5 dollars"), including the currencies of the MUC-3 countries.
_CURRENCY_UNITS = frozenset({
    "dollar", "dollars", "usd", "cent", "cents", "penny", "pennies", "dime", "dimes", "peso",
    "pesos", "euro", "euros", "eur", "sterling", "gbp", "yen", "yuan", "renminbi", "rmb", "rupee",
    "rupees", "ruble", "rubles", "rouble", "roubles", "franc", "francs", "mark", "marks",
    "deutschmark", "deutschmarks", "lira", "lire", "shekel", "shekels", "dinar", "dinars",
    "riyal", "riyals", "rial", "rials", "dirham", "dirhams", "colon", "colones", "cordoba",
    "cordobas", "colons", "quetzal", "quetzales", "lempira", "lempiras", "sol", "soles", "inti",
    "intis", "sucre", "sucres", "bolivar", "bolivars", "bolivares", "hryvnia", "hryvnias",
    "naira", "baht", "bucks",
})  # fmt: skip
# Shares, rates and multipliers: "45 PERCENT", "3 per day", "four times", "30 points".
_RATE_WORDS = frozenset({"percent", "pct", "percentage", "per", "times", "fold", "points"})
_NOT_COUNT_FOLLOWERS = (
    _LENGTH_AREA_VOLUME_UNITS
    | _MASS_UNITS
    | _OTHER_PHYSICAL_UNITS
    | _TIME_UNITS
    | _CURRENCY_UNITS
    | _RATE_WORDS
    | {"%", "°", "±", "′", "″"}
)
# Money before a number: a symbol ("$5 million", "US$ 5") or an ISO code ("USD 5").
_CURRENCY_SIGNS = frozenset("$£€¥₹₩₽¢")
_CURRENCY_CODES = frozenset({"usd", "eur", "gbp", "jpy", "inr", "chf", "cny", "rmb", "rs"})

# A number right after one of these words names something ("No. 1", "CHANNEL 7",
# "Resolution 2254", "AT KILOMETER 30", Spanish "CADENA 1"): an identifier, not a count.
_IDENTIFIER_WORDS = frozenset({
    "no", "nos", "nr", "num", "number", "channel", "channels", "resolution", "resolutions",
    "article", "articles", "section", "sections", "chapter", "page", "pages", "pp", "paragraph",
    "clause", "route", "highway", "flight", "room", "decree", "law", "calle", "carrera", "avenida",
    "kilometer", "kilometre", "km", "zone", "district", "sector", "precinct", "block", "apartment",
    "apt", "suite", "floor", "gate", "terminal", "platform", "line", "camp", "cell", "category",
    "level", "phase", "stage", "grade", "class", "type", "model", "version", "vol", "issue",
    "episode", "season", "round", "code", "box", "ward", "lot", "exit", "cadena",
})  # fmt: skip
# News style writes counts of a thousand or more with a separator ("1,984 PEOPLE"), so a bare
# 4-digit number in this range is a year ("THE 1984 ELECTION", "IN 1989") unless a count
# qualifier stands before it ("MORE THAN 1500").
_YEAR_MIN, _YEAR_MAX = 1800, 2100
# Wire text gives clock times as four digits: "AT 1835 (0035 GMT)", "SINCE 1600 LOCAL TIME".
_CLOCK_BEFORE_WORDS = frozenset({"at", "since", "until", "till", "from"})
_CLOCK_AFTER_WORDS = frozenset({"local", "hours", "hrs", "gmt", "utc"})
_AGE_WORDS = frozenset({"aged", "age", "ages"})
_MAX_AGE = 120
# Fraction denominators: "two thirds", "one-half" are shares, not counts.
_FRACTION_WORDS = frozenset({
    "half", "halves", "third", "thirds", "quarter", "quarters", "fourth", "fourths", "fifth",
    "fifths", "sixth", "sixths", "seventh", "sevenths", "eighth", "eighths", "ninth", "ninths",
    "tenth", "tenths", "hundredth", "hundredths", "thousandth", "thousandths",
})  # fmt: skip
# "twenty first" / "one hundred and forty second" are ordinals when a unit ordinal ends them.
_UNIT_ORDINALS = frozenset({
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
})  # fmt: skip
# Words before a lone "one" that make it a pronoun: always ("another one", "the sixth one")...
_PRONOUN_ONE_BEFORE = frozenset({
    "each", "every", "any", "another", "such", "last", "next", *_UNIT_ORDINALS, "tenth",
})  # fmt: skip
# ...or when no noun follows it ("the one who", "which one is"; but "that one guerrilla").
_DETERMINER_ONE_BEFORE = frozenset({"the", "this", "that", "which", "same", "other"})

# Qualifier phrases written right before a number, by the qualifier they give (section 3).
# "Only", "another", "an additional" keep a count exact but belong to its text.
_QUALIFIER_PHRASES = {
    phrase: qualifier
    for qualifier, phrases in {
        "more_than": (
            "more than", "over", "above", "well over", "just over", "slightly over", "well above",
            "just above", "slightly more than", "well more than", "far more than",
            "much more than", "in excess of", "upwards of", "upward of", "surpassed", "surpasses",
            "surpassing", "surpass", "exceeded", "exceeds", "exceeding", "exceed", "greater than",
            "topped", "topping", "tops",
        ),
        "at_least": (
            "at least", "no fewer than", "no less than", "not fewer than", "not less than",
            "a minimum of", "minimum of",
        ),
        "at_most": (
            "up to", "at most", "at the most", "no more than", "not more than", "a maximum of",
            "maximum of", "as many as",
        ),
        "less_than": (
            "nearly", "almost", "fewer than", "less than", "under", "below", "short of",
            "just under", "well under", "slightly under", "just below", "well below",
            "slightly below", "just short of", "close to",
        ),
        "approximately": (
            "about", "just about", "approximately", "approx.", "approx", "around", "roughly",
            "some", "an estimated", "estimated", "circa", "ca.", "an approximate",
            "more or less",
        ),
        "exact": (
            "only", "just", "exactly", "precisely", "another", "an additional", "additional",
            "a further", "a total of", "total of",
        ),
    }.items()
    for phrase in phrases
}  # fmt: skip
_LONGEST_QUALIFIER = max(len(p.split()) for p in _QUALIFIER_PHRASES)

# Vague quantity words (guidelines section 3): the least each implies.
_VAGUE_PLURALS = {
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2_000_000,
    "billions": 2_000_000_000,
}  # fmt: skip
# "tens of thousands" = 20,000, "hundreds of thousands" = 200,000: the head's least times the scale.
_VAGUE_HEADS = {"tens": 20, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000}
_VAGUE_OUTER = {"thousands": 10**3, "millions": 10**6, "billions": 10**9}
# "several hundred" = 300, "a few thousand" = 3,000.
_FEW_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "dozen": 12}


def _alternation(words: Sequence[str]) -> str:
    """Regex alternation of words, longest first so a prefix never hides a longer word."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# All patterns below are lower case and run on lower-cased text: a pattern that starts with
# literal words is scanned much faster by `re` than the same pattern compiled IGNORECASE.
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_NUMBER_WORDS = [
    *_UNITS,
    *_TEENS,
    *_TENS,
    "hundred",
    "hundreds",
    "dozen",
    "dozens",
    *_SCALES,
    *(w + "s" for w in _SCALES),
]
# Digits: "2,700", "10 000" (SI spaces), "1.5", ".77", then an optional multiplier suffix.
_NUM_CORE = (
    r"(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[\x20\u00a0\u202f]\d{3})+(?![\d,])|\d+)"
    r"(?:\.\d+)?|\.\d+)"
)
_SUFFIX = rf"(?:{_alternation(list(_SUFFIXES))})"
_ATOM = rf"(?:{_NUM_CORE}{_SUFFIX}?(?!\w)|\b(?:{_alternation(_NUMBER_WORDS)})\b)"
_BIG = r"(?:hundred|thousand|lakh|lac|million|crore|billion|trillion|dozen)\b"
# A run of number tokens; _read_number splits it into numbers ("one two three" is three).
_RUN_RE = re.compile(
    rf"(?<![\w.])(?:\b(?:half\s+)?an?\s+(?={_BIG}))?{_ATOM}"
    rf"(?:(?:\s*-\s*|\s+(?:and\s+|&\s+)?|\s+point\s+(?:(?:o|oh)\s+)*){_ATOM}|\s+and\s+a\s+half\b)*"
)
_TOKEN_RE = re.compile(rf"(?P<num>{_NUM_CORE})(?P<suf>{_SUFFIX})?(?!\w)|(?P<word>[^\W\d_]+)|\S")
# A count has at most a few dozen digits. A longer run (a serial number, a hash, noise) is not read
# as a number: Python refuses to convert over 4,300 digits, and with 100 digits at most a value
# stays within a float even times the largest scale word ("sextillion") and "dozen".
_MAX_DIGITS = 100
_GROUP_SEPARATORS_RE = re.compile(r"[,\x20\u00a0\u202f]")

# Dates, times, phone numbers and fractions. Only digit numbers can be part of one, so this runs
# on a window around each digit number rather than over the whole text.
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_BLOCK_RE = re.compile(
    rf"""
    (?<![\w.])\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}(?!\w)             # 13-01-2025, 2025-01-13
    |(?<![\w.,])\d+/\d+(?![\w/])                                       # 1/5, 24/7, 1989/90
    |(?<![\w.])\d{{1,2}}:\d{{2}}(?::\d{{2}})?                          # 10:30
    |(?<![\w.])\d{{1,2}}(?:[.:]\d{{2}})?\s*(?:[ap]\.\s?m\b\.?|[ap]m\b|o['’]clock\b)  # 3 p.m., 2pm
    |(?<![\w.])(?:{_DAY}\s*[-–]\s*)?{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:\s*,?\s*\d{{2,4}}\b)?
    |\b(?:{_MONTHS})\.?\s+{_DAY}(?:\s*[-–]\s*{_DAY})?\b(?:\s*,\s*\d{{4}}\b)?  # january 13, 2025
    |\b(?:{_MONTHS})\.?,?\s+\d{{4}}\b                                  # october 2005
    |(?<![\w.])(?:\+\d{{1,3}}[\s.-])?\(?\d{{2,4}}\)?[\s.-]\d{{3,4}}[\s.-]\d{{3,4}}(?!\w|\.\d)
    |(?<![\w.,-])\d{{3}}-\d{{4}}(?![\w-])                              # 555-1234
    """,
    re.VERBOSE,
)
_BLOCK_WINDOW = 25  # "september 13th, 2025" reaches 16 characters before the year

_VAGUE_RE = re.compile(
    rf"""(?<![\w-])(?:
        (?P<head>tens|dozens|scores|hundreds|thousands)\s+of\s+(?P<outer>thousands|millions|billions)
        |(?P<few>several|a\s+few)(?P<scales>(?:\s+(?:{_alternation(list(_FEW_SCALES))}))*)
        |(?P<plural>dozens|hundreds|thousands|millions|billions)
        |(?P<scores>scores)(?=\s+of\b)
    )(?![\w-])""",
    re.VERBOSE,
)
# Explicit zeros (guidelines 4.3). "no" + noun only for this short list of casualty words,
# because "no reports", "no information" and the like state an absence, not a count.
# "Without causing any", "did not inflict (any)" only with verbs that report harm done: "did not
# report any casualties" states that nothing is known (guidelines 4.3), not a zero.
_ZERO_NOUNS = r"(?:casualties|deaths|fatalities|injuries|victims|dead|wounded|injured)"
_HARM_VERBS = r"(?:caus|inflict|suffer|sustain|leav|left|result(?:ing|ed)?\s+in)"
_ZERO_RE = re.compile(
    rf"""(?<![\w-])(?:
        no[\s-]one|nobody|none(?=\s+(?:of|was|were|has|have|had|is|are)\b)
        |no(?=\s+{_ZERO_NOUNS}\b)
        |without\s+(?:{_HARM_VERBS}\w*\s+)?(?P<any>any)(?=\s+{_ZERO_NOUNS}\b)
        |(?:did|does|do|has|have|had)\s+(?P<not>not)\s+{_HARM_VERBS}\w*(?:\s+any)?
            (?=\s+{_ZERO_NOUNS}\b)
        |(?:did|does|do|has|have|had)(?P<nt>n['’]t)\s+{_HARM_VERBS}\w*(?:\s+any)?
            (?=\s+{_ZERO_NOUNS}\b)
    )(?![\w-])""",
    re.VERBOSE,
)

_POST_QUALIFIER_RE = re.compile(
    r"(?P<at_least>\+(?![\d+])|-plus\b|\s+or\s+more\b)"
    r"|(?P<approximately>-odd\b|\s+or\s+so\b)"
    r"|(?P<at_most>\s+or\s+(?:fewer|less)\b)"
)
_RANGE_GAP_RE = re.compile(r"\s*(?:(?P<dash>[-–—~])|-?\s*\b(?P<word>to|or|through|and)\b)\s*")
_COMPOUND_GAP_RE = re.compile(r"\s*,?\s*(?:and|but)\s*")
_PAREN_OPEN_RE = re.compile(r"\s*\(\s*")
_PAREN_CLOSE_RE = re.compile(r"\s*\)")
_PAREN_EXPR_RE = re.compile(r"(.+?)\s*\(\s*([^()]+?)\s*\)")
_NEXT_WORD_RE = re.compile(r"(?:\s*-\s*|\s*)([^\W\d_]+|[%°±′″]|['’]s\b)")
# An era after a number makes it a year: "575 B.C.".
_ERA_AFTER_RE = re.compile(r"\s*(?:b\.?\s?c\.?(?:e\.?)?|a\.\s?d\.|c\.e\.)(?!\w)")
_OF_RE = re.compile(r"\s+of\b")
_PRONOUN_ONE_AFTER_RE = re.compile(
    r"\s*(?:another\b|['’]s\b|(?:can|cannot|can't|could|must|should|would|might|may|will|shall)\b)"
)
_AGE_COMMA_AFTER_RE = re.compile(r"\s*(?:[,;.)]|$)")
_CLOCK_AFTER_RE = re.compile(r"\s*(?:$|\(\d{4}\b|[,.;:!?)]|(?:and|to|when|while|the)\b)")
_ENUMERATION_AFTER_RE = re.compile(r"[.)]\s")
_NO_NOUN_AFTER_RE = re.compile(
    r"\s*(?:$|[^\w\s]|(?:who|whom|whose|that|which|is|was|are|were|has|had|have|will|would|can"
    r"|could|in|on|at|to|for|with|from|by|and|or|but|i|we|you|he|she|they|it)\b)"
)
_WORD_BEFORE_RE = re.compile(r"\S+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_OPENING_PUNCT = "([{\"'“‘«"
_LEFT_WINDOW = 48
_LONGEST_GAP = 32  # between two numbers of one expression: ", and no more than "


_OTHER_TOKENS = {
    "a": "a", "an": "a", "and": "and", "&": "and", "half": "half", "point": "point", "o": "oh",
    "oh": "oh", "-": "hyphen", "–": "hyphen",
}  # fmt: skip


class _Token(NamedTuple):
    # num, decimal, suffixed, zero, unit, teen, tens, hundred, scale, dozen, a, half, and,
    # point, oh, hyphen or other
    kind: str
    value: Fraction
    plural: bool
    start: int
    end: int
    text: str


class _Read(NamedTuple):
    value: Fraction
    end: int  # index of the first token after the number
    tail: int  # multiplier of a trailing scale word ("three million" -> 10**6), else 1


def _word_kind(word: str) -> tuple[str, int, bool]:
    """Token kind, value and plural flag of one lower-case word or symbol."""
    if word in _UNITS:
        return ("zero" if _UNITS[word] == 0 else "unit"), _UNITS[word], False
    if word in _TEENS:
        return "teen", _TEENS[word], False
    if word in _TENS:
        return "tens", _TENS[word], False
    if word in ("hundred", "hundreds"):
        return "hundred", 100, word == "hundreds"
    if word in ("dozen", "dozens"):
        return "dozen", 12, word == "dozens"
    if word in _SCALES:
        return "scale", _SCALES[word], False
    if word[-1:] == "s" and word[:-1] in _SCALES:
        return "scale", _SCALES[word[:-1]], True
    return _OTHER_TOKENS.get(word, "other"), 0, False


def _tokenize(low: str, start: int = 0, end: int | None = None) -> list[_Token]:
    """Tokens of the lower-case text low[start:end] for the number reader."""
    tokens = []
    for m in _TOKEN_RE.finditer(low, start, len(low) if end is None else end):
        if m["num"] is not None:
            raw, suffix = m["num"], m["suf"]
            digits = _GROUP_SEPARATORS_RE.sub("", raw)
            if len(digits) > _MAX_DIGITS:
                tokens.append(_Token("other", Fraction(0), False, m.start(), m.end(), m[0]))
                continue
            value = Fraction(digits)
            if suffix:
                kind, value = "suffixed", value * _SUFFIXES[suffix]
            else:
                kind = "decimal" if "." in raw else "num"
            tokens.append(_Token(kind, value, False, m.start(), m.end(), m[0]))
        else:
            kind, value, plural = _word_kind(m[0])
            tokens.append(_Token(kind, Fraction(value), plural, m.start(), m.end(), m[0]))
    return tokens


def _is_big(token: _Token | None) -> bool:
    """True for a singular hundred/scale/dozen word, which "a" and "half a" can multiply."""
    return token is not None and token.kind in ("hundred", "scale", "dozen") and not token.plural


def _read_fraction(tokens: list[_Token], k: int) -> tuple[Fraction, int] | None:
    """Digits after "point": "77", "o five", "ninety-nine", "two hundred thirty-six" (.236)."""
    digits = ""
    while k < len(tokens) and len(digits) <= _MAX_DIGITS:
        tok = tokens[k]
        if tok.kind in ("oh", "zero"):
            digits += "0"
            k += 1
        elif tok.kind == "num" and not digits and tok.text.isdigit():
            digits, k = tok.text, k + 1
            break
        elif tok.kind in ("unit", "teen", "tens"):
            part = _read_number(tokens, k, fraction=True)
            if part is None:
                break
            digits += str(int(part.value))
            k = part.end
        else:
            break
    if not digits:
        return None
    return Fraction(int(digits), 10 ** len(digits)), k


_HALF_FOLLOWS = frozenset({"unit", "teen", "tens", "hundred", "num"})  # "... and a half"
# Which token kinds may follow each kind inside one number. "decimal" ("1.5") and "halfadd"
# ("two and a half") only take a scale after them: "1.5 million".
_FOLLOWS: dict[str | None, frozenset[str]] = {
    kind: frozenset(follows.split())
    for kind, follows in {
        None: "a half num decimal suffixed zero unit teen tens hundred scale point",
        "a": "hundred scale dozen",
        "zero": "point",
        "unit": "hundred scale dozen point and",
        "teen": "hundred scale dozen point and",
        "tens": "unit hundred scale dozen point and",
        "hundred": "unit teen tens scale dozen and",
        "scale": "unit teen tens hundred scale and",
        "num": "hundred scale dozen point and",
        "and": "unit teen tens",
        "decimal": "scale dozen",
        "halfadd": "scale dozen",
        "suffixed": "",
        "dozen": "",
    }.items()
}


def _read_number(
    tokens: list[_Token], i: int, *, in_text: bool = False, fraction: bool = False
) -> _Read | None:
    """Longest number starting at tokens[i], or None.

    Scale words either fall ("two million three thousand") or multiply all that came before
    ("two thousand million" = 2e9); "and" only follows hundred or a scale; a repeated or
    out-of-order word ends the number, so "two hundred hundred" reads as 200 then 100.
    `in_text` forbids a leading "point" ("at this point 300"); `fraction` reads the digits after
    "point", without scales or a nested decimal.
    """
    total = Fraction(0)  # finished scale groups
    group = Fraction(0)  # the part below the next scale word
    last: str | None = None  # kind of the previous part
    big: int | None = None  # the last scale applied
    has_hundred = False
    tail = 1
    best: _Read | None = None
    n = len(tokens)
    j = i
    while j < n:
        tok = tokens[j]
        nxt = tokens[j + 1] if j + 1 < n else None
        kind = tok.kind
        if kind == "hyphen" and last in ("unit", "teen", "tens", "hundred", "scale", "num"):
            j += 1  # "twenty-one", "one-hundred"
            continue
        if kind == "and" and nxt is not None and nxt.kind == "a":
            kind = "halfadd"  # "two and a half"
            if fraction or big is not None or last not in _HALF_FOLLOWS:
                break
            if j + 2 >= n or tokens[j + 2].kind != "half":
                break
        elif kind not in _FOLLOWS[last]:
            break
        if kind == "a":
            if not _is_big(nxt):
                break
            group = Fraction(1)
        elif kind == "half":  # "half a million", "half a dozen"
            if nxt is None or nxt.kind != "a" or j + 2 >= n or not _is_big(tokens[j + 2]):
                break
            group, kind = Fraction(1, 2), "a"
            j += 1
        elif kind in ("num", "decimal", "suffixed", "zero"):
            group = tok.value
        elif kind in ("unit", "teen", "tens"):
            group += tok.value
        elif kind == "hundred":
            if last is None or last == "scale":
                if group != 0 or tok.plural:
                    break
                group = Fraction(100)  # "hundred fifteen", "two thousand hundred"
            elif has_hundred or group.denominator != 1 or not 0 < group < 100:
                break
            else:
                group *= 100  # "two hundred", "forty five hundred", "nineteen hundred"
            has_hundred = True
        elif kind == "scale":
            if fraction:
                break
            if last is None:
                if tok.plural:
                    break  # bare "thousands" is a vague word
                group = Fraction(1)  # "thousand nine hundred", "billion twenty three million"
            current = total + group
            if big is None:
                total = current * tok.value
            elif group > 0 and tok.value < big:
                total += group * tok.value
            elif tok.value > big and current < tok.value:
                total = current * tok.value  # "two thousand million"
            else:
                break
            group, big, has_hundred = Fraction(0), int(tok.value), False
        elif kind == "dozen":
            if fraction:
                break
            total, group = (total + group) * 12, Fraction(0)
        elif kind == "and":
            if last not in ("hundred", "scale") or nxt is None or nxt.kind not in _FOLLOWS["and"]:
                break
        elif kind == "halfadd":
            group += Fraction(1, 2)
            j += 2
        elif kind == "point":
            if fraction or big is not None or (last is None and in_text):
                break
            read = _read_fraction(tokens, j + 1)
            if read is None:
                break
            group += read[0]
            last, j, tail = "decimal", read[1], 1
            best = _Read(total + group, j, tail)
            continue
        else:
            break
        if kind in ("hundred", "scale", "dozen"):
            tail = int(tok.value)
        elif kind not in ("a", "and"):
            tail = 1
        last = kind
        if kind not in ("a", "and"):
            best = _Read(total + group, j + 1, tail)
        j += 1
    return best


def _read_elided_hundred(tokens: list[_Token]) -> Fraction | None:
    """Spoken numbers that drop "hundred": "one twenty two" = 122, "nineteen eighty-four" = 1984.

    Only for a whole expression: in running text "three twenty seven" is two numbers.
    """
    words = [t for t in tokens if t.kind != "hyphen"]
    if len(words) not in (2, 3) or words[0].kind not in ("unit", "teen") or words[1].kind != "tens":
        return None
    rest = _read_number(words, 1)
    if rest is None or rest.end != len(words):
        return None
    return words[0].value * 100 + rest.value


def parse_number(text: str) -> float | None:
    """Value of a number expression: digits with separators/decimals ("2,700", "1.5"), words
    ("two", "twenty-one", "a dozen", "three hundred and six", "FIFTEEN"), scales ("1.5 million",
    "10M", "3bn"). None if not a number. Vague words ("tens of thousands", "several") give None:
    find_quantities reads them. Signs, fractions and ordinals give None too.
    """
    s = " ".join(text.split()).lower()
    if not s:
        return None
    paren = _PAREN_EXPR_RE.fullmatch(s)
    if paren:  # "forty-five (45)": a number restated in parentheses
        outer, inner = parse_number(paren[1]), parse_number(paren[2])
        return outer if outer is not None and outer == inner else None
    if s.endswith(" of") and (s[:-3] in _ALIASES or s[:-3].endswith(("dozen", "dozens"))):
        s = s[:-3]  # "a couple of", "a dozen of"
    if s in _ALIASES:
        return float(_ALIASES[s])
    tokens = _tokenize(s)
    if tokens[0].kind == "hyphen" or any(t.kind == "other" for t in tokens):
        return None
    # Leading zeros carry no value ("zero eight" = 8, like "0033" = 33) unless a decimal follows.
    while len(tokens) > 1 and tokens[0].kind == "zero" and tokens[1].kind not in ("point", "oh"):
        tokens = tokens[1:]
    read = _read_number(tokens, 0)
    if read is not None and read.end == len(tokens):
        return float(read.value)
    elided = _read_elided_hundred(tokens)
    return None if elided is None else float(elided)


class _Spans:
    """Character spans, merged and sorted, with a fast overlap test."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self._starts, end)  # spans starting before `end`
        return k > 0 and self._ends[k - 1] > start


@dataclass(frozen=True, slots=True)
class _Cand:
    """A number read from the text, before its context is judged."""

    start: int
    end: int
    value: Fraction
    tail: int  # see _Read.tail
    last_kind: str  # kind of its last token
    raw: str  # its surface text
    plain: bool  # bare digits without separators, decimals or suffix ("1989", "24")
    lone_one: bool  # the word "one" on its own
    fractional: bool  # a decimal with no scale word after it ("2.5", "six point two")


class _Left(NamedTuple):
    """What stands right before a number."""

    words: list[tuple[str, int]]  # up to 4 preceding words, lower case, with their start
    glued: str  # the character touching the number ("$", "-", "'"), "" after whitespace
    before_glued: str  # the character before `glued`


def _year_shaped(c: _Cand) -> bool:
    return c.plain and len(c.raw) == 4 and _YEAR_MIN <= c.value <= _YEAR_MAX


class _Scanner:
    """One text, lower-cased once, and the context tests run on it."""

    __slots__ = ("low", "src")

    def __init__(self, src: str) -> None:
        self.src = src
        low = src.lower()
        # A few characters (e.g. "İ") lower to two; keep offsets by lowering ASCII only then.
        self.low = low if len(low) == len(src) else src.translate(_ASCII_LOWER)

    def candidates(self, blocked: _Spans) -> list[_Cand]:
        """Every number in the text not inside a blocked span, split where the words say so."""
        low = self.low
        found = []
        for run in _RUN_RE.finditer(low):
            tokens = _tokenize(low, run.start(), run.end())
            i = 0
            while i < len(tokens):
                read = _read_number(tokens, i, in_text=True)
                if read is None:
                    i += 1
                    continue
                part = tokens[i : read.end]
                first, last = part[0], part[-1]
                raw = self.src[first.start : last.end]
                single = read.end - i == 1
                cand = _Cand(
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
                if not blocked.overlaps(cand.start, cand.end) and not self._in_date(cand):
                    found.append(cand)
        return found

    def _in_date(self, c: _Cand) -> bool:
        """True if a digit number is part of a date, time, phone number or fraction."""
        if not c.raw[:1].isdigit() and c.raw[:1] != ".":
            return False
        lo, hi = max(0, c.start - _BLOCK_WINDOW), min(len(self.low), c.end + _BLOCK_WINDOW)
        return any(
            m.start() < c.end and c.start < m.end() for m in _BLOCK_RE.finditer(self.low, lo, hi)
        )

    def left(self, start: int) -> _Left:
        """The words and the character right before position start."""
        lo = max(0, start - _LEFT_WINDOW)
        low = self.low
        words = [(m[0], m.start()) for m in _WORD_BEFORE_RE.finditer(low, lo, start)]
        if words and lo > 0 and words[0][1] == lo and not low[lo - 1].isspace():
            words = words[1:]  # cut by the window
        glued = low[start - 1] if start > 0 and not low[start - 1].isspace() else ""
        before_glued = low[start - 2] if glued and start > 1 else ""
        return _Left(words[-_LONGEST_QUALIFIER:], glued, before_glued)

    @staticmethod
    def prev_word(left: _Left, k: int = 1) -> str:
        """The k-th word before the number, without opening punctuation or a final period ("no"
        for "NO."); a word followed by other punctuation ("SECTOR,") keeps it, so it matches
        no word list: a comma separates it from the number."""
        if len(left.words) < k:
            return ""
        return left.words[-k][0].lstrip(_OPENING_PUNCT).removesuffix(".")

    def qualifier_before(self, start: int, left: _Left | None = None) -> tuple[str | None, int]:
        """Qualifier phrase right before position start, and where it begins."""
        left = left or self.left(start)
        if left.glued == "~":
            return "approximately", start - 1
        if left.glued:
            return None, start
        words = left.words
        for k in range(len(words), 0, -1):
            inner = [w for w, _ in words[-k + 1 :]] if k > 1 else []
            if any(not w.rstrip(".").isalpha() for w in inner):
                continue
            first, first_start = words[-k]
            head = first.lstrip(_OPENING_PUNCT)
            qualifier = _QUALIFIER_PHRASES.get(" ".join([head, *inner]))
            if qualifier is not None:
                return qualifier, first_start + len(first) - len(head)
        return None, start

    def next_word(self, end: int) -> str:
        """The word (or %, °, ±, 's) right after position end, lower case, "" if none."""
        m = _NEXT_WORD_RE.match(self.low, end, end + 40)
        return m[1] if m else ""

    def is_year(self, c: _Cand, left: _Left | None = None) -> bool:
        """A bare 4-digit 1800-2100 number without a count qualifier before it."""
        if not _year_shaped(c):
            return False
        qualifier, _ = self.qualifier_before(c.start, left)
        return qualifier in (None, "exact")

    def _designation_before(self, c: _Cand, left: _Left) -> bool:
        """True if an all-capitals abbreviation stands right before the number, and no noun
        after it, in mixed-case text ("CTF 50 is", "(DDG 70)"); in ALL-CAPS text capitals tell
        nothing."""
        if not left.words or not _NO_NOUN_AFTER_RE.match(self.low, c.end):
            return False
        start = c.start
        word, word_start = left.words[-1]
        raw = self.src[word_start : word_start + len(word)].lstrip(_OPENING_PUNCT)
        if not (raw.isalpha() and raw.isupper() and len(raw) <= 5) or raw in ("A", "I"):
            return False
        context = self.src[max(0, start - _LEFT_WINDOW) : start]
        return any(ch.islower() for ch in context)

    def is_clock(self, c: _Cand, prev: str) -> bool:
        """A 4-digit HHMM number that reads as a clock time ("AT 1835 (0035 GMT)")."""
        if not (c.plain and len(c.raw) == 4 and c.raw[:2] < "24" and c.raw[2:] < "60"):
            return False
        if self.next_word(c.end) in _CLOCK_AFTER_WORDS:
            return True
        return prev in _CLOCK_BEFORE_WORDS and bool(_CLOCK_AFTER_RE.match(self.low, c.end))

    def rejected_by_left(self, c: _Cand, left: _Left) -> bool:
        """Money, sign, code, identifier, age, year or clock context before the number."""
        glued, before_glued = left.glued, left.before_glued
        prev = self.prev_word(left)
        last_word = left.words[-1][0] if left.words else ""
        if glued:
            if glued in _CURRENCY_SIGNS:
                return True  # "$5"
            if glued in "#№" or (glued in "-+−" and before_glued.isalpha()):
                return True  # "#3", "AK-47", "COVID-19": codes
            if glued in "-+−" and not (before_glued.isdigit() or before_glued == ")"):
                return True  # "-504": counts have no sign ("20-30" is a range)
            if glued in "'’" and c.plain and len(c.raw) == 2:
                return True  # "in '89"
            if glued == "[" and self.low.startswith("]", c.end):
                return True  # "[2]": a reference mark
        elif last_word[-1:] in _CURRENCY_SIGNS or prev in _CURRENCY_CODES:
            return True  # "US$ 5", "USD 5"
        if c.plain and c.raw.startswith("0") and len(c.raw) > 1:
            return True  # "0700" (a clock time), "007"
        if c.plain and _ENUMERATION_AFTER_RE.match(self.low, c.end):
            line_start = self.low.rfind("\n", 0, c.start) + 1
            if not self.low[line_start : c.start].strip():
                return True  # "1. THE ARMED FORCES HAS ...": a list item number
        if prev in _IDENTIFIER_WORDS and (prev != "no" or c.plain or last_word.endswith(".")):
            return True  # "No. 1", "CHANNEL 7"; "no one" is a zero, read elsewhere
        if c.plain and not glued and self._designation_before(c, left):
            return True  # "CTF 50 is led", "USS Hopper (DDG 70)" in mixed-case text
        if prev in _AGE_WORDS or (
            prev in ("of", "between", "from") and self.prev_word(left, 2) in _AGE_WORDS
        ):
            return True  # "aged 24", "ages between 18 and 30"
        if c.lone_one and (
            prev in _PRONOUN_ONE_BEFORE
            or (prev in _DETERMINER_ONE_BEFORE and _NO_NOUN_AFTER_RE.match(self.low, c.end))
        ):
            return True  # "another one", "the one who"
        if (
            c.plain
            and c.value <= _MAX_AGE
            and not glued
            and last_word[-1:] == ","
            and last_word[-2:-1].isalpha()
            and _AGE_COMMA_AFTER_RE.match(self.low, c.end)
        ):
            return True  # "GONZALO PINZON LAGOS, 24, WAS CAPTURED"
        return self.is_year(c, left) or self.is_clock(c, prev)

    def rejected_by_right(self, c: _Cand, end: int) -> bool:
        """Unit, currency, rate, ordinal or fraction word after the number (read from `end`)."""
        word = self.next_word(end)
        if word in _NOT_COUNT_FOLLOWERS or _ERA_AFTER_RE.match(self.low, end):
            return True
        if word[:1] in ("'", "’"):
            return c.plain  # "the 1990's"
        if word in _FRACTION_WORDS and (
            word.endswith("s") or c.value == 1 or self.low[c.end : c.end + 1] == "-"
        ):
            return True  # "two thirds", "one sixth", "one-half"
        if word in _UNIT_ORDINALS and c.last_kind in ("tens", "hundred", "scale"):
            return True  # "twenty first", "one hundred and forty second"
        return c.lone_one and bool(_PRONOUN_ONE_AFTER_RE.match(self.low, c.end))

    def single(self, c: _Cand) -> Quantity | None:
        """The quantity for a number standing alone, or None if its context says it is no count."""
        left = self.left(c.start)
        if c.fractional or self.rejected_by_left(c, left):
            return None  # counts are whole numbers: "2.5" alone is a measure or a rate
        qualifier, start = self.qualifier_before(c.start, left)
        end = c.end
        post = _POST_QUALIFIER_RE.match(self.low, c.end)
        if post and qualifier in (None, "exact"):
            qualifier, end = post.lastgroup, post.end()
        if self.rejected_by_right(c, end):
            return None
        qualifier = qualifier or "exact"
        value = float(c.value)
        low, high = _bounds(qualifier, value)
        return Quantity(self.src[start:end], start, end, value, low, high, qualifier, c.raw)

    def pair(self, a: _Cand, b: _Cand, a_single: Quantity | None) -> Quantity | bool | None:
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
                joined = _Cand(
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
        b_qualifier, b_qstart = self.qualifier_before(b.start)
        if (
            a_single is not None
            and a_single.qualifier in ("more_than", "at_least")
            and b_qualifier in ("at_most", "less_than")
            and _COMPOUND_GAP_RE.fullmatch(low, a.end, b_qstart)
            and a.value < b.value
        ):  # "more than 20 and at most 35"
            return self._range(a, b, a.value, a_single.start_char)
        connector = _RANGE_GAP_RE.fullmatch(gap)
        if connector is None:
            return None
        left = self.left(a.start)
        intro = self.prev_word(left)
        if connector["word"] == "and" and intro != "between":
            # "45 and 50 mg": the unit after the pair measures both numbers
            return False if self.next_word(b.end) in _NOT_COUNT_FOLLOWERS else None
        if self.is_year(a, left) or self.is_year(b):
            if a.plain and b.plain and len(b.raw) in (2, 4):
                return False  # "1989-1990", "between 1980 and 1989", "2013-14"
            return None
        low_end = _range_low(a, b)
        if not low_end < b.value:
            return False if connector["dash"] and a.plain and b.plain else None
        if self.rejected_by_left(a, left):
            return False
        if intro in ("between", "from"):
            start = left.words[-1][1]
        else:
            start = a_single.start_char if a_single else a.start
        return self._range(a, b, low_end, start)

    def _range(self, a: _Cand, b: _Cand, low: Fraction, start: int) -> Quantity | bool:
        """A `range` quantity from a to b, or False if b measures something ("8- to 16-meter")."""
        if self.rejected_by_right(b, b.end) or low.denominator != 1 or b.fractional:
            return False
        src = self.src
        number = src[a.start : b.end]
        low_value, high_value = float(low), float(b.value)
        text = src[start : b.end]
        return Quantity(text, start, b.end, low_value, low_value, high_value, "range", number)

    def vague(self) -> list[Quantity]:
        """Vague quantity words ("several", "dozens", "tens of thousands") as `vague` quantities."""
        found = []
        for m in _VAGUE_RE.finditer(self.low):
            if m["head"]:
                value = _VAGUE_HEADS[m["head"]] * _VAGUE_OUTER[m["outer"]]
            elif m["few"]:
                value = 3
                for scale in m["scales"].split():
                    value *= _FEW_SCALES[scale]
            else:
                value = _VAGUE_PLURALS[m["plural"] or m["scores"]]
            after_of = _OF_RE.match(self.low, m.end())
            if self.next_word(after_of.end() if after_of else m.end()) in _NOT_COUNT_FOLLOWERS:
                continue  # "hundreds of kilometers", "several days", "millions of dollars"
            text = self.src[m.start() : m.end()]
            least = float(value)
            found.append(Quantity(text, m.start(), m.end(), least, least, None, "vague", text))
        return found

    def zeros(self) -> list[Quantity]:
        """Explicit zeros: "no one", "nobody", "none of", "no casualties", "without causing any"."""
        found = []
        for m in _ZERO_RE.finditer(self.low):
            text = self.src[m.start() : m.end()]
            group = "any" if m["any"] else "not" if m["not"] else "nt" if m["nt"] else 0
            number = self.src[m.start(group) : m.end(group)]
            found.append(Quantity(text, m.start(), m.end(), 0.0, 0.0, 0.0, "exact", number))
        return found


def _bounds(qualifier: str, value: float) -> tuple[float | None, float | None]:
    """(low, high) of a single number with this qualifier (guidelines section 3)."""
    if qualifier == "exact":
        return value, value
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier in ("at_most", "less_than"):
        return None, value
    return None, None


def _range_low(a: _Cand, b: _Cand) -> Fraction:
    """Low end of "a to b", giving a the scale word of b: "two to three million" = 2e6."""
    if b.tail > 1 and a.tail == 1 and a.value < b.value / b.tail:
        return a.value * b.tail
    return a.value


def find_quantities(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Every count in text, in order, non-overlapping. Spans overlapping an `exclude` span (e.g.
    DATE/TIME/MONEY/PERCENT entities found by an NER) are skipped.
    """
    scan = _Scanner(text)
    excluded = _Spans(exclude)
    words = scan.zeros() + scan.vague()
    cands = scan.candidates(excluded)
    # "two hundreds" is a number; "several hundred" and "no one" are word quantities.
    inside_number = _Spans([(c.start + 1, c.end) for c in cands])
    words = [q for q in words if not inside_number.overlaps(q.start_char, q.start_char + 1)]
    taken = _Spans([(q.start_char, q.end_char) for q in words])
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
        if not excluded.overlaps(q.start_char, q.end_char):
            result.append(q)
    return result
