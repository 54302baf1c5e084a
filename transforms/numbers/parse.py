"""Read the value of one number expression: digits, words, scales ("1.5 million", "FIFTEEN").

`parse_number` reads a whole expression; `tokenize` and `read_number` are the reader the
in-text scanner runs over each run of number tokens (`number_runs`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple

from transforms.vocabulary.number_words import (
    AMBIGUOUS_DIGIT_SUFFIXES,
    DIGIT_SUFFIXES,
    MONEY_ONLY_DIGIT_SUFFIXES,
    MORE_DIGIT_SUFFIXES,
    ONES,
    SCALES,
    SPACED_SCALE_SUFFIXES,
    TEENS,
    TENS,
)

# Whole-expression readings accepted by parse_number only: in running text "a single shot",
# "a couple" (two partners) and "nil" (a score) are too often not counts (guidelines section 1).
_ALIASES = {"single": 1, "a single": 1, "a pair": 2, "a couple": 2, "nil": 0}


def alternation(words: Sequence[str]) -> str:
    """Regex alternation of words, longest first so a prefix never hides a longer word."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# All patterns below are lower case and run on lower-cased text: a pattern that starts with
# literal words is scanned much faster by `re` than the same pattern compiled IGNORECASE.
_NUMBER_WORDS = [
    *ONES,
    *TEENS,
    *TENS,
    "hundred",
    "hundreds",
    "dozen",
    "dozens",
    *SCALES,
    *(w + "s" for w in SCALES),
]
# Digits: "2,700", "1.5", ".77", "10 000" and "2 350 000" (SI groups: space, no-break, thin or
# narrow no-break space), then an optional multiplier suffix. A space group is only read as one
# number when every group after the first has exactly three digits ("aged 12 13 people" is two),
# the first does not start with 0 ("040 890 854" is a phone number), and no hyphenated word is
# glued to the last group ("2 100-cartridge belts" is 2 belts of 100 cartridges).
_GROUP_SPACE = r"[\x20\u00a0\u202f\u2009]"
_NUM_CORE = (
    rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)"
    rf"|[1-9]\d{{0,2}}(?:{_GROUP_SPACE}\d{{3}})+(?![\d,]|-[^\W\d_]|{_GROUP_SPACE}\d)"
    r"|\d+)(?:\.\d+)?|\.\d+)"
)
_GLUED_SUFFIXES = {**DIGIT_SUFFIXES, **MORE_DIGIT_SUFFIXES}
_SPACED_SUFFIX = rf"\s+(?:{alternation(list(SPACED_SCALE_SUFFIXES))})"
_SUFFIX = rf"(?:{alternation(list(_GLUED_SUFFIXES))}|{_SPACED_SUFFIX})"
_ATOM = rf"(?:{_NUM_CORE}{_SUFFIX}?(?!\w|\.\d)|\b(?:{alternation(_NUMBER_WORDS)})\b)"
_BIG = r"(?:hundred|thousand|lakh|lac|million|crore|billion|trillion|dozen)\b"
_RUN_BODY = (
    rf"(?:\b(?:(?:half\s+)?an?|(?:an?\s+)?half)\s+(?={_BIG}))?{_ATOM}"
    rf"(?:(?:\s*-\s*|\s+(?:and\s+|&\s+)?|\s+point\s+(?:(?:o|oh)\s+)*){_ATOM}|\s+and\s+a\s+half\b)*"
)
# A run of number tokens; read_number splits it into numbers ("one two three" is three).
RUN_RE = re.compile(rf"(?<![\w.]){_RUN_BODY}")
_RUN_AT_RE = re.compile(_RUN_BODY)
# Three letters glued to digits: maybe a currency code ("SGD1.75-billion", "USD5m"); `not_counts`
# rejects the other codes ("DAX30"). A second pass, as a lookbehind in RUN_RE slows it by 70%.
_GLUED_CODE_RE = re.compile(r"\b[a-z]{3}(?=\d)")


