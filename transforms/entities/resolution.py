"""`resolve_article`: every named-entity mention of one article resolved to an entity.

Spans are trimmed and keyed, read as demonyms, defined acronyms or gazetteer names where the
NER label and the context allow, and the rest clustered inside the article (`clusters`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transforms.entities.clusters import (
    MentionClusters,
    link_initials,
    link_short_names,
    link_variants,
    resolved_mentions,
)
from transforms.entities.fuzzy import FUZZY_THRESHOLD, check_threshold
from transforms.entities.gazetteer import BIG_PLACE, PLACE_TYPES, Gazetteer, ReferenceEntity
from transforms.entities.mentions import ENTITY_LABELS, Mention, MentionSpan, ResolvedMention
from transforms.entities.names import acronym_letters, name_key, typed_key, without_article

# Words before a span that make it a place whatever the NER label says ("in Kyiv").
_LOCATIVE_WORDS = frozenset(
    {
        "in",
        "near",
        "into",
        "across",
        "outside",
        "inside",
        "throughout",
        "towards",
        "toward",
        "around",
        "surrounding",
        "from",
    }
)
# "the city of X", "the outskirts of X".
_PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "region",
        "district",
        "governorate",
        "capital",
        "outskirts",
        "suburbs",
        "oblast",
    }
)
# Administrative-area words after a gazetteer place name: "Kursk Oblast", "Hasaka Province".
_AREA_WORDS = frozenset({"oblast", "region", "province", "governorate", "prefecture"})
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9.&-]{1,9})\s*\)")
_EXPANSION_AFTER = re.compile(r"\s*\(")
_LEADING_NOISE = "\"'“‘«([ \t\r\n"
# A trailing apostrophe is a closing quote or a plural possessive ("North Koreans’"), and a
# trailing "(" is NER running into a parenthesis ("Heritage (SBAH)").
_TRAILING_NOISE = "\"”»'’,;:!?([] \t\r\n"
_APOSTROPHES = "'’"


def resolve_article(
    text: str,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    *,
    fuzzy_threshold: float = FUZZY_THRESHOLD,
) -> list[ResolvedMention]:
    """Every named mention of one article resolved to an entity, in text order.

    Mentions with a non-name label (DATE, CARDINAL...) or nothing left after trimming are
    dropped; overlapping mentions are all kept.
    """
    check_threshold(fuzzy_threshold)
    spans = _spans(text, mentions)
    person_words = {
        word
        for span in spans
        if span.label == "PERSON" and len(span.words) > 1
        for word in span.words
    }
    acronyms = _defined_acronyms(text, spans)
    clusters = MentionClusters()
    for index, span in enumerate(spans):
        _drop_preposition(span, gazetteer)
        following = spans[index + 1] if index + 1 < len(spans) else None
        evidence = _place_evidence(text, span, following, gazetteer)
        country = gazetteer.demonyms.get(span.key) if span.label != "LANGUAGE" else None
        if country is not None:
            span.reference, span.is_demonym = gazetteer.entities[country], True
        elif span.key not in acronyms:
            span.reference = _lookup(span, evidence, gazetteer, person_words)
        if span.reference is not None:
            span.label = "NORP" if span.is_demonym else span.reference.entity_type
            span.node = f"ref:{span.reference.entity_id}"
        else:
            span.node = f"key:{span.key}"
            if span.label in PLACE_TYPES:
                span.country_code = evidence.country
            _area_country(span, gazetteer)
        clusters.find(span.node)
    for span in spans:
        # One sense per article: where a name was read as a place, its other mentions are the
        # same place even when NER labelled them PERSON with no context ("the isolation of
        # Raqqah"), unless the word belongs to a person's name in the article.
        if span.reference is not None and not span.is_demonym and span.key not in person_words:
            clusters.union(span.node, f"key:{span.key}")
    for acronym, expansion in acronyms.items():
        clusters.union(expansion.node, f"key:{acronym}")
    link_short_names(spans, clusters)
    link_initials(spans, clusters)
    link_variants(spans, clusters, fuzzy_threshold)
    return resolved_mentions(spans, clusters)


def _spans(text: str, mentions: Sequence[Mention]) -> list[MentionSpan]:
    """Trimmed, keyed spans of the name mentions, in text order."""
    spans = []
    for mention in sorted(mentions, key=lambda m: (m.start_char, m.end_char)):
        if mention.label not in ENTITY_LABELS:
            continue
        start, end = _trim(text, mention.start_char, mention.end_char)
        surface = text[start:end]
        key = typed_key(surface, mention.label)
        if not key:
            continue
        after_locative = _after_locative(text, start)
        spans.append(
            MentionSpan(start, end, surface, mention.label, key, tuple(key.split()), after_locative)
        )
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Span bounds without surrounding noise, a possessive, or a leading lower-case "the".

    A name never runs over a line break: NER sometimes joins a headline to the next line, and
    only the first line with text is kept.
    """
    for line in re.finditer(r"[^\n]+", text[start:end]):
        if line.group().strip():
            start, end = start + line.start(), start + line.end()
            break
    while True:
        before = (start, end)
        while start < end and text[start] in _LEADING_NOISE:
            start += 1
        while end > start and text[end - 1] in _TRAILING_NOISE:
            end -= 1
        if end - start > 2 and text[end - 2] in _APOSTROPHES and text[end - 1] in "sS":
            end -= 2
        if text.startswith("the", start) and end - start > 4 and text[start + 3].isspace():
            start += 4
        if (start, end) == before:
            return start, end


