"""The records claims extraction reads and returns: spans, entity mentions, claims, quotations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple


class TextSpan(NamedTuple):
    """A piece of the article text as written, with its offsets in the article text.

    `text` is empty for a span that stands for an entity mention (a resolved pronoun): the
    claim takes its words from the article at `start`:`end`.
    """

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """A resolved entity mention, as claims need it."""

    start_char: int
    end_char: int
    label: str
    entity_id: str | None
    country_code: str | None = None  # ISO 3166 alpha-3 of a place or of a demonym's country


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a figure is attributed to: outermost speaker first, original source last."""

    chain: tuple[TextSpan, ...]
    verb: str | None


@dataclass(frozen=True, slots=True)
class Claim:
    """One reported count of people; offsets are those of the count in the article text."""

    category: str
    value: float
    low: float | None
    high: float | None
    qualifier: str
    negated: bool
    modality: str
    subject_text: str | None
    subject_group: str | None
    subject_entity_id: str | None
    claimant_text: str | None
    claimant_entity_id: str | None
    claimant_chain: tuple[str, ...]
    reporting_verb: str | None
    hedge: str | None
    location_entity_id: str | None
    as_of_date: dt.date | None
    is_cumulative: bool
    sentence: str
    sentence_index: int
    start_char: int
    end_char: int
    text: str
    subject_span: TextSpan | None = None
    claimant_span: TextSpan | None = None
    claimant_key: str | None = None
    cluster_key: str = field(default="")
    subject_key: str | None = None
    location_country: str | None = None


@dataclass(frozen=True, slots=True)
class Quotation:
    """A direct quotation and who said it."""

    quote: str
    start_char: int
    end_char: int
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    verb: str | None
    sentence_index: int