def number_runs(low: str) -> list[tuple[int, int]]:
    """Start and end of every run of number tokens in the lower-case text, in order."""
    runs = [(m.start(), m.end()) for m in RUN_RE.finditer(low)]
    glued = [_RUN_AT_RE.match(low, m.end()) for m in _GLUED_CODE_RE.finditer(low)]
    if any(glued):
        runs = sorted(runs + [(m.start(), m.end()) for m in glued if m is not None])
    return runs


_TOKEN_RE = re.compile(rf"(?P<num>{_NUM_CORE})(?P<suf>{_SUFFIX})?(?!\w)|(?P<word>[^\W\d_]+)|\S")
# A count has at most a few dozen digits. A longer run (a serial number, a hash, noise) is not read
# as a number: Python refuses to convert over 4,300 digits, and with 100 digits at most a value
# stays within a float even times the largest scale word ("sextillion") and "dozen".
_MAX_DIGITS = 100
_GROUP_SEPARATORS_RE = re.compile(r"[,\x20\u00a0\u202f\u2009]")
# Where "m"/"tn" after digits is a scale rather than metres/tonnes ("$5m", "5m people", "25m"
# as the whole text): after a currency sign, before a plural noun, or with nothing after it.
_CURRENCY_BEFORE_RE = re.compile(r"(?:[$£€¥₹]\s?|(?<![\w.])[a-z]{3})$")  # "$5m", "EUR300m"
# A qualifier after the number may stand between it and the noun ("1M or fewer soldiers").
_PLURAL_AFTER_RE = re.compile(
    r"-strong\b"  # "a 2.7m-strong population"
    r"|(?:\+|-plus|\s+or\s+(?:more|fewer|less|so|greater|higher|lower))?"
    r"\s+(?!(?:is|was|has|as|its|this|thus|plus|across|always|perhaps|whereas|yes|less)\b)"
    r"(?:people|children|men|women|[^\W\d_]+s)\b"
)
_CURRENCY_WINDOW = 4
_PAREN_EXPR_RE = re.compile(r"(.+?)\s*\(\s*([^()]+?)\s*\)")


_OTHER_TOKENS = {
    "a": "a", "an": "a", "and": "and", "&": "and", "half": "half", "point": "point", "o": "oh",
    "oh": "oh", "-": "hyphen", "–": "hyphen",
}  # fmt: skip


class NumberToken(NamedTuple):
    # num, decimal, suffixed, zero, unit, teen, tens, hundred, scale, dozen, a, half, and,
    # point, oh, hyphen or other
    kind: str
    value: Fraction
    plural: bool
    start: int
    end: int
    text: str


class NumberRead(NamedTuple):
    value: Fraction
    end: int  # index of the first token after the number
    tail: int  # multiplier of a trailing scale word ("three million" -> 10**6), else 1


def _word_kind(word: str) -> tuple[str, int, bool]:
    """Token kind, value and plural flag of one lower-case word or symbol."""
    if word in ONES:
        return ("zero" if ONES[word] == 0 else "unit"), ONES[word], False
    if word in TEENS:
        return "teen", TEENS[word], False
    if word in TENS:
        return "tens", TENS[word], False
    if word in ("hundred", "hundreds"):
        return "hundred", 100, word == "hundreds"
    if word in ("dozen", "dozens"):
        return "dozen", 12, word == "dozens"
    if word in SCALES:
        return "scale", SCALES[word], False
    if word[-1:] == "s" and word[:-1] in SCALES:
        return "scale", SCALES[word[:-1]], True
    return _OTHER_TOKENS.get(word, "other"), 0, False


def _suffix_scale(low: str, start: int, end: int, suffix: str | None) -> int | None:
    """Multiplier of the suffix after the digits at low[start:end], or None if it is no scale.

    "m", "tn" and "mm" are also metres, tonnes and millimetres: they are a scale after a
    currency sign ("$5m", "£2.1tn", "$40MM"); "m" and "tn" also before a plural noun ("5m
    people") or with nothing after them ("25m" as the whole text), and are a unit otherwise
    ("a 5m wall", "60 MM MORTARS").
    """
    if not suffix:
        return None
    word = suffix.lstrip()
    if word not in AMBIGUOUS_DIGIT_SUFFIXES:
        return _GLUED_SUFFIXES.get(word) or SPACED_SCALE_SUFFIXES[word]
    if _CURRENCY_BEFORE_RE.search(low, max(0, start - _CURRENCY_WINDOW), start):
        return _GLUED_SUFFIXES[word]
    if word in MONEY_ONLY_DIGIT_SUFFIXES:
        return None
    if not low[end:].strip() or _PLURAL_AFTER_RE.match(low, end):
        return _GLUED_SUFFIXES[word]
    return None


