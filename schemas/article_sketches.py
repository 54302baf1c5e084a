"""`article_sketches`: each article's MinHash sketch, which near-duplicate linking indexes."""

from __future__ import annotations

import pyarrow as pa

from schemas._common import ARTICLE_ID, PUBLISHED_MONTH, RUN_ID
from schemas.table import Column, TableSchema

ARTICLE_SKETCHES = TableSchema(
    name="article_sketches",
    grain="one row per article and sketch version (a run that changes the version adds rows)",
    primary_key=("article_id", "sketch_version"),
    partition_by="published_month",
    description=(
        "The MinHash sketch of each article's text (transforms/near_duplicates.py), written with "
        "the article; a run rebuilds its near-duplicate index from these rather than from the "
        "texts. Lets anyone link their own articles against a release."
    ),
    columns=(
        ARTICLE_ID,
        Column(
            "sketch_version",
            pa.string(),
            "Shingle size, signature length, seed and short-text bound the sketch was made "
            "with; a sketch of another version is made again from the text.",
            nullable=False,
        ),
        Column("n_words", pa.int32(), "Words in the text as shingling sees them.", nullable=False),
        Column(
            "signature",
            pa.binary(),
            "MinHash signature: little-endian uint32 values, one per permutation; null when "
            "the text has no shingle (too short), which nothing can match.",
        ),
        Column(
            "short_shingles",
            pa.list_(pa.uint32()),
            "Sorted shingle hashes of a short text (fewer than 50 words), which is matched by "
            "its exact Jaccard similarity; null for other texts.",
        ),
        Column(
            "ingested_at",
            pa.timestamp("us", tz="UTC"),
            "When the article was ingested: the first key of 'earliest' among near-copies.",
            nullable=False,
        ),
        Column(
            "published_at",
            pa.timestamp("us", tz="UTC"),
            "Publication time, or the publication date at 00:00 UTC: the second key; null "
            "when undated (ordered last).",
        ),
        RUN_ID,
        PUBLISHED_MONTH,
    ),
)
