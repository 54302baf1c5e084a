"""Declared table schemas (one module per table) and reference data (`reference/`)."""

from __future__ import annotations

from schemas.article_sketches import ARTICLE_SKETCHES
from schemas.articles import ARTICLES
from schemas.checks import CHECKS
from schemas.claims import CLAIMS
from schemas.entities import ENTITIES
from schemas.entity_mentions import ENTITY_MENTIONS
from schemas.quantities import QUANTITIES
from schemas.quotations import QUOTATIONS
from schemas.rejects import REJECTS
from schemas.runs import RUNS
from schemas.table import Column, TableSchema
from schemas.temporal_expressions import TEMPORAL_EXPRESSIONS

TABLES: dict[str, TableSchema] = {
    schema.name: schema
    for schema in (
        ARTICLES,
        ENTITIES,
        ENTITY_MENTIONS,
        QUANTITIES,
        TEMPORAL_EXPRESSIONS,
        CLAIMS,
        QUOTATIONS,
        ARTICLE_SKETCHES,
        REJECTS,
        CHECKS,
        RUNS,
    )
}


def table_schema(name: str) -> TableSchema:
    """The declared schema of `name`; KeyError names the known tables."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(sorted(TABLES))}") from None


__all__ = ["TABLES", "Column", "TableSchema", "table_schema"]