def tokenize(low: str, start: int = 0, end: int | None = None) -> list[NumberToken]:
    """Tokens of the lower-case text low[start:end] for the number reader."""
    tokens = []
    stop = len(low) if end is None else end
    # Matched in the whole text, so what follows low[end] is seen as it was by RUN_RE ("2
    # 100-cartridge": the hyphen after the run ends a digit group).
    for m in _TOKEN_RE.finditer(low, start):
        if m.start() >= stop:
            break
        if m["num"] is not None:
            raw, suffix = m["num"], m["suf"]
            digits = _GROUP_SEPARATORS_RE.sub("", raw)
            if len(digits) > _MAX_DIGITS:
                tokens.append(NumberToken("other", Fraction(0), False, m.start(), m.end(), m[0]))
                continue
            value = Fraction(digits)
            scale = _suffix_scale(low, m.start(), m.end(), suffix)
            if scale:
                tokens.append(
                    NumberToken("suffixed", value * scale, False, m.start(), m.end(), m[0])
                )
                continue
            kind = "decimal" if "." in raw else "num"
            num_end = m.start("suf") if suffix else m.end()
            tokens.append(NumberToken(kind, value, False, m.start(), num_end, raw))
            if suffix:  # "5m wall": a unit the number measures, not a scale
                tokens.append(NumberToken("other", Fraction(0), False, num_end, m.end(), suffix))
        else:
            kind, value, plural = _word_kind(m[0])
            tokens.append(NumberToken(kind, Fraction(value), plural, m.start(), m.end(), m[0]))
    return tokens


def _is_big(token: NumberToken | None) -> bool:
    """True for a singular hundred/scale/dozen word, which "a" and "half a" can multiply."""
    return token is not None and token.kind in ("hundred", "scale", "dozen") and not token.plural


def _read_fraction(tokens: list[NumberToken], k: int) -> tuple[Fraction, int] | None:
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
            part = read_number(tokens, k, fraction=True)
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
        None: "a half num decimal suffixed zero unit teen tens hundred scale dozen point",
        "a": "hundred scale dozen",
        "zero": "point",
        "unit": "hundred scale dozen point and",
        "teen": "hundred scale dozen point and",
        "tens": "unit hundred scale dozen point and",
        "hundred": "unit teen tens scale dozen and",
        "scale": "unit teen tens hundred scale and num",
        "num": "hundred scale dozen point and",
        "and": "unit teen tens num",
        "decimal": "scale dozen",
        "halfadd": "scale dozen",
        "suffixed": "",
        "dozen": "",
    }.items()
}


# Plain digits that continue a number of words: after "and" below a hundred ("6 hundred and
# 45"); right after a scale word only before hundred or a scale ("2 thousand 7 hundred", "3
# million 500 thousand"), so "5 million 30 people" stays two numbers.
_WORDS_AFTER_DIGITS = frozenset({"hundred", "scale"})
_DIGITS_AFTER_AND_BELOW = 100


def _continues_words(tok: NumberToken, nxt: NumberToken | None, last: str) -> bool:
    """Whether plain digits tok continue the number whose previous part is `last`."""
    if not tok.text.isdigit():
        return False
    if last == "and":
        return tok.value < _DIGITS_AFTER_AND_BELOW
    return nxt is not None and nxt.kind in _WORDS_AFTER_DIGITS and not nxt.plural


