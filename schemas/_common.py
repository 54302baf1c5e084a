"""Columns shared by several tables, declared once."""

from __future__ import annotations

import pyarrow as pa

from schemas.table import Column

ARTICLE_ID = Column(
    "article_id",
    pa.string(),
    "Stable id of the article: sha256 of its normalized title and text (32 hex digits).",
    nullable=False,
)
PUBLISHED_MONTH = Column(
    "published_month",
    pa.string(),
    "Publication month of the article, YYYY-MM, or 'unknown'; names the partition folder.",
    nullable=False,
)
RUN_ID = Column("run_id", pa.string(), "The run that wrote this row (see `runs`).", nullable=False)
EXTRACTOR_VERSION = Column(
    "extractor_version",
    pa.string(),
    "Code version plus spaCy model name and version that produced this row.",
    nullable=False,
)
START_CHAR = Column(
    "start_char", pa.int32(), "Offset of the first character in articles.text.", nullable=False
)
END_CHAR = Column(
    "end_char", pa.int32(), "Offset just past the last character in articles.text.", nullable=False
)
SPAN_TEXT = Column(
    "text", pa.string(), "The surface text, equal to articles.text[start_char:end_char].", False
)

# Derived rows all end with the same lineage and partition columns.
DERIVED_TAIL = (EXTRACTOR_VERSION, RUN_ID, PUBLISHED_MONTH)
