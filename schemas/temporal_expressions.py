"""`temporal_expressions`: dates, times, durations and sets in article text, TIMEX3 style."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import ARTICLE_ID, DERIVED_TAIL, END_CHAR, SPAN_TEXT, START_CHAR
from schemas.table import Column, TableSchema

# TIMEX3 types (the timex_type column).
TIMEX_DATE = "DATE"
TIMEX_TIME = "TIME"
TIMEX_DURATION = "DURATION"
TIMEX_SET = "SET"
TIMEX_TYPES = (TIMEX_DATE, TIMEX_TIME, TIMEX_DURATION, TIMEX_SET)

# Granularities (the granularity column), coarsest first. Halves and seasons are "quarter";
# "time" is anything finer than a day.
GRANULARITY_CENTURY = "century"
GRANULARITY_DECADE = "decade"
GRANULARITY_YEAR = "year"
GRANULARITY_QUARTER = "quarter"
GRANULARITY_MONTH = "month"
GRANULARITY_WEEK = "week"
GRANULARITY_DAY = "day"
GRANULARITY_TIME = "time"
GRANULARITIES = (
    GRANULARITY_CENTURY,
    GRANULARITY_DECADE,
    GRANULARITY_YEAR,
    GRANULARITY_QUARTER,
    GRANULARITY_MONTH,
    GRANULARITY_WEEK,
    GRANULARITY_DAY,
    GRANULARITY_TIME,
)

# TIMEX3 mods (the mod column). START, MID and END narrow an interval to a third of it; the
# others qualify a point (BEFORE...) or a duration (LESS_THAN...).
MOD_APPROX = "APPROX"
MOD_START = "START"
MOD_MID = "MID"
MOD_END = "END"
MOD_BEFORE = "BEFORE"
MOD_AFTER = "AFTER"
MOD_ON_OR_BEFORE = "ON_OR_BEFORE"
MOD_ON_OR_AFTER = "ON_OR_AFTER"
MOD_LESS_THAN = "LESS_THAN"
MOD_MORE_THAN = "MORE_THAN"
MOD_EQUAL_OR_LESS = "EQUAL_OR_LESS"
MOD_EQUAL_OR_MORE = "EQUAL_OR_MORE"
TIMEX_MODS = (
    MOD_APPROX,
    MOD_START,
    MOD_MID,
    MOD_END,
    MOD_BEFORE,
    MOD_AFTER,
    MOD_ON_OR_BEFORE,
    MOD_ON_OR_AFTER,
    MOD_LESS_THAN,
    MOD_MORE_THAN,
    MOD_EQUAL_OR_LESS,
    MOD_EQUAL_OR_MORE,
)

# TIMEX3 quants of a SET (the quant column), as TBAQ writes them: the quantifier word.
QUANT_EVERY = "EVERY"
QUANT_EACH = "EACH"
TIMEX_QUANTS = (QUANT_EVERY, QUANT_EACH)

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
        Column("granularity", pa.string(), "One of: " + ", ".join(GRANULARITIES) + "."),
        Column("mod", pa.string(), "TIMEX3 mod, one of: " + ", ".join(TIMEX_MODS) + "."),
        Column(
            "quant",
            pa.string(),
            "TIMEX3 quant of a SET, one of: "
            + ", ".join(TIMEX_QUANTS)
            + ' ("every week", "$5 million a year"); null elsewhere.',
        ),
        Column(
            "freq",
            pa.string(),
            'TIMEX3 freq of a SET: how many times in each period, as <n>X ("twice a week": 2X, '
            '"daily": 1X); null elsewhere.',
        ),
        START_CHAR,
        END_CHAR,
        Column("sentence_index", pa.int32(), "0-based index of the sentence in the article."),
        *DERIVED_TAIL,
    ),
)
