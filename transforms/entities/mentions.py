"""Mentions: a named-entity span as NER gave it, as resolved, and while it is being resolved."""

from __future__ import annotations

from dataclasses import dataclass

from transforms.entities.gazetteer import ReferenceEntity

# spaCy's OntoNotes labels for names; numeric labels (DATE, CARDINAL...) are not entities.
ENTITY_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity span as the NER model gave it."""

    text: str
    label: str
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention after trimming, label correction and resolution to an entity.

    `text` equals `article_text[start_char:end_char]`; `label` is the corrected mention label;
    `entity_type` is the type of the entity (a NORP demonym mention names a GPE country).
    """

    start_char: int
    end_char: int
    text: str
    label: str
    entity_id: str
    canonical_name: str
    entity_type: str
    is_demonym: bool
    country_code: str | None
    geonames_id: int | None
    wikidata_id: str | None


@dataclass(slots=True)
class MentionSpan:
    """Working state of one mention while the article is resolved."""

    start: int
    end: int
    surface: str
    label: str
    key: str
    words: tuple[str, ...]
    after_locative: bool
    reference: ReferenceEntity | None = None
    is_demonym: bool = False
    country_code: str | None = None
    node: str = ""
