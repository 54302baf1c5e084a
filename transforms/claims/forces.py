"""When a count of force members is `deployed`: sent, massed, in action, or a force's size.

Guidelines, `deployed`: troops, police or armed-group members sent to or present in an
operation, force sizes, and the size of an armed party that carried out an attack; not people
merely seen nearby, nor organisation members described only as present.
"""

from __future__ import annotations

from spacy.tokens import Token

from transforms.claims.parse import clause_verb, lemma
from transforms.vocabulary.casualties import (
    ARMED_WORDS,
    BEARING_VERBS,
    COMPOSITION_VERBS,
    DEPLOYMENT_VERBS,
    FORCE_ACTION_VERBS,
    FORCE_NOUNS,
    FORCE_UNITS,
    GENERIC_FORCE_NOUNS,
)


def is_bare_show(verb: Token) -> bool:
    """'video showed the two officers asleep' is no arrival; 'six men showed up' is."""
    return lemma(verb) == "show" and not any(c.lower_ == "up" for c in verb.children)


def holders_of(anchor: Token) -> list[Token]:
    """The count and the phrases whose clause is the count's: "a group of about 30 men
    dressed in green arrived", "45 percent of the army (approximately 30,000 soldiers) is
    participating"."""
    holders = [anchor]
    token = anchor
    if token.dep_ == "appos":
        token = token.head
        holders.append(token)
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        governor = token.head.head
        if token is anchor and lemma(governor) not in FORCE_UNITS:
            return holders
        holders.append(governor)
    return holders


def is_deployment(anchor: Token) -> bool:
    """Whether a count of force members is a deployment (sent, massed, in action)."""
    lemmas: set[str] = set()
    for holder in holders_of(anchor):
        verb = clause_verb(holder)
        if verb is not None and holder.dep_ != "pobj":
            lemmas |= {lemma(v) for v in (verb, *verb.conjuncts) if not is_bare_show(v)}
        lemmas |= {lemma(c) for c in holder.children if c.dep_ in ("acl", "relcl")}
    lemmas &= DEPLOYMENT_VERBS | FORCE_ACTION_VERBS
    if is_force_size(anchor):
        return True
    # "two men carried a banner": plain "men" who only carry or wear something are a force
    # only when the sentence arms them ("men carrying rifles").
    if lemma(anchor) in GENERIC_FORCE_NOUNS and lemmas and lemmas <= BEARING_VERBS:
        return is_armed(anchor)
    return bool(lemmas)


def is_armed(anchor: Token) -> bool:
    """Whether the count's sentence says the people bore arms or uniforms."""
    return any(lemma(token) in ARMED_WORDS for token in anchor.sent)


def is_force_size(anchor: Token) -> bool:
    """A force's size stated as what it is made of: "the group was made up of 300 members",
    "the force will continue its work with 1,000 men", "the column comprised 200 soldiers"."""
    if anchor.dep_ == "pobj" and anchor.head.lower_ in ("of", "with"):
        verb = anchor.head.head
        composed = anchor.head.lower_ == "with" or is_composition(verb)
    elif anchor.dep_ == "dobj":
        verb = anchor.head
        composed = is_composition(verb)
    else:
        return False
    if not composed or verb.pos_ not in ("VERB", "AUX"):
        return False
    return any(
        child.dep_ in ("nsubj", "nsubjpass")
        and (lemma(child) in FORCE_UNITS or lemma(child) in FORCE_NOUNS - GENERIC_FORCE_NOUNS)
        for child in verb.children
    )


def is_composition(verb: Token) -> bool:
    """'made up of', 'composed of', 'consists of', 'comprises'."""
    if lemma(verb) == "make":
        return any(child.lower_ == "up" for child in verb.children)
    return lemma(verb) in COMPOSITION_VERBS
