"""What a claim's sentence says around the count: place, date, hedge, running total, entities."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Span

from transforms.claims.parse import source_text
from transforms.claims.types import EntitySpan, TextSpan
from transforms.dates import Timex
from transforms.vocabulary.casualties import RUNNING_TOTAL_MARKERS
from transforms.vocabulary.reporting import HEDGES

_HEDGE_RE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGES) + r")\b", re.IGNORECASE)
_RUNNING_TOTAL_RE = re.compile(
    r"\b(" + "|".join(re.escape(m) for m in RUNNING_TOTAL_MARKERS) + r")\b", re.IGNORECASE
)
# Entity labels that are places a figure can be located in.
_PLACE_LABELS = ("GPE", "LOC", "FAC")
# Prepositions that put what follows them as the place of the sentence: "in Kursk".
_LOCATIVE_BEFORE = re.compile(r"\b(in|near|at|of|from|outside)\s+(the\s+)?$")


def hedge_in(sentence: Span) -> str | None:
    """The first hedging word of the sentence, lower-cased ("alleged", "could not verify")."""
    match = _HEDGE_RE.search(sentence.text)
    return match.group(1).lower() if match else None


def is_running_total(sentence: Span) -> bool:
    """Whether the sentence words its figures as a running total ("so far", "the death toll")."""
    return bool(_RUNNING_TOTAL_RE.search(sentence.text))


def entity_at(entities: Sequence[EntitySpan], start: int | None, end: int | None) -> str | None:
    """The entity id of the mention overlapping [start, end) most, if any."""
    if start is None or end is None:
        return None
    best, best_overlap = None, 0
    for entity in entities:
        overlap = min(end, entity.end_char) - max(start, entity.start_char)
        if overlap > best_overlap and entity.entity_id:
            best, best_overlap = entity.entity_id, overlap
    return best


def location_in(
    entities: Sequence[EntitySpan], sentence: Span, subject: TextSpan | None
) -> str | None:
    """The entity id of the first place the sentence puts its figures in ("in", "near"...),
    leaving out places inside the counted people's own phrase."""
    for entity in entities:
        if not (sentence.start_char <= entity.start_char < sentence.end_char):
            continue
        if entity.label not in _PLACE_LABELS:
            continue
        if subject and subject.start <= entity.start_char < subject.end:
            continue
        before = source_text(sentence.doc)[max(entity.start_char - 6, 0) : entity.start_char]
        if _LOCATIVE_BEFORE.search(before.lower()):
            return entity.entity_id
    return None


def main_place(entities: Sequence[EntitySpan], sources: Sequence[TextSpan] = ()) -> str | None:
    """The article's main place: the place entity it mentions most (a dateline's place
    counts), ties to the first mentioned; None when it names no place. Places inside the
    article's sources ("South Korea's spy agency said", "according to Kenyan police") are the
    sources' own, not the figures', and are left out."""
    counts: dict[str, int] = {}
    for entity in entities:
        if any(s.start <= entity.start_char < s.end for s in sources):
            continue
        if entity.label in _PLACE_LABELS and entity.entity_id:
            counts[entity.entity_id] = counts.get(entity.entity_id, 0) + 1
    # dicts keep first-mention order and max keeps the first of equal counts
    return max(counts, key=counts.__getitem__) if counts else None


def place_country(entities: Sequence[EntitySpan], entity_id: str | None) -> str | None:
    """The ISO 3166 alpha-3 code of the country a place entity lies in (itself, for a
    country), as entity resolution gives it; None when unknown."""
    if entity_id is None:
        return None
    for entity in entities:
        if entity.entity_id == entity_id and entity.country_code:
            return entity.country_code
    return None


def as_of_date(
    sentence: Span, timexes: Sequence[Timex], published_date: dt.date | None
) -> dt.date | None:
    """The date a figure refers to: the end of the sentence's first date (never after
    publication), else the publication date."""
    for timex in timexes:
        if sentence.start_char <= timex.start_char < sentence.end_char and (
            timex.timex_type == "DATE" and timex.end_date is not None
        ):
            end = timex.end_date
            if published_date and end > published_date:
                end = published_date
            return end
    return published_date
