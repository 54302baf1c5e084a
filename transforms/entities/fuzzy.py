"""Spelling variants: whether two name keys are one name, and the blocks that keep the search
for variants far below all pairs."""

from __future__ import annotations

import math
from typing import NamedTuple

from rapidfuzz import fuzz

# `is_variant` threshold: `fuzz.ratio` (0-100) each word of two names must reach for the names
# to be spellings of one entity. Swept by `python -m tests.accuracy.score_entities --sweep`:
#   threshold                        70    75    80    85    88    90    92    95   100
#   MEANTIME B-cubed F1            .879  .879  .879  .879  .878  .878  .873  .873  .873
#   re3d pairwise F1 (alias pairs) .636  .636  .636  .636  .636  .636  .636  .636  .636
#   spellingukraine variants joined (799 transliteration pairs, e.g. Kharkiv / Kharkov)
#                                  .738  .678  .569  .398  .232  .163  .078  .018  0
#   different names joined (of 81,103 same-shape pairs of Ukrainian place names)
#                                    93    41    25    13     6     4     2     1     0
# MEANTIME loses from 88 up ("787s" / "787", "Aeronautic Defense" / "Defence" stop joining);
# below 85 wrong pairs start to join ("iPods" / "iPads", "DB" / "DSB") while the score stays
# flat; re3d does not move (its aliases are acronyms and translations, not respellings). 85 is
# the highest threshold on the plateau: it joins 40% of the transliteration variants and
# wrongly joins 13 of 81,103 pairs, towns named after one another (Chernihiv / Chernihivka).
FUZZY_THRESHOLD = 85.0


class NameBlock(NamedTuple):
    """A bucket of the variant search: entity type, initials of the name's words, name length."""

    entity_type: str
    initials: str
    length: int


def is_variant(a: str, b: str, threshold: float) -> bool:
    """Whether two name keys are spellings of one name: the same number of words, each word
    pair at least `threshold` by `fuzz.ratio` and starting with the same letter, and the same
    digits.

    Spelling variants keep the shape of a name ("Volodymyr Zelenskiy" / "Volodymyr Zelensky");
    added or dropped words are for the short-name and acronym rules. Comparing word by word
    keeps apart names that share most letters: "Kim Jong Un" / "Kim Yo Jong", "UK government"
    / "US government", "Chiang Mai International Airport" / "Changi International Airport"
    (word count), "Airbus A320" / "Airbus A330" (digits). "George Bush" / "George W. Bush"
    also stay apart: right for father and son, wrong when the initial is merely left out.
    """
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):
        return False
    if [c for c in a if c.isdigit()] != [c for c in b if c.isdigit()]:
        return False
    return all(
        x == y or (x[0] == y[0] and fuzz.ratio(x, y, score_cutoff=threshold) >= threshold)
        for x, y in zip(words_a, words_b, strict=True)
    )


def check_threshold(threshold: float) -> None:
    """Raise ValueError unless `threshold` is a `fuzz.ratio` score in (0, 100]."""
    if not 0 < threshold <= 100:
        raise ValueError(f"fuzzy threshold must be in (0, 100], got {threshold}")


def name_block(entity_type: str, key: str) -> NameBlock:
    """Where a name is indexed for variant search: type, initials of its words, length."""
    return NameBlock(entity_type, "".join(word[0] for word in key.split()), len(key))


def candidate_blocks(entity_type: str, key: str, threshold: float) -> list[NameBlock]:
    """Every block that can hold a variant of `key`, so blocking loses no match.

    `is_variant` needs the same initials, and `fuzz.ratio` (200 * common letters / total
    length) at least `threshold` bounds the other name's length to within a factor of
    (200 - threshold) / threshold of this one's, word by word and so in total.
    """
    _, initials, length = name_block(entity_type, key)
    low = math.ceil(length * threshold / (200 - threshold) - 1e-9)
    high = math.floor(length * (200 - threshold) / threshold + 1e-9)
    return [NameBlock(entity_type, initials, size) for size in range(low, high + 1)]
