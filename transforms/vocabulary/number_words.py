"""English number words: cardinals, scales, digit suffixes and ordinals, with their values."""

from __future__ import annotations

# "naught"/"nought" are British spellings of zero.
ONES: dict[str, int] = {
    "zero": 0, "naught": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
# "fourty" is a common misspelling, kept because news copy has it.
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Every cardinal word below a hundred that stands alone: "zero" to "nineteen".
BELOW_TWENTY: dict[str, int] = {**ONES, **TEENS}
# Lakh and crore are the scale words of South Asian English-language news.
SCALES: dict[str, int] = {
    "thousand": 10**3, "lakh": 10**5, "lac": 10**5, "million": 10**6, "crore": 10**7,
    "billion": 10**9, "trillion": 10**12, "quadrillion": 10**15, "quintillion": 10**18,
    "sextillion": 10**21,
}  # fmt: skip
# Multiplier suffixes glued to digits: "100k", "10M", "3bn", "2.5mln".
DIGIT_SUFFIXES: dict[str, int] = {
    "k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9,
}  # fmt: skip
# Ordinals of the units, "first" to "ninth"; "twenty first" is built from them.
UNIT_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
# Ordinals "tenth" to "nineteenth", and of the tens.
TEEN_ORDINALS: dict[str, int] = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
TENS_ORDINALS: dict[str, int] = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
# Fraction denominators: "two thirds", "one-half" are shares, not counts.
FRACTION_WORDS: frozenset[str] = frozenset({
    "half", "halves", "third", "thirds", "quarter", "quarters", "fourth", "fourths", "fifth",
    "fifths", "sixth", "sixths", "seventh", "sevenths", "eighth", "eighths", "ninth", "ninths",
    "tenth", "tenths", "hundredth", "hundredths", "thousandth", "thousandths",
})  # fmt: skip


def cardinal_below_hundred(words: str) -> int | None:
    """Value of an English number word below 100 ("seven", "twenty-one"), else None."""
    parts = words.lower().replace("-", " ").split()
    if len(parts) == 1:
        if parts[0] in BELOW_TWENTY:
            return BELOW_TWENTY[parts[0]]
        return TENS.get(parts[0])
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ONES:
        ones = ONES[parts[1]]
        return TENS[parts[0]] + ones if 0 < ones < 10 else None
    return None


def day_ordinals() -> dict[str, int]:
    """Ordinal words for the days of a month, "first" to "thirty-first"."""
    ordinals = {**UNIT_ORDINALS, **TEEN_ORDINALS, "twentieth": 20, "thirtieth": 30}
    for word, value in UNIT_ORDINALS.items():
        ordinals[f"twenty-{word}"] = 20 + value
    ordinals["thirty-first"] = 31
    return ordinals


# Scale abbreviations news also writes apart from the digits: "1.4 bn", "5 mil", "2.5 mln".
SPACED_SCALE_SUFFIXES: dict[str, int] = {
    "bn": 10**9, "bln": 10**9, "mln": 10**6, "mil": 10**6, "trn": 10**12,
}  # fmt: skip
# Glued-only suffixes beyond DIGIT_SUFFIXES: "5mil", "$1.2trn", "$1.2tn", "$40MM".
MORE_DIGIT_SUFFIXES: dict[str, int] = {
    "mil": 10**6, "trn": 10**12, "tn": 10**12, "mm": 10**6,
    # Scale words glued to the digits, as headlines write them ("£38million", "$2billion").
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
# Suffixes that are also units of measure ("5m" metres, "60mm" millimetres, "5tn" tonnes): a
# scale only where the context says so (see transforms.numbers.parse).
AMBIGUOUS_DIGIT_SUFFIXES: frozenset[str] = frozenset({"m", "tn", "mm"})
# "mm" is a scale only after a currency sign ("$40MM"): "60 MM MORTARS" are millimetres.
MONEY_ONLY_DIGIT_SUFFIXES: frozenset[str] = frozenset({"mm"})

# Verbs of seeing, thinking and saying after which "one" is the generic pronoun ("when one sees
# Peru", "one asks oneself", "one wonders whether"), never a count.
GENERIC_ONE_VERBS = frozenset({
    "sees", "asks", "says", "thinks", "knows", "finds", "feels", "wonders", "hopes", "needs",
    "wants", "imagines", "realizes", "realises", "notices", "learns", "reads", "hears", "looks",
    "expects", "believes", "considers", "remembers", "understands", "tries", "gets", "wishes",
})  # fmt: skip
