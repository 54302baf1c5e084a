"""`quantities`: every count, amount of money, percentage, ordinal and measure found in article
text, with its bounds."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import ARTICLE_ID, DERIVED_TAIL, END_CHAR, SPAN_TEXT, START_CHAR
from schemas.table import Column, TableSchema

# The qualifier of a count (claims annotation guidelines, section 3), one name per value.
EXACT = "exact"
MORE_THAN = "more_than"
AT_LEAST = "at_least"
AT_MOST = "at_most"
LESS_THAN = "less_than"
APPROXIMATELY = "approximately"
RANGE = "range"
VAGUE = "vague"
QUALIFIERS = (EXACT, MORE_THAN, AT_LEAST, AT_MOST, LESS_THAN, APPROXIMATELY, RANGE, VAGUE)

# What a quantity measures. Claims take counts only.
COUNT = "count"
MONEY = "money"
PERCENT = "percent"
ORDINAL = "ordinal"
MEASURE = "measure"
KINDS = (COUNT, MONEY, PERCENT, ORDINAL, MEASURE)

QUANTITIES = TableSchema(
    name="quantities",
    grain="one row per number expression (qualifier words included) in an article",
    primary_key=("article_id", "start_char", "end_char"),
    partition_by="published_month",
    derived=True,
    description="Counts, money, percentages, ordinals and measures with their bounds: 'more than "
    "300' is value 300, low 300, no high; '$1.5 billion' is money 1.5e9 in USD.",
    columns=(
        ARTICLE_ID,
        SPAN_TEXT,
        Column("number_text", pa.string(), "The number part of the text ('300', 'two')."),
        Column("value", pa.float64(), "The number as reported.", nullable=False),
        Column("low", pa.float64(), "Least value the wording allows; null when open."),
        Column("high", pa.float64(), "Greatest value the wording allows; null when open."),
        Column("qualifier", pa.string(), "One of: " + ", ".join(QUALIFIERS) + ".", False),
        Column(
            "kind",
            pa.string(),
            "What the number measures, one of: " + ", ".join(KINDS) + ". Claims use counts only.",
            False,
        ),
        Column(
            "unit",
            pa.string(),
            "Money: the ISO 4217 code ('USD'; null when the word names several currencies, "
            "'pesos'); measure: the unit as written, lower case ('km'); else null.",
        ),
        START_CHAR,
        END_CHAR,
        Column("sentence_index", pa.int32(), "0-based index of the sentence in the article."),
        *DERIVED_TAIL,
    ),
)
