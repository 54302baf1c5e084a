"""Counts written as words rather than numbers: vague quantities ("several", "dozens", "tens of
thousands") and explicit zeros ("no one", "no casualties", "without causing any").
"""

from __future__ import annotations

import re
from fractions import Fraction

from schemas.quantities import APPROXIMATELY, COUNT, EXACT, VAGUE
from transforms.numbers.context import NumberContext
from transforms.numbers.kinds import unit_after
from transforms.numbers.not_counts import not_count_followers
from transforms.numbers.parse import alternation
from transforms.numbers.qualifiers import bounds
from transforms.numbers.quantity import Quantity

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
_VAGUE_RE = re.compile(
    rf"""(?<![\w-])(?:
        (?P<head>tens|dozens|scores|hundreds|thousands)\s+of\s+(?P<outer>thousands|millions|billions)
        |(?P<few>several|a\s+few)(?P<scales>(?:\s+(?:{alternation(list(_FEW_SCALES))}))*)
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
_OF_RE = re.compile(r"\s+of\b")
# A share of a scale: "three quarters of a million" = 750,000, "a quarter million", "a third of
# a billion". ("Half a million" is read by `parse`.)
_SHARES = {"quarter": 4, "third": 3}
_SHARE_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}
_SHARE_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}
_SHARE_OF_SCALE_RE = re.compile(
    rf"""(?<![\w-])(?P<count>a|an|one|two|three)[\s-]+(?P<share>quarter|third)s?
    \s+(?:of\s+(?:a|an|one)\s+|(?=(?:{alternation(list(_SHARE_SCALES))})\b))
    (?P<scale>{alternation(list(_SHARE_SCALES))})(?![\w-])""",
    re.VERBOSE,
)


def vague_quantities(context: NumberContext) -> list[Quantity]:
    """Vague quantity words ("several", "dozens", "tens of thousands") as `vague` quantities."""
    found = []
    for m in _VAGUE_RE.finditer(context.low):
        if m["head"]:
            value = _VAGUE_HEADS[m["head"]] * _VAGUE_OUTER[m["outer"]]
        elif m["few"]:
            value = 3
            for scale in m["scales"].split():
                value *= _FEW_SCALES[scale]
        else:
            value = _VAGUE_PLURALS[m["plural"] or m["scores"]]
        after_of = _OF_RE.match(context.low, m.end())
        if context.next_word(after_of.end() if after_of else m.end()) in not_count_followers():
            continue  # "hundreds of kilometers", "several days", "millions of dollars"
        text = context.src[m.start() : m.end()]
        least = float(value)
        found.append(Quantity(text, m.start(), m.end(), least, least, None, VAGUE, text))
    return found


def share_quantities(context: NumberContext) -> list[Quantity]:
    """Shares of a scale word: "three quarters of a million", "a quarter million"."""
    found = []
    for m in _SHARE_OF_SCALE_RE.finditer(context.low):
        count = _SHARE_COUNTS[m["count"]]
        if count >= _SHARES[m["share"]]:
            continue  # "three thirds of a million": no share
        share = Fraction(count * _SHARE_SCALES[m["scale"]], _SHARES[m["share"]])
        # "a third of a million" names no whole number: about 333,333
        qualifier = EXACT if share.denominator == 1 else APPROXIMATELY
        value = float(round(share))
        low, high = bounds(qualifier, value)
        number = context.src[m.start() : m.end()]
        unit = unit_after(context, m.end())  # "three quarters of a million dollars"
        kind, unit_name, end = (unit.kind, unit.unit, unit.end) if unit else (COUNT, None, m.end())
        text = context.src[m.start() : end]
        found.append(
            Quantity(text, m.start(), end, value, low, high, qualifier, number, kind, unit_name)
        )
    return found


def zero_quantities(context: NumberContext) -> list[Quantity]:
    """Explicit zeros: "no one", "nobody", "none of", "no casualties", "without causing any"."""
    found = []
    for m in _ZERO_RE.finditer(context.low):
        text = context.src[m.start() : m.end()]
        group = "any" if m["any"] else "not" if m["not"] else "nt" if m["nt"] else 0
        number = context.src[m.start(group) : m.end(group)]
        found.append(Quantity(text, m.start(), m.end(), 0.0, 0.0, 0.0, EXACT, number))
    return found
