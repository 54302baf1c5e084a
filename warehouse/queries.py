"""Questions the flows ask of the committed warehouse, answered with DuckDB."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from transforms.articles import EVIDENCE_RULES
from transforms.entities import EntityRecord
from transforms.extract import entity_records_of
from warehouse.catalog import connect
from warehouse.store import Manifest, Store
from warehouse.tables import read_column


def source_date_evidence(store: Store, manifest: Manifest) -> dict[str | None, Counter[str]]:
    """Per source, the count of stored dates whose numbers fixed day-first or month-first."""
    evidence: dict[str | None, Counter[str]] = defaultdict(Counter)
    with connect(store, manifest) as connection:
        rows = connection.execute(
            "select source, date_order_rule, count(*) from articles"
            " where date_order_rule in (select unnest(?)) group by all",
            [list(EVIDENCE_RULES)],
        ).fetchall()
    for source, rule, count in rows:
        evidence[source][EVIDENCE_RULES[rule]] += count
    return evidence


def stored_entities(store: Store, manifest: Manifest) -> list[EntityRecord]:
    """Every entity the warehouse holds."""
    fields = [f.name for f in dataclasses.fields(EntityRecord)]
    table = read_column(store, manifest, "entities", fields)
    return entity_records_of(table) if table.num_rows else []
