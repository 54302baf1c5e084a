"""Extraction from one parsed article: entity mentions, quantities, temporal expressions.

Input is a spaCy `Doc` of the article text plus what the article row knows (id, publication
date); output is rows for the derived tables, every offset indexing into the article text.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from transforms.claims import (
    SOURCE_TEXT_KEY,
    Claim,
    EntitySpan,
    extract_claims,
    extract_quotations,
)
from transforms.dates import find_timexes
from transforms.numbers import find_quantities

# spaCy's named (non-numeric) OntoNotes labels: these become entity mentions.
NAMED_LABELS = frozenset(
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
# Numbers inside these spans are dates, times, money, percentages, measures or ranks.
NOT_COUNT_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
TIME_LABELS = frozenset({"DATE", "TIME"})


# Above this share of upper-case letters a text is wire copy in capitals ("FIFTEEN SOLDIERS
# WERE KILLED"); the small English model tags and parses it far better lower-cased.
CAPITALS_SHARE = 0.8


def nlp_text(text: str) -> str:
    """The text spaCy should parse: lower-cased when it is written in capitals.

    Lower-casing is done character by character and only where it keeps the length, so every
    offset in the parse still indexes into the original text.
    """
    letters = [c for c in text[:5000] if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < CAPITALS_SHARE:
        return text
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """What extraction needs to know of an article besides its text."""

    article_id: str
    text: str
    published_date: dt.date | None
    published_month: str


@dataclass(frozen=True, slots=True)
class Lineage:
    """Stamped on every derived row: which code and model made it, in which run."""

    extractor_version: str
    run_id: str


@dataclass(slots=True)
class Extraction:
    """Derived rows of one or more articles, by table name."""

    rows: dict[str, list[dict]] = field(
        default_factory=lambda: {
            "entity_mentions": [],
            "quantities": [],
            "temporal_expressions": [],
            "claims": [],
            "quotations": [],
        }
    )

    def extend(self, other: Extraction) -> None:
        for table, rows in other.rows.items():
            self.rows[table].extend(rows)


def extract_article(doc: Doc, article: ArticleInput, lineage: Lineage) -> Extraction:
    """Every mention, quantity, temporal expression, claim and quotation of one article.

    `doc` is the parse of `nlp_text(article.text)`: same length, so offsets agree.
    """
    text = article.text
    doc.user_data[SOURCE_TEXT_KEY] = text
    sentence_starts = [sentence.start_char for sentence in doc.sents]

    def sentence_index(start: int) -> int:
        return max(bisect.bisect_right(sentence_starts, start) - 1, 0)

    def row(**values: object) -> dict:
        return {
            "article_id": article.article_id,
            **values,
            "sentence_index": sentence_index(int(values["start_char"])),
            "extractor_version": lineage.extractor_version,
            "run_id": lineage.run_id,
            "published_month": article.published_month,
        }

    extraction = Extraction()
    mentions = _mentions(doc, text)
    for start, end, label in mentions:
        extraction.rows["entity_mentions"].append(
            row(text=text[start:end], label=label, start_char=start, end_char=end)
        )
    excluded = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NOT_COUNT_LABELS]
    quantities = find_quantities(text, exclude=excluded)
    for quantity in quantities:
        extraction.rows["quantities"].append(
            row(
                text=quantity.text,
                number_text=quantity.number_text,
                value=quantity.value,
                low=quantity.low,
                high=quantity.high,
                qualifier=quantity.qualifier,
                start_char=quantity.start_char,
                end_char=quantity.end_char,
            )
        )
    time_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in TIME_LABELS]
    timexes = find_timexes(text, article.published_date, spans=time_spans)
    for timex in timexes:
        extraction.rows["temporal_expressions"].append(
            row(
                text=timex.text,
                timex_type=timex.timex_type,
                value=timex.value,
                start_date=timex.start_date,
                end_date=timex.end_date,
                granularity=timex.granularity,
                mod=timex.mod,
                start_char=timex.start_char,
                end_char=timex.end_char,
            )
        )
    entities = [EntitySpan(start, end, label, None) for start, end, label in mentions]
    for claim in extract_claims(doc, quantities, entities, timexes, article.published_date):
        extraction.rows["claims"].append(claim_row(claim, row))
    for quotation in extract_quotations(doc, entities):
        extraction.rows["quotations"].append(
            row(
                quote=quotation.quote,
                speaker_text=quotation.speaker_text,
                speaker_entity_id=None,
                verb=quotation.verb,
                start_char=quotation.start_char,
                end_char=quotation.end_char,
            )
        )
    return extraction


def claim_row(claim: Claim, row: Callable[..., dict]) -> dict:
    """The `claims` row of a claim."""
    return row(
        category=claim.category,
        value=claim.value,
        low=claim.low,
        high=claim.high,
        qualifier=claim.qualifier,
        negated=claim.negated,
        subject_text=claim.subject_text,
        subject_group=claim.subject_group,
        subject_entity_id=claim.subject_entity_id,
        claimant_text=claim.claimant_text,
        claimant_entity_id=claim.claimant_entity_id,
        claimant_chain=list(claim.claimant_chain),
        reporting_verb=claim.reporting_verb,
        hedge=claim.hedge,
        location_entity_id=claim.location_entity_id,
        as_of_date=claim.as_of_date,
        is_cumulative=claim.is_cumulative,
        sentence=claim.sentence,
        text=claim.text,
        start_char=claim.start_char,
        end_char=claim.end_char,
        cluster_id=claim.cluster_key,
    )


def _mentions(doc: Doc, text: str) -> list[tuple[int, int, str]]:
    spans = []
    for entity in doc.ents:
        if entity.label_ not in NAMED_LABELS:
            continue
        start, end = _trimmed(text, entity.start_char, entity.end_char)
        if start < end:
            spans.append((start, end, entity.label_))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    # NER spans sometimes take in a line break and the next line's words; keep the first line.
    newline = text.find("\n", start, end)
    if newline != -1:
        end = newline
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    return start, end
