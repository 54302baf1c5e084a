"""`quotations`: direct quotations and who said them."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import ARTICLE_ID, DERIVED_TAIL, END_CHAR, START_CHAR
from schemas.table import Column, TableSchema

QUOTATIONS = TableSchema(
    name="quotations",
    grain="one row per direct quotation in an article",
    primary_key=("article_id", "start_char", "end_char"),
    partition_by="published_month",
    derived=True,
    description="Quoted words with their speaker; offsets are those of the words inside the marks.",
    columns=(
        ARTICLE_ID,
        Column(
            "quote",
            pa.string(),
            "The quoted words, equal to articles.text[start_char:end_char].",
            False,
        ),
        Column("speaker_text", pa.string(), "The speaker as the text names them."),
        Column("speaker_entity_id", pa.string(), "Entity of the speaker."),
        Column("verb", pa.string(), "Lemma of the reporting verb."),
        START_CHAR,
        END_CHAR,
        Column("sentence_index", pa.int32(), "0-based index of the sentence in the article."),
        *DERIVED_TAIL,
    ),
)
