"""`temporal_expressions`: dates, times, durations and sets in article text, TIMEX3 style."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import ARTICLE_ID, DERIVED_TAIL, END_CHAR, SPAN_TEXT, START_CHAR
from schemas.table import Column, TableSchema

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")

TEMPORAL_EXPRESSIONS = TableSchema(
    name="temporal_expressions",
    grain="one row per temporal expression in an article",
    primary_key=("article_id", "start_char", "end_char"),
    partition_by="published_month",
    derived=True,
    description="Temporal expressions normalized against the publication date (TimeML TIMEX3).",
    columns=(
        ARTICLE_ID,
        SPAN_TEXT,
        Column("timex_type", pa.string(), "DATE, TIME, DURATION or SET.", nullable=False),
        Column("value", pa.string(), "TIMEX3 value (2025-01-13, 2025-W02, P3W, PAST_REF...)."),
        Column("start_date", pa.date32(), "First day of the interval the value denotes."),
        Column("end_date", pa.date32(), "Last day of the interval the value denotes."),
        Column("granularity", pa.string(), "day, week, month, quarter, year, decade, time..."),
        Column("mod", pa.string(), "TIMEX3 mod: APPROX, START, END, BEFORE, AFTER..."),
        START_CHAR,
        END_CHAR,
        Column("sentence_index", pa.int32(), "0-based index of the sentence in the article."),
        *DERIVED_TAIL,
    ),
)
