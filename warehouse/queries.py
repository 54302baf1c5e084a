"""Questions the flows ask of the committed warehouse, answered with DuckDB."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator

import pyarrow as pa

from schemas import TABLES
from schemas.articles import EVIDENCE_RULES
from schemas.entities import ENTITIES
from schemas.runs import INGEST
from warehouse.catalog import connect, quote_identifier
from warehouse.store import Manifest, Store
from warehouse.tables import read_column

# An entity's own columns, what linking compares: the rest are the lineage of the row.
ENTITY_COLUMNS = tuple(
    name for name in ENTITIES.column_names if name not in ("extractor_version", "run_id")
)


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


def ingested_sources(store: Store, manifest: Manifest) -> frozenset[str]:
    """The sha256 of every input file a committed ingest run read: its articles and rejects
    are all stored, so reading the same bytes again would add nothing."""
    with connect(store, manifest) as connection:
        rows = connection.execute(
            "select distinct input.sha256 from (select unnest(inputs) as input from runs"
            " where kind = $kind) where coalesce(input.sha256, '') <> ''",
            {"kind": INGEST},
        ).fetchall()
    return frozenset(sha256 for (sha256,) in rows)


def stored_entities(store: Store, manifest: Manifest) -> pa.Table:
    """Every entity the warehouse holds (`ENTITY_COLUMNS`)."""
    return read_column(store, manifest, "entities", list(ENTITY_COLUMNS))


def older_extractions(store: Store, manifest: Manifest, current: str) -> dict[str, int]:
    """Stored articles whose derived rows another extractor version made, per version.

    Every file is written by one run, so a row group's min and max `extractor_version` are
    equal and DuckDB skips the groups of the current version unread: the answer costs little
    while the archive is up to date.
    """
    selects = [
        f"select extractor_version, article_id from {quote_identifier(name)}"  # noqa: S608  (declared names)
        " where extractor_version <> $current"
        for name, schema in TABLES.items()
        if schema.derived
    ]
    with connect(store, manifest) as connection:
        rows = connection.execute(
            "select extractor_version, count(distinct article_id) from ("  # noqa: S608
            + " union all ".join(selects)
            + ") group by all",
            {"current": current},
        ).fetchall()
    return dict(rows)


def _published_between(since: dt.date | None, until: dt.date | None) -> tuple[str, dict]:
    """A filter on articles.published_date; undated articles match only an open range."""
    conditions, parameters = [], {}
    if since is not None:
        conditions.append("published_date >= $since")
        parameters["since"] = since
    if until is not None:
        conditions.append("published_date <= $until")
        parameters["until"] = until
    return (" and ".join(conditions) or "true"), parameters


# The order a run planned its articles in: by run, then file, then position in the file.
INGEST_ORDER = "ingested_at, source_path, source_position, article_id"


def articles_between(
    store: Store, manifest: Manifest, since: dt.date | None, until: dt.date | None
) -> pa.Table:
    """`article_id` and `published_month` of the stored articles published in [since, until]."""
    condition, parameters = _published_between(since, until)
    with connect(store, manifest) as connection:
        return connection.sql(
            f"select article_id, published_month from articles where {condition}"  # noqa: S608  (fixed conditions)
            " order by published_month, article_id",
            params=parameters,
        ).to_arrow_table()


def article_texts_between(
    store: Store,
    manifest: Manifest,
    since: dt.date | None,
    until: dt.date | None,
    batch_rows: int,
) -> Iterator[pa.RecordBatch]:
    """What extraction needs of those articles, `batch_rows` at a time (texts are streamed),
    in the order they were ingested: entity linking across articles depends on the order,
    so reprocessing with unchanged code gives the ingest's entity ids back."""
    condition, parameters = _published_between(since, until)
    with connect(store, manifest) as connection:
        reader = connection.sql(
            "select article_id, text, published_date, published_month, language,"  # noqa: S608
            " language_confidence, declared_language from articles"
            f" where {condition} order by {INGEST_ORDER}",
            params=parameters,
        ).to_arrow_reader(batch_rows)
        yield from reader


def entities_referenced_outside(
    store: Store, manifest: Manifest, article_ids: pa.Array
) -> pa.Table:
    """The stored entities that derived rows of articles other than `article_ids` refer to:
    what a reprocess of those articles keeps (`ENTITY_COLUMNS`, by id). The others are rebuilt
    from its new rows."""
    selects = [
        f"select {quote_identifier(column)} as entity_id from {quote_identifier(name)}"  # noqa: S608  (declared names)
        f" where {quote_identifier(column)} is not null"
        " and article_id not in (select article_id from reprocessed)"
        for name, schema in TABLES.items()
        if schema.derived
        for column in schema.column_names
        if column.endswith("entity_id")
    ]
    fields = ", ".join(f"e.{quote_identifier(name)}" for name in ENTITY_COLUMNS)
    with connect(store, manifest) as connection:
        connection.register("reprocessed", pa.table({"article_id": article_ids}))
        return connection.sql(
            f"select {fields} from entities as e where e.entity_id in ("  # noqa: S608
            + " union ".join(selects)
            + ") order by e.entity_id"
        ).to_arrow_table()
