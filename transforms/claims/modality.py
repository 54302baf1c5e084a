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
from transforms.vocabulary.reporting import DENIAL_VERBS, FORECAST_VERBS, REPORTING_VERBS

_MODALS = frozenset({"could", "may", "might", "would", "will", "shall", "'ll", "can"})
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
            modals = [c for c in children if c.dep_ == "aux" and c.lower_ in _MODALS]
            has_perfect = any(c.dep_ == "aux" and lemma(c) == "have" for c in children)
            if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in children):
                return HYPOTHETICAL
            if modals:
                return HYPOTHETICAL if has_perfect or modals[0].lower_ == "would" else PROJECTED
            if verb in FORECAST_VERBS:
                return PROJECTED
            if verb in REPORTING_VERBS:
                # The figure's own clause has been read: a reporting verb above it speaks for
                # it ("he said 300 could die" is projected by the inner modal, not the verb).
                return REPORTED
        if token.head.i == token.i:
            break
        token = token.head
    return REPORTED