def _drop_preposition(span: MentionSpan, gazetteer: Gazetteer) -> None:
    """Trim a locative word NER took into a place name ("Near Ar Raqqah" -> "Ar Raqqah")."""
    parts = span.surface.split(maxsplit=1)
    if len(parts) < 2 or name_key(parts[0]) not in _LOCATIVE_WORDS:
        return
    rest = " ".join(span.words[1:])
    if rest not in gazetteer.by_key:
        return
    offset = len(span.surface) - len(parts[1])
    span.start += offset
    span.surface = span.surface[offset:]
    span.key, span.words, span.after_locative = rest, span.words[1:], True


def _after_locative(text: str, start: int) -> bool:
    """Whether the words before `start` introduce a place: "in X", "the city of X"."""
    words = text[max(0, start - 32) : start].casefold().split()
    if not words:
        return False
    if words[-1] in _LOCATIVE_WORDS:
        return True
    return len(words) > 1 and words[-1] == "of" and words[-2] in _PLACE_NOUNS


def _defined_acronyms(text: str, spans: list[MentionSpan]) -> dict[str, MentionSpan]:
    """Acronym key -> its expansion's span, from "Long Name (LN)" and "LN (Long Name)"."""
    defined: dict[str, MentionSpan] = {}
    for index, span in enumerate(spans):
        match = _ACRONYM_AFTER.match(text, span.end)
        if match and _abbreviates(match.group(1), span.key):
            defined.setdefault(name_key(match.group(1)), span)
            continue
        after = _EXPANSION_AFTER.match(text, span.end)
        following = spans[index + 1] if index + 1 < len(spans) else None
        if (
            after
            and following is not None
            and following.start == after.end()
            and acronym_letters(span.surface)
            and _abbreviates(span.surface, following.key)
        ):
            defined.setdefault(span.key, following)
    return defined


