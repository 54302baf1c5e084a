"""Subject key and location agreement of matched claims with the gold (issue 19).

The gold `subject` is keyed by the pipeline's own `subject_key`, parsed in its evidence sentence
(an elliptical phrase, "OTHERS [REBELS]", by its bracketed antecedent); the gold `location` is
resolved to entity ids the way the pipeline resolves place names (its place mentions, else the
whole phrase read as a place). A predicted location agrees when it is one of those ids ("Kenya
and Tanzania" takes either), or when both are null.
"""

from __future__ import annotations

import re
from functools import cache

from flows.gazetteer import load_gazetteer
from schemas.reference.subject_words import subject_words
from transforms.claims import EntitySpan, TextSpan
from transforms.claims.subject_keys import subject_key
from transforms.entities import Mention, resolve_article
from transforms.extract import ArticleInput, Lineage, extract_article, nlp_text

_PLACE_LABELS = ("GPE", "LOC", "FAC")


def _parsed(nlp, text: str):
    doc = nlp(nlp_text(text))
    rows = extract_article(doc, ArticleInput("gold", text, None, None), Lineage("e", "e"), _gaz())
    countries = {row["entity_id"]: row["country_code"] for row in rows.rows["entities"]}
    entities = [
        EntitySpan(
            m["start_char"],
            m["end_char"],
            m["label"],
            m["entity_id"],
            countries.get(m["entity_id"]),
        )
        for m in rows.rows["entity_mentions"]
    ]
    return doc, entities


@cache
def _gaz():
    return load_gazetteer()


def gold_subject_key(nlp, gold: dict) -> str | None:
    """The subject key the pipeline gives the gold subject, in the gold evidence sentence."""
    subject = gold.get("subject") or ""
    written = re.sub(r"\[[^\]]*\]", " ", subject).split()
    antecedent = " ".join(re.findall(r"\[([^\]]*)\]", subject))
    # The bracketed antecedent read as words ("[people] on the ground"), or alone when the
    # written words only point to it ("OTHERS [REBELS]").
    phrase = " ".join(re.sub(r"[\[\]]", " ", subject).split())
    if antecedent and all(w.lower() in subject_words().ellipticals for w in written):
        phrase = antecedent
    if not phrase:
        return None
    context = gold.get("evidence") or phrase
    at = context.lower().find(phrase.lower())
    if at < 0:
        context, at = phrase, 0
    doc, entities = _parsed(nlp, context)
    return subject_key(doc, TextSpan(phrase, at, at + len(phrase)), antecedent or None, entities)


def gold_location_ids(nlp, location: str | None) -> set[str]:
    """Entity ids of the places a gold location names."""
    if not location:
        return set()
    phrase = re.sub(r"^(in|at|off|near)\s+|^the\s+", "", location.strip(), flags=re.I)
    at = location.find(phrase)
    whole = resolve_article(location, [Mention(phrase, "GPE", at, at + len(phrase))], _gaz())
    if whole and whole[0].entity_id.startswith("geonames:"):
        return {whole[0].entity_id}  # the phrase is one place the reference data knows
    _, entities = _parsed(nlp, location)
    ids = {e.entity_id for e in entities if e.label in _PLACE_LABELS and e.entity_id}
    if not ids:
        ids = {m.entity_id for m in whole}
    return ids


def location_agrees(nlp, gold: dict, predicted: str | None) -> bool:
    """Both null, or the predicted place is one the gold location names."""
    ids = gold_location_ids(nlp, gold.get("location"))
    return predicted in ids if ids else predicted is None
