"""Words that shape a subject key (`subject_words.csv`, issue 19): group synonyms, the heads that
only count another group, elliptical heads and the modifiers that define a group.

Rows are `word,canonical,role`, words lower-case (a spaCy lemma or, where spaCy keeps the
plural as its lemma, the plural):
- `head`: a head noun and the group word keys use for it ("troop" -> "soldier", "casualty" ->
  "person": a harm noun counts people, its modifiers say which);
- `partitive`: a head that counts the group after "of" ("members of the police" -> police);
- `elliptical`: a head that stands for a group named elsewhere ("others", "some");
- `modifier`: an adjective that defines the group ("civilian", "police"), kept in the key;
  other adjectives ("slain", "wounded", "innocent", "more") are left out.
A hand-written table of facts shipped with the package, read once on first use.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

SUBJECT_WORDS_TABLE = "subject_words.csv"
SUBJECT_WORD_ROLES = ("head", "partitive", "elliptical", "modifier")


@dataclass(frozen=True, slots=True)
class SubjectWords:
    """The table by role: head and modifier words -> the word keys use; the other two as sets."""

    heads: dict[str, str]
    partitives: frozenset[str]
    ellipticals: frozenset[str]
    modifiers: dict[str, str]


@cache
def subject_words() -> SubjectWords:
    """The subject words table, indexed by role."""
    text = resources.files("schemas.reference").joinpath(SUBJECT_WORDS_TABLE).read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    unknown = {row["role"] for row in rows} - set(SUBJECT_WORD_ROLES)
    if unknown:
        raise ValueError(f"{SUBJECT_WORDS_TABLE}: unknown roles {sorted(unknown)}")
    by_role: dict[str, dict[str, str]] = {role: {} for role in SUBJECT_WORD_ROLES}
    for row in rows:
        by_role[row["role"]][row["word"]] = row["canonical"] or row["word"]
    return SubjectWords(
        heads=by_role["head"],
        partitives=frozenset(by_role["partitive"]),
        ellipticals=frozenset(by_role["elliptical"]),
        modifiers=by_role["modifier"],
    )
