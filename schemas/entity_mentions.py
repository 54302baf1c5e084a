"""`entity_mentions`: named-entity spans found in article text."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import ARTICLE_ID, DERIVED_TAIL, END_CHAR, SPAN_TEXT, START_CHAR
from schemas.table import Column, TableSchema

ENTITY_MENTIONS = TableSchema(
    name="entity_mentions",
    grain="one row per entity span in an article",
    primary_key=("article_id", "start_char", "end_char"),
    partition_by="published_month",
    derived=True,
    description="People, organisations, places and groups named in the articles.",
    columns=(
        ARTICLE_ID,
        SPAN_TEXT,
        Column(
            "label",
            pa.string(),
            "Entity type, OntoNotes labels as spaCy uses them (PERSON, ORG, GPE, LOC, NORP...).",
            nullable=False,
        ),
        Column("entity_id", pa.string(), "The entity mentioned (see `entities`).", nullable=False),
        Column("ner_label", pa.string(), "The label spaCy gave, before gazetteer corrections."),
        Column(
            "is_demonym",
            pa.bool_(),
            "A demonym ('North Korean') linked to its country, label kept NORP.",
            nullable=False,
        ),
        START_CHAR,
        END_CHAR,
        Column("sentence_index", pa.int32(), "0-based index of the sentence in the article."),
        *DERIVED_TAIL,
    ),
)
