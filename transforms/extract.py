"""Extraction from one parsed article: entity mentions, quantities, temporal expressions.

Input is a spaCy `Doc` of the article text plus what the article row knows (id, publication
date); output is rows for the derived tables, every offset indexing into the article text.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

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
        }
    )

    def extend(self, other: Extraction) -> None:
        for table, rows in other.rows.items():
            self.rows[table].extend(rows)


def extract_article(doc: Doc, article: ArticleInput, lineage: Lineage) -> Extraction:
    """Every mention, quantity and temporal expression of one article."""
    text = article.text
    sentence_starts = [sentence.start_char for sentence in doc.sents]

    def sentence_index(start: int) -> int:
        return max(bisect.bisect_right(sentence_starts, start) - 1, 0)

    tail = {
        "extractor_version": lineage.extractor_version,
        "run_id": lineage.run_id,
        "published_month": article.published_month,
    }
    extraction = Extraction()
    for entity in doc.ents:
        if entity.label_ not in NAMED_LABELS:
            continue
        start, end = _trimmed(text, entity.start_char, entity.end_char)
        if start >= end:
            continue
        extraction.rows["entity_mentions"].append(
            {
                "article_id": article.article_id,
                "text": text[start:end],
                "label": entity.label_,
                "start_char": start,
                "end_char": end,
                "sentence_index": sentence_index(start),
                **tail,
            }
        )
    excluded = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NOT_COUNT_LABELS]
    for quantity in find_quantities(text, exclude=excluded):
        extraction.rows["quantities"].append(
            {
                "article_id": article.article_id,
                "text": quantity.text,
                "number_text": quantity.number_text,
                "value": quantity.value,
                "low": quantity.low,
                "high": quantity.high,
                "qualifier": quantity.qualifier,
                "start_char": quantity.start_char,
                "end_char": quantity.end_char,
                "sentence_index": sentence_index(quantity.start_char),
                **tail,
            }
        )
    time_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in TIME_LABELS]
    for timex in find_timexes(text, article.published_date, spans=time_spans):
        extraction.rows["temporal_expressions"].append(
            {
                "article_id": article.article_id,
                "text": timex.text,
                "timex_type": timex.timex_type,
                "value": timex.value,
                "start_date": timex.start_date,
                "end_date": timex.end_date,
                "granularity": timex.granularity,
                "mod": timex.mod,
                "start_char": timex.start_char,
                "end_char": timex.end_char,
                "sentence_index": sentence_index(timex.start_char),
                **tail,
            }
        )
    return extraction


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
