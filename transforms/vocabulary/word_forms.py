"""The written forms of English verbs and nouns, for matching words before any lemmatizer ran."""

from __future__ import annotations

from collections.abc import Iterable

# Past tenses and participles the regular rules do not give, for the verbs the vocabulary lists.
IRREGULAR_VERB_FORMS: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "put": ("put",),
    "show": ("shown", "showed"),
    "slay": ("slain", "slew"),
    "shoot": ("shot",),
    "flee": ("fled",),
    "send": ("sent",),
    "hurt": ("hurt",),
    "take": ("took", "taken"),
    "leave": ("left",),
    "broadcast": ("broadcast",),
    "give": ("gave", "given"),
    "know": ("knew", "known"),
    "seek": ("sought",),
    "cost": ("cost",),
}
_VOWELS = "aeiou"


def verb_forms(lemma: str) -> frozenset[str]:
    """Every form an English verb can be written in: "report" -> report, reports, reported,
    reporting; spelling rules for final e, y and a doubled consonant, plus the irregular forms.

    Over-generation is harmless (a form no one writes matches nothing), so a doubled consonant
    is tried after any short final syllable ("admit" -> "admitted", also "reportted").
    """
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing", *IRREGULAR_VERB_FORMS.get(lemma, ())}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(lemma + "es")
    if lemma.endswith("y") and lemma[-2:-1] not in tuple(_VOWELS):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("ie"):
        forms.add(lemma[:-2] + "ying")
    if len(lemma) > 2 and lemma[-1] not in _VOWELS + "wxy" and lemma[-2] in _VOWELS:
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return frozenset(forms)


def noun_forms(lemma: str) -> frozenset[str]:
    """A noun in the singular and the plural ("casualty" -> casualties, "body" -> bodies)."""
    if lemma.endswith("y") and lemma[-2:-1] not in tuple(_VOWELS):
        return frozenset({lemma, lemma[:-1] + "ies"})
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return frozenset({lemma, lemma + "es"})
    return frozenset({lemma, lemma + "s"})


def all_forms(lemmas: Iterable[str], forms_of) -> frozenset[str]:
    """The union of `forms_of(lemma)` over `lemmas`."""
    return frozenset(form for lemma in lemmas for form in forms_of(lemma))
