"""What a reprocess changed: derived rows added, removed and changed, and claims whose figure or
claimant moved.

Rows are matched by their table's primary key, restricted to the reprocessed articles (the
whole `entities` table, which articles share), between the committed state and the state the
run is about to commit. A row present on both sides is
changed when any column other than its lineage (`run_id`, `extractor_version`) differs. A claim
whose span moved has another key: it counts as one removed and one added, not as changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import duckdb
import pyarrow as pa

from schemas import TABLES, table_schema
from warehouse.catalog import quote_identifier, quote_literal
from warehouse.store import DataFile, Store

LINEAGE_COLUMNS = ("run_id", "extractor_version")
# Columns of a claim that make its figure, and its claimant.
FIGURE_COLUMNS = ("value", "low", "high", "qualifier", "negated")
CLAIMANT_COLUMNS = ("claimant_text", "claimant_entity_id")
# Changed claims kept in the report (the counts cover all of them).
CLAIMS_LISTED = 200


@dataclass(frozen=True, slots=True)
class TableChanges:
    """Rows of one derived table for the reprocessed articles, before against after."""

    table: str
    rows_before: int
    rows_after: int
    added: int
    removed: int
    changed: int


@dataclass(frozen=True, slots=True)
class ClaimChange:
    """One claim (same key) whose figure or claimant differs after reprocessing."""

    article_id: str
    category: str
    text: str
    start_char: int
    end_char: int
    before: dict
    after: dict


@dataclass(slots=True)
class ChangeReport:
    """Per table counts, and the claims whose figure or claimant changed (first `CLAIMS_LISTED`)."""

    tables: list[TableChanges] = field(default_factory=list)
    n_claims_changed: int = 0
    claims: list[ClaimChange] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> dict:
        """The counts only: what the `runs` row keeps."""
        return {
            "tables": {
                change.table: {
                    "added": change.added,
                    "removed": change.removed,
                    "changed": change.changed,
                }
                for change in self.tables
            },
            "claims_figure_or_claimant_changed": self.n_claims_changed,
        }


def _view(
    connection: duckdb.DuckDBPyConnection, name: str, files: list[str], *, every_row: bool = False
) -> None:
    """View `name`: the rows of the reprocessed articles in these files (or all of them)."""
    listing = ", ".join(quote_literal(path) for path in files)
    restrict = (
        ""
        if every_row
        else f"semi join reprocessed as r on t.{quote_identifier('article_id')} = r.article_id"
    )
    # Names are fixed or declared; paths are quoted literals (DDL takes no parameters).
    connection.execute(
        f"create or replace view {name} as select t.* from read_parquet([{listing}], "  # noqa: S608
        f"union_by_name = true) as t {restrict}"
    )


def derived_changes(
    store: Store,
    before: Mapping[str, list[DataFile]],
    after: Mapping[str, list[DataFile]],
    article_ids: pa.Array,
) -> ChangeReport:
    """Compare the derived rows of `article_ids` in two states of the warehouse."""
    report = ChangeReport()
    with duckdb.connect(config={"memory_limit": "256MB"}) as connection:
        if not store.is_local:
            connection.register_filesystem(store.fs)
        connection.register("reprocessed", pa.table({"article_id": article_ids}))
        for name, schema in TABLES.items():
            if not (schema.derived or name == "entities"):
                continue
            for side, files in (("before", before[name]), ("after", after[name])):
                uris = [store.uri(f.path) for f in files]
                # Entities are shared by articles: the whole table is compared.
                _view(connection, f"{side}_rows", uris, every_row=name == "entities")
                if name == "claims":
                    _view(connection, f"claims_{side}", uris)
            report.tables.append(_table_changes(connection, name))
        _claim_changes(connection, report)
    return report


def _compared(table: str) -> list[str]:
    return [
        quote_identifier(name)
        for name in table_schema(table).column_names
        if name not in LINEAGE_COLUMNS
    ]


def _table_changes(connection: duckdb.DuckDBPyConnection, table: str) -> TableChanges:
    keys = ", ".join(quote_identifier(name) for name in table_schema(table).primary_key)
    row_hash = f"hash({', '.join(_compared(table))})"
    sql = (
        f"select count(b.h), count(a.h), "  # noqa: S608  (declared names)
        "count(*) filter (where b.h is null), count(*) filter (where a.h is null), "
        "count(*) filter (where a.h <> b.h) "
        f"from (select {keys}, {row_hash} as h from before_rows) as b "
        f"full outer join (select {keys}, {row_hash} as h from after_rows) as a using ({keys})"
    )
    before, after, added, removed, changed = connection.execute(sql).fetchone()
    return TableChanges(table, before, after, added, removed, changed)


def _claim_changes(connection: duckdb.DuckDBPyConnection, report: ChangeReport) -> None:
    keys = ", ".join(quote_identifier(name) for name in table_schema("claims").primary_key)
    watched = [*FIGURE_COLUMNS, *CLAIMANT_COLUMNS]
    differs = " or ".join(
        f"b.{quote_identifier(name)} is distinct from a.{quote_identifier(name)}"
        for name in watched
    )
    picked = ", ".join(
        f"b.{quote_identifier(name)}, a.{quote_identifier(name)}" for name in watched
    )
    sql = (
        f"select count(*) over (), b.article_id, b.category, b.text, b.start_char, b.end_char, "  # noqa: S608
        f"{picked} from claims_before as b join claims_after as a using ({keys}) "
        f"where {differs} order by b.article_id, b.start_char, b.category limit $listed"
    )
    rows = connection.execute(sql, {"listed": CLAIMS_LISTED}).fetchall()
    report.n_claims_changed = rows[0][0] if rows else 0
    for row in rows:
        values = row[6:]
        report.claims.append(
            ClaimChange(
                article_id=row[1],
                category=row[2],
                text=row[3],
                start_char=row[4],
                end_char=row[5],
                before={name: values[2 * i] for i, name in enumerate(watched)},
                after={name: values[2 * i + 1] for i, name in enumerate(watched)},
            )
        )