def read_number(
    tokens: list[NumberToken], i: int, *, in_text: bool = False, fraction: bool = False
) -> NumberRead | None:
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
    mark: Fraction | None = None  # group right after the last hundred or scale word
    tail = 1
    best: NumberRead | None = None
    n = len(tokens)
    j = i
    while j < n:
        tok = tokens[j]
        nxt = tokens[j + 1] if j + 1 < n else None
        kind = tok.kind
        if kind == "hyphen" and (
            last in ("unit", "teen", "tens", "hundred", "scale", "num")
            or (last == "decimal" and nxt is not None and nxt.kind == "scale")
        ):
            j += 1  # "twenty-one", "one-hundred", "1.75-billion"
            continue
        if kind == "and" and nxt is not None and nxt.kind == "a":
            kind = "halfadd"  # "two and a half", "a million and a half"
            after_scale = last == "scale" and group == 0
            if fraction or (big is not None and not after_scale):
                break
            if last not in _HALF_FOLLOWS and not after_scale:
                break
            if j + 2 >= n or tokens[j + 2].kind != "half":
                break
        elif kind not in _FOLLOWS[last]:
            break
        if kind == "a":
            after = tokens[j + 2] if j + 2 < n else None
            if nxt is not None and nxt.kind == "half" and _is_big(after):
                group = Fraction(1, 2)  # "a half dozen", "a half million"
                j += 1
            elif not _is_big(nxt):
                break
            else:
                group = Fraction(1)
        elif kind == "half":  # "half a million", "half a dozen", "half dozen"
            if _is_big(nxt):
                group, kind = Fraction(1, 2), "a"
            elif nxt is None or nxt.kind != "a" or j + 2 >= n or not _is_big(tokens[j + 2]):
                break
            else:
                group, kind = Fraction(1, 2), "a"
                j += 1
        elif kind == "num" and last in ("and", "scale"):
            if not _continues_words(tok, nxt, last):
                break
            group += tok.value  # "6 hundred and 45", "2 thousand 7 hundred"
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
            has_hundred, mark = True, group
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
            group, big, has_hundred, mark = Fraction(0), int(tok.value), False, Fraction(0)
        elif kind == "dozen":
            if fraction or (last is None and tok.plural):
                break  # bare "dozens" is a vague word
            if last is None:
                group = Fraction(12)  # "the dozen classmates"
            elif mark is not None and last in ("unit", "teen", "tens", "num"):
                group = mark + (group - mark) * 12  # "four hundred and three dozen" = 436
            else:
                total, group = (total + group) * 12, Fraction(0)
        elif kind == "and":
            if last not in ("hundred", "scale") or nxt is None or nxt.kind not in _FOLLOWS["and"]:
                break
        elif kind == "halfadd":
            if last == "scale" and big is not None:
                total += Fraction(big, 2)  # "a million and a half" = 1.5 million
            else:
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
            best = NumberRead(total + group, j, tail)
            continue
        else:
            break
        if kind in ("hundred", "scale", "dozen"):
            tail = int(tok.value)
        elif kind not in ("a", "and"):
            tail = 1
        last = kind
        if kind not in ("a", "and"):
            best = NumberRead(total + group, j + 1, tail)
        j += 1
    return best


def _read_elided_hundred(tokens: list[NumberToken]) -> Fraction | None:
    """Spoken numbers that drop "hundred": "one twenty two" = 122, "nineteen eighty-four" = 1984.

    Only for a whole expression: in running text "three twenty seven" is two numbers.
    """
    words = [t for t in tokens if t.kind != "hyphen"]
    if len(words) not in (2, 3) or words[0].kind not in ("unit", "teen") or words[1].kind != "tens":
        return None
    rest = read_number(words, 1)
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
    tokens = tokenize(s)
    if tokens[0].kind == "hyphen" or any(t.kind == "other" for t in tokens):
        return None
    # Leading zeros carry no value ("zero eight" = 8, like "0033" = 33) unless a decimal follows.
    while len(tokens) > 1 and tokens[0].kind == "zero" and tokens[1].kind not in ("point", "oh"):
        tokens = tokens[1:]
    read = read_number(tokens, 0)
    if read is not None and read.end == len(tokens):
        return float(read.value)
    elided = _read_elided_hundred(tokens)
    return None if elided is None else float(elided)
