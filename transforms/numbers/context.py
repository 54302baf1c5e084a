"""A text read for numbers: its lower-case form, and what stands right before and after a number.

All patterns here and in the sibling modules are lower case and run on lower-cased text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from schemas.quantities import APPROXIMATELY
from transforms.numbers.qualifiers import (
    LONGEST_QUALIFIER,
    QUALIFIER_PHRASES,
    SIGN_BEFORE_RE,
    SIGN_WINDOW,
)

_NEXT_WORD_RE = re.compile(r"(?:\s*-\s*|\s*)([^\W\d_]+|[%°±′″]|['’]s\b)")
# Em and en dashes part words ("that range—about 45%").
_WORD_BEFORE_RE = re.compile(r"[^\s—–]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
OPENING_PUNCT = "([{\"'“‘«"
LEFT_WINDOW = 48


@dataclass(frozen=True, slots=True)
class Candidate:
    """A number read from the text, before its context is judged."""

    start: int
    end: int
    value: Fraction
    tail: int  # see NumberRead.tail
    last_kind: str  # kind of its last token
    raw: str  # its surface text
    plain: bool  # bare digits without separators, decimals or suffix ("1989", "24")
    lone_one: bool  # the word "one" on its own
    fractional: bool  # a decimal with no scale word after it ("2.5", "six point two")


class PrecedingWord(NamedTuple):
    """A word before a number, lower case, with where it starts."""

    text: str
    start: int


class LeftContext(NamedTuple):
    """What stands right before a number."""

    words: list[PrecedingWord]  # up to 4 preceding words
    glued: str  # the character touching the number ("$", "-", "'"), "" after whitespace
    before_glued: str  # the character before `glued`


class NumberContext:
    """One text, lower-cased once, and the words around a position in it."""

    __slots__ = ("low", "src")

    def __init__(self, src: str) -> None:
        self.src = src
        low = src.lower()
        # A few characters (e.g. "İ") lower to two; keep offsets by lowering ASCII only then.
        self.low = low if len(low) == len(src) else src.translate(_ASCII_LOWER)

    def left(self, start: int) -> LeftContext:
        """The words and the character right before position start."""
        lo = max(0, start - LEFT_WINDOW)
        low = self.low
        words = [PrecedingWord(m[0], m.start()) for m in _WORD_BEFORE_RE.finditer(low, lo, start)]
        if words and lo > 0 and words[0].start == lo and not low[lo - 1].isspace():
            words = words[1:]  # cut by the window
        glued = low[start - 1] if start > 0 and not low[start - 1].isspace() else ""
        before_glued = low[start - 2] if glued and start > 1 else ""
        return LeftContext(words[-LONGEST_QUALIFIER:], glued, before_glued)

    @staticmethod
    def prev_word(left: LeftContext, k: int = 1) -> str:
        """The k-th word before the number, without opening punctuation or a final period ("no"
        for "NO."); a word followed by other punctuation ("SECTOR,") keeps it, so it matches
        no word list: a comma separates it from the number."""
        if len(left.words) < k:
            return ""
        return left.words[-k].text.lstrip(OPENING_PUNCT).removesuffix(".")

    def qualifier_before(
        self, start: int, left: LeftContext | None = None
    ) -> tuple[str | None, int]:
        """Qualifier phrase right before position start, and where it begins."""
        left = left or self.left(start)
        sign = SIGN_BEFORE_RE.search(self.low, max(0, start - SIGN_WINDOW), start)
        if sign:  # ">15", ">= 45", "< = 250"
            return sign.lastgroup, sign.start()
        if left.glued == "~":
            return APPROXIMATELY, start - 1
        if left.glued:
            return None, start
        words = left.words
        for k in range(len(words), 0, -1):
            inner = [word.text for word in words[-k + 1 :]] if k > 1 else []
            if any(not w.rstrip(".").isalpha() for w in inner):
                continue
            first, first_start = words[-k]
            head = first.lstrip(OPENING_PUNCT)
            qualifier = QUALIFIER_PHRASES.get(" ".join([head, *inner]))
            if qualifier is not None:
                return qualifier, first_start + len(first) - len(head)
        return None, start

    def next_word(self, end: int) -> str:
        """The word (or %, °, ±, 's) right after position end, lower case, "" if none."""
        m = _NEXT_WORD_RE.match(self.low, end, end + 40)
        return m[1] if m else ""