def _abbreviates(short: str, long_key: str) -> bool:
    """Whether `short` can be read as an abbreviation of `long_key` (Schwartz & Hearst, 2003).

    Every letter of the short form must occur in the long form in order, the first one at the
    start of a word: "NAVCENT" fits "us naval forces central command", "PPP" does not fit
    "lee seong kweun".
    """
    letters = [c for c in short.casefold() if c.isalnum()]
    if len(letters) < 2 or len(long_key.split()) < 2:
        return False
    position = len(long_key) - 1
    for offset in range(len(letters) - 1, -1, -1):
        wanted = letters[offset]
        while position >= 0 and (
            long_key[position] != wanted
            or (offset == 0 and position > 0 and long_key[position - 1] != " ")
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


@dataclass(frozen=True, slots=True)
class _PlaceEvidence:
    """What the words around a span say about it being a place."""

    locative: bool
    country: str | None


def _place_evidence(
    text: str, span: MentionSpan, following: MentionSpan | None, gazetteer: Gazetteer
) -> _PlaceEvidence:
    """A locative word before the span ("in X"), a country right after it ("Kursk, Russia")."""
    country = None
    if following is not None and text[span.end : following.start].strip() == ",":
        ids = gazetteer.by_key.get(following.key, ())
        if ids and gazetteer.entities[ids[0]].feature == "country":
            country = gazetteer.entities[ids[0]].country_code
    return _PlaceEvidence(locative=span.after_locative, country=country)


def _lookup(
    span: MentionSpan, evidence: _PlaceEvidence, gazetteer: Gazetteer, person_words: set[str]
) -> ReferenceEntity | None:
    """The reference entity a span names, if the label and the context allow that reading."""
    letters = acronym_letters(span.surface)
    if letters is not None:
        # An all-capitals span only matches all-capitals names: "NIS" is not the city Niš.
        entity_id = gazetteer.by_acronym.get(letters)
        if entity_id is None and span.label == "GPE":
            entity_id = gazetteer.by_code.get(letters)
        ids: tuple[str, ...] = (entity_id,) if entity_id else ()
    else:
        ids = gazetteer.by_key.get(span.key) or gazetteer.by_key.get(without_article(span.key), ())
    candidates = [gazetteer.entities[entity_id] for entity_id in ids]
    if evidence.country is not None:
        # "Paris, Texas": the place in the named country first (a stable sort keeps the rank).
        candidates.sort(key=lambda entity: entity.country_code != evidence.country)
    for entity in candidates:
        if _accepts(span, entity, evidence, person_words):
            return entity
    return None


def _accepts(
    span: MentionSpan, entity: ReferenceEntity, evidence: _PlaceEvidence, person_words: set[str]
) -> bool:
    """Whether the NER label and the context allow reading `span` as `entity`.

    A place label takes any place. Other labels take a place only with evidence, the weaker
    the label's claim the less evidence: ORG and NORP only a country ("Russia said") or a
    place in context; PERSON a multi-word or country name, a place in context, or a big city
    or capital ("released by Kyiv"); PRODUCT, EVENT and the rest also any capital (Kursk
    PRODUCT is corrected by ", Russia"). Whatever the label, a lone word that is part of a
    person's name in the article is that person unless the context says place: "Henderson"
    (GPE) after "Fritz Henderson" is not Henderson, Nevada.
    """
    label = span.label
    if entity.entity_type not in PLACE_TYPES:
        return entity.entity_type == label or label not in (*PLACE_TYPES, "NORP")
    in_context = evidence.locative or evidence.country == entity.country_code
    if len(span.words) == 1 and span.key in person_words and not in_context:
        return label != "PERSON" and entity.feature == "country"
    if label in PLACE_TYPES:
        return True
    if label in ("ORG", "NORP"):
        return entity.feature == "country" or in_context
    if label == "PERSON":
        big = entity.feature == "capital" or entity.population >= BIG_PLACE
        return in_context or len(span.words) > 1 or entity.feature == "country" or big
    return in_context or len(span.words) > 1 or entity.feature in ("country", "capital")


def _area_country(span: MentionSpan, gazetteer: Gazetteer) -> None:
    """Country of "<place> Oblast|Province|...": not the city, but in the city's country."""
    if len(span.words) < 2 or span.words[-1] not in _AREA_WORDS:
        return
    for entity_id in gazetteer.by_key.get(" ".join(span.words[:-1]), ()):
        entity = gazetteer.entities[entity_id]
        if entity.entity_type in PLACE_TYPES and entity.country_code is not None:
            span.country_code = entity.country_code
            if span.label not in PLACE_TYPES:
                span.label = "GPE"
            return
