"""How a source puts a figure: reported, projected, hypothetical or denied (issue 19).

Only reported figures are tolls. The clause that holds the count decides: a modal or a verb of
forecasting over it makes the figure projected ("could die", "is expected to displace", "models
project"); a condition or a possibility about the past makes it hypothetical ("if the dam
broke, 300 would be killed", "may have been killed"); a verb of denial over it makes it denied
("police denied that 20 were killed").
"""

from __future__ import annotations

from spacy.tokens import Token

from schemas.claims import DENIED, HYPOTHETICAL, PROJECTED, REPORTED
from transforms.claims.parse import lemma
from transforms.vocabulary.casualties import TALLY_NOUNS
from transforms.vocabulary.reporting import DENIAL_VERBS, FORECAST_VERBS, REPORTING_VERBS

MODALS = frozenset({"could", "may", "might", "would", "will", "shall", "'ll", "can"})
_CONDITIONS = frozenset({"if", "unless"})


def modality_of(number: Token) -> str:
    """The modality of the count `number`, read up its clause to the sentence root."""
    token = number
    seen: set[int] = set()
    while token.i not in seen:
        seen.add(token.i)
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            verb = lemma(token)
            if verb in DENIAL_VERBS:
                return DENIED
            children = list(token.children)
            modals = [c for c in children if c.dep_ == "aux" and c.lower_ in MODALS]
            has_perfect = any(c.dep_ == "aux" and lemma(c) == "have" for c in children)
            if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in children):
                return HYPOTHETICAL
            if modals:
                return HYPOTHETICAL if has_perfect or modals[0].lower_ == "would" else PROJECTED
            if verb in FORECAST_VERBS or forecast_tally(token):
                return PROJECTED
            if verb in REPORTING_VERBS:
                # 'estimated "between 100,000 and 200,000" could die': the parse left the
                # count outside the subjectless modal clause it is the subject of.
                if token.i < number.i and subjectless_modal(token, number):
                    return PROJECTED
                # The figure's own clause has been read: a reporting verb above it speaks for
                # it ("he said 300 could die" is projected by the inner modal, not the verb).
                return REPORTED
        if token.head.i == token.i:
            break
        token = token.head
    return REPORTED


def forecast_tally(verb: Token) -> bool:
    """'the number of Americans who would die ... looks like 60,000': the verb's subject is a
    tally of people whose own clause is modal, a forecast of the tally."""
    return any(
        child.dep_ in ("nsubj", "nsubjpass")
        and lemma(child) in TALLY_NOUNS
        and any(t.dep_ == "aux" and t.lower_ in MODALS for t in child.subtree)
        for child in verb.children
    )


def subjectless_modal(verb: Token, number: Token) -> bool:
    """Whether a clause right after the count under `verb` is modal and has no subject."""
    for child in verb.children:
        if child.dep_ != "ccomp" or child.i < number.i or child.i > number.i + 4:
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            continue
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in child.children):
            return True
    return False
