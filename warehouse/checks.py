"""Data checks on a run's rows, before it commits: keys, references, offsets, bounds, values, dates.

Each check is one SQL query over the state the run is about to commit (the committed files plus
the run's own parts), built only from declared names (`quote_identifier`) and bound parameters.
A query returns the key of every offending row of this run: row-level rules look only at the
rows whose `run_id` is this run's, so their cost follows the run's size; lookups (does the
article exist? is the key already stored?) read the key columns of the whole table. Article
texts are read only for the articles the run's rows refer to (see `_this_run_with_article`).

A run that fails a check raises `ChecksFailed` before its manifest is written, so the warehouse
stays as it was; a run that passes records every check in the `checks` table.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from schemas import TABLES, table_schema
from schemas.articles import (
    DATE_FLAGS,
    DATE_ORDER_RULES,
    DATE_SOURCES,
    FLAG_BEFORE_1900,
    FLAG_FUTURE,
    TEXT_FLAGS,
)
from schemas.checks import FAILED_KEYS_KEPT
from schemas.claims import CATEGORIES, MODALITIES
from schemas.errors import RunError
from schemas.input_formats import INPUT_FORMATS
from schemas.quantities import KINDS, QUALIFIERS
from schemas.rejects import REJECT_FORMATS
from schemas.runs import RUN_KINDS, RUN_OUTCOMES
from schemas.table import rows_to_table
from schemas.temporal_expressions import GRANULARITIES, TIMEX_MODS, TIMEX_QUANTS, TIMEX_TYPES
from warehouse.catalog import create_table_views, quote_identifier
from warehouse.check_parts import IN_BUCKET, IN_PART, Part, run_parts
from warehouse.reference import LANGUAGES_TABLE, language_codes
from warehouse.store import DataFile, Store

# The column that holds each span table's surface text, equal to its slice of articles.text.
SURFACE_COLUMNS = {
    "entity_mentions": "text",
    "quantities": "text",
    "temporal_expressions": "text",
    "claims": "text",
    "quotations": "quote",
}
# Columns whose values come from a declared set (for a list column, each of its elements).
ALLOWED_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("articles", "date_order_rule"): DATE_ORDER_RULES,
    ("articles", "date_flags"): DATE_FLAGS,
    ("articles", "date_source"): DATE_SOURCES,
    ("articles", "text_flags"): TEXT_FLAGS,
    ("articles", "format"): INPUT_FORMATS,
    ("rejects", "format"): REJECT_FORMATS,
    ("runs", "kind"): RUN_KINDS,
    ("runs", "outcome"): RUN_OUTCOMES,
    ("quantities", "qualifier"): QUALIFIERS,
    ("quantities", "kind"): KINDS,
    ("claims", "category"): CATEGORIES,
    ("claims", "qualifier"): QUALIFIERS,
    ("claims", "modality"): MODALITIES,
    ("temporal_expressions", "timex_type"): TIMEX_TYPES,
    ("temporal_expressions", "granularity"): GRANULARITIES,
    ("temporal_expressions", "mod"): TIMEX_MODS,
    ("temporal_expressions", "quant"): TIMEX_QUANTS,
}
# Columns holding an ISO 639-1 language code: their allowed values are the reference table
# `schemas/reference/languages.csv` (`warehouse.reference.language_codes`), too many to list
# in the check's description. `declared_language` is not one: it keeps what the input
# declared ("fil", "iw"), and a page's odd `lang` must not fail a run.
LANGUAGE_COLUMNS: tuple[tuple[str, str], ...] = (("articles", "language"),)
# Publication dates outside [1900-01-01, day after ingest] must carry the flag that
# transforms.dates.parse_published gives them (it flags FLAG_FUTURE past the latest local date
# on earth at ingest, at most one day after the UTC date).
EARLIEST_UNFLAGGED_DATE = dt.date(1900, 1, 1)
# DuckDB's buffer budget for the checks: past it, joins and aggregates spill to a temporary
# directory, so a run's peak memory does not follow the archive's size (DuckDB's default is
# 80 % of the machine's memory).
CHECKS_MEMORY_LIMIT = "256MB"
# Checks run side by side (`run_checks`).
CHECKS_SIDE_BY_SIDE = 2
# Failed keys shown per check in the error message (the table keeps FAILED_KEYS_KEPT).
KEYS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Check:
    """One rule: `sql` selects `failed_key` for every row of the run that breaks it."""

    table: str
    name: str
    description: str
    sql: str
    parameters: Mapping[str, object] = field(default_factory=dict)
    # Set for checks of a derived table that join article texts or group keys: they run
    # over the run's rows a part at a time (`Part`: a range of publication months, or one
    # month's articles split by a hash of their id; about ARTICLES_PER_PART articles each), so
    # their memory is that of a small run however large this one is; files and row groups
    # hold one month each, so every part reads only its months.
    partitioned: bool = False
    # Set for a rule on each row of the run alone (`_row_check`): what a row breaking it meets
    # (alias t). The row checks of one table run as one query (`_run_row_checks`): one scan of
    # the table's files instead of one per check, which on a run's hundreds of small files is
    # what a check costs.
    condition: str | None = None

    @property
    def bucket_sql(self) -> str:
        """`sql` for a part of a partitioned check that is one hash bucket of a month."""
        return self.sql.replace(IN_PART, IN_BUCKET)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one check on one run."""

    table: str
    name: str
    description: str
    n_failed: int
    failed_keys: list[str]
    seconds: float
    checked_at: dt.datetime

    @property
    def is_passed(self) -> bool:
        return self.n_failed == 0

    def summary(self, keys_shown: int = KEYS_SHOWN) -> str:
        """One line: the check, how many rows broke it and the first keys."""
        examples = ", ".join(self.failed_keys[:keys_shown])
        more = ", ..." if self.n_failed > keys_shown else ""
        return (
            f"{self.table}.{self.name}: {self.n_failed} failed ({self.description}), "
            f"e.g. {examples}{more}"
        )


class ChecksFailed(RunError):
    """A run broke data checks; nothing it wrote was committed."""

    def __init__(self, run_id: str, failed: list[CheckResult]) -> None:
        self.run_id = run_id
        self.failed = failed
        names = ", ".join(f"{r.table}.{r.name} ({r.n_failed})" for r in failed)
        lines = [f"run {run_id} failed {len(failed)} data check(s), not committed: {names}"]
        lines += [f"  {result.summary()}" for result in failed]
        super().__init__("\n".join(lines))


def _column(alias: str, name: str) -> str:
    return f"{alias}.{quote_identifier(name)}"


def _key(table: str, alias: str = "t") -> str:
    """The row's primary key as one string, its columns joined by '/'."""
    parts = ", ".join(
        f"cast({_column(alias, name)} as varchar)" for name in table_schema(table).primary_key
    )
    return f"concat_ws('/', {parts})"


def _this_run(table: str, condition: str) -> str:
    """Rows of this run of `table` (alias t) that meet `condition`: they break the rule."""
    return (
        f"select {_key(table)} as failed_key from {quote_identifier(table)} as t "  # noqa: S608  (declared names)
        f"where t.{quote_identifier('run_id')} = $run_id and ({condition})"
    )


def _row_check(
    table: str,
    name: str,
    description: str,
    condition: str,
    parameters: Mapping[str, object] | None = None,
) -> Check:
    """A check that the run's rows of `table` each do not meet `condition`."""
    return Check(
        table,
        name,
        description,
        _this_run(table, condition),
        dict(parameters or {}),
        condition=condition,
    )


def _this_run_with_article(
    table: str, condition: str, article_column: str, columns: tuple[str, ...]
) -> str:
    """Rows of this run of `table` (alias t) that meet `condition`, next to one column of their
    article (alias a).

    The articles of this run are found by their run_id, which row-group statistics answer
    without reading other runs' texts; only articles of earlier runs are looked up by id.
    Joining the whole articles table would read every stored text, every run. Only the
    `columns` the condition reads (and the key) are taken from the run's rows: the join may
    spill to disk, and narrow rows keep it small.
    """
    articles, run_id, article_id = (
        quote_identifier(name) for name in ("articles", "run_id", "article_id")
    )
    column = quote_identifier(article_column)
    needed = dict.fromkeys((*table_schema(table).primary_key, "article_id", *columns))
    selected = ", ".join(quote_identifier(name) for name in needed)
    in_part = IN_PART
    return (
        f"with run_rows as (select {selected} from {quote_identifier(table)} "  # noqa: S608  (declared names)
        f"where {run_id} = $run_id and {in_part}), "
        f"run_articles as (select {article_id}, {column} from {articles} "
        f"where {run_id} = $run_id and {in_part} "
        f"and {article_id} in (select {article_id} from run_rows)), "
        # When every row is of this run's articles (an ingest), this set is empty and the
        # scan below is skipped.
        f"earlier_ids as (select {article_id} from run_rows "
        f"where {article_id} not in (select {article_id} from run_articles)), "
        f"earlier_articles as (select {article_id}, {column} from {articles} "
        f"where {article_id} in (select {article_id} from earlier_ids)) "
        f"select {_key(table)} as failed_key from run_rows as t "
        f"join (select * from run_articles union all select * from earlier_articles) as a "
        f"on {_column('a', 'article_id')} = {_column('t', 'article_id')} where ({condition})"
    )


def unique_key(table: str) -> Check:
    """No key of this run's rows occurs twice in the whole table (stored rows included)."""
    primary_key = table_schema(table).primary_key
    key = ", ".join(quote_identifier(name) for name in primary_key)
    name = quote_identifier(table)
    # A derived row's key holds its article's id, and all of an article's rows its month:
    # the check can go a part at a time (a range of months, or a hash bucket of a month's
    # article ids: warehouse/check_parts.py).
    partitioned = table_schema(table).derived
    in_part = IN_PART if partitioned else "true"
    sql = (
        f"select {_key(table)} as failed_key from {name} as t "  # noqa: S608  (declared names)
        f"semi join (select {key} from {name} where {quote_identifier('run_id')} = $run_id "
        f"and {in_part}) as new using ({key}) where {in_part} group by {key} having count(*) > 1"
    )
    return Check(
        table, "unique_key", "primary key occurs once in the table", sql, partitioned=partitioned
    )


def one_run_per_article(table: str) -> Check:
    """An article this run extracted has no rows of another run left in a derived table.

    Ingest extracts only new articles and reprocess replaces all of an article's derived
    rows, so one article's rows never mix extractor versions; this holds them to it.
    """
    article_id, run_id = quote_identifier("article_id"), quote_identifier("run_id")
    name = quote_identifier(table)
    # All of an article's rows hold its month and id: a part (a range of months, or a hash
    # bucket of one month's article ids) reads only those.
    sql = (
        f"select {_key(table)} as failed_key from {name} as t "  # noqa: S608  (declared names)
        f"where {IN_PART} and t.{run_id} <> $run_id and t.{article_id} in "
        f"(select {article_id} from {name} where {run_id} = $run_id and {IN_PART})"
    )
    return Check(
        table,
        "one_run_per_article",
        "an article's rows come from one run (one extractor version)",
        sql,
        partitioned=True,
    )


def exists(table: str, column: str, target: str, target_column: str) -> Check:
    """Every set value of `column` is a `target_column` of a row of `target`."""
    condition = (
        f"{_column('t', column)} is not null and not exists (select 1 from "  # noqa: S608  (declared names)
        f"{quote_identifier(target)} as r where {_column('r', target_column)} = "
        f"{_column('t', column)})"
    )
    return _row_check(
        table,
        f"{column}_exists",
        f"{column} refers to an existing {target}.{target_column}",
        condition,
    )


def offsets_match_text(table: str, surface: str) -> Check:
    """The span lies inside its article's text, and the text there is the stored surface."""
    start, end = _column("t", "start_char"), _column("t", "end_char")
    text = _column("a", "text")
    condition = (
        f"not ({start} >= 0 and {start} < {end} and {end} <= length({text}) and "
        f"substr({text}, {start} + 1, {end} - {start}) = {_column('t', surface)})"
    )
    return Check(
        table,
        "offsets_match_text",
        f"0 <= start_char < end_char <= length(article text), and the text there equals {surface}",
        _this_run_with_article(table, condition, "text", ("start_char", "end_char", surface)),
        partitioned=True,
    )


def bounds_ordered(table: str) -> Check:
    """low <= value <= high, where low and high are set."""
    value = _column("t", "value")
    condition = f"{_column('t', 'low')} > {value} or {value} > {_column('t', 'high')}"
    return _row_check(table, "bounds_ordered", "low <= value <= high where set", condition)


def allowed(
    table: str, column: str, values: tuple[str, ...], described_as: str | None = None
) -> Check:
    """`column` holds one of its declared values; a list column, only declared values.

    The description lists the values, or says `described_as` ("an ISO 639-1 code").
    """
    value = _column("t", column)
    listed = described_as or f"one of: {', '.join(values)}"
    # One parameter per column: a table's row checks run as one query (`_run_row_checks`).
    parameter = f"allowed_{column}"
    if pa.types.is_list(table_schema(table).arrow_schema.field(column).type):
        condition = f"{value} is not null and not list_has_all(${parameter}, {value})"
        description = f"every element of {column} is {listed}"
    else:
        condition = f"{value} is not null and not list_contains(${parameter}, {value})"
        description = f"{column} is {listed}"
    return _row_check(table, f"{column}_allowed", description, condition, {parameter: list(values)})


def published_date_in_range() -> Check:
    """A publication date before 1900 or after the day after ingest carries its flag."""
    date, flags = _column("t", "published_date"), f"coalesce({_column('t', 'date_flags')}, [])"
    ingest_day = f"cast(timezone('UTC', {_column('t', 'ingested_at')}) as date)"
    condition = (
        f"({date} > {ingest_day} + 1 and not list_contains({flags}, $future)) or "
        f"({date} < $earliest and not list_contains({flags}, $before))"
    )
    return _row_check(
        "articles",
        "published_date_in_range",
        f"published_date from {EARLIEST_UNFLAGGED_DATE} to the day after ingest, "
        f"else flagged {FLAG_BEFORE_1900} or {FLAG_FUTURE}",
        condition,
        {"earliest": EARLIEST_UNFLAGGED_DATE, "before": FLAG_BEFORE_1900, "future": FLAG_FUTURE},
    )


def as_of_date_in_range() -> Check:
    """A claim's as_of_date is not after its article's publication (the extractor caps it)."""
    condition = f"{_column('t', 'as_of_date')} > {_column('a', 'published_date')}"
    return Check(
        "claims",
        "as_of_date_in_range",
        "as_of_date not after the article's published_date",
        _this_run_with_article("claims", condition, "published_date", ("as_of_date",)),
        partitioned=True,
    )


def dates_ordered() -> Check:
    """A temporal expression's interval does not end before it starts."""
    condition = f"{_column('t', 'start_date')} > {_column('t', 'end_date')}"
    return _row_check("temporal_expressions", "dates_ordered", "start_date <= end_date", condition)


def declared_checks() -> list[Check]:
    """Every check, derived from the declared schemas, in table order.

    The `checks` table is left out: its rows for a run are written after the checks ran.
    """
    checks = []
    for name, schema in TABLES.items():
        if name == "checks":
            continue
        columns = schema.column_names
        checks.append(unique_key(name))
        if schema.derived:
            checks.append(one_run_per_article(name))
        if name == "articles":
            checks += [exists(name, "duplicate_of", "articles", "article_id")]
            checks += [published_date_in_range()]
        elif "article_id" in columns:
            checks.append(exists(name, "article_id", "articles", "article_id"))
        if name != "entities":
            checks += [
                exists(name, column, "entities", "entity_id")
                for column in columns
                if column == "entity_id" or column.endswith("_entity_id")
            ]
        if "start_char" in columns:
            checks.append(offsets_match_text(name, SURFACE_COLUMNS[name]))
        if {"low", "value", "high"} <= set(columns):
            checks.append(bounds_ordered(name))
        checks += [
            allowed(name, column, values)
            for (table, column), values in ALLOWED_VALUES.items()
            if table == name
        ]
        checks += [
            allowed(name, column, language_codes(), f"an ISO 639-1 code ({LANGUAGES_TABLE})")
            for table, column in LANGUAGE_COLUMNS
            if table == name
        ]
        if name == "claims":
            checks.append(as_of_date_in_range())
        if name == "temporal_expressions":
            checks.append(dates_ordered())
    return checks


def run_checks(
    connection: duckdb.DuckDBPyConnection,
    run_id: str,
    checks: list[Check] | None = None,
    side_by_side: int = CHECKS_SIDE_BY_SIDE,
) -> list[CheckResult]:
    """Run every check (or the given ones) on the rows of `run_id` the connection's views show,
    `side_by_side` queries at a time; the results come in the order of the checks."""
    checks = declared_checks() if checks is None else checks
    parts_by_table = {
        table: run_parts(connection, table, run_id)
        for table in dict.fromkeys(check.table for check in checks if check.partitioned)
    }
    row_checks: dict[str, list[Check]] = {}
    for check in checks:
        if check.condition is not None:
            row_checks.setdefault(check.table, []).append(check)
    queries = [[check] for check in checks if check.condition is None]
    queries += row_checks.values()

    def run_one(query: list[Check]) -> list[CheckResult]:
        # A cursor per query: a connection runs one query at a time, its cursors one each.
        with connection.cursor() as cursor:
            if query[0].condition is not None:
                return _run_row_checks(cursor, query, run_id)
            (check,) = query
            parts = parts_by_table[check.table] if check.partitioned else [None]
            return [_run_check(cursor, check, run_id, parts)]

    # Each query is small and leaves DuckDB's threads idle part of its time (scans of a few
    # files, a final aggregate): run side by side, they keep the cores busy, at the end of a
    # run when the workers have nothing left to do.
    with ThreadPoolExecutor(max_workers=side_by_side) as pool:
        results = {
            (result.table, result.name): result
            for query_results in pool.map(run_one, queries)
            for result in query_results
        }
    return [results[check.table, check.name] for check in checks]


def _run_row_checks(
    cursor: duckdb.DuckDBPyConnection, checks: list[Check], run_id: str
) -> list[CheckResult]:
    """The row checks of one table in one query: each row's key and, per check, whether the
    row breaks it; then per check the count and the smallest keys of the rows that do.
    Each result's `seconds` is the query's, which its checks share."""
    table = checks[0].table
    parameters: dict[str, object] = {"run_id": run_id, "kept": FAILED_KEYS_KEPT}
    for check in checks:
        for name, value in check.parameters.items():
            if parameters.setdefault(name, value) != value:
                raise ValueError(f"checks of {table} bind {name} to different values")
    # The SQL is built from declared names and the checks' own conditions; values are bound.
    breaks = ", ".join(f"({check.condition}) as broken_{i}" for i, check in enumerate(checks))
    aggregates = ", ".join(
        f"count(*) filter (where broken_{i}), "
        f"coalesce(min(failed_key, $kept) filter (where broken_{i}), [])"
        for i in range(len(checks))
    )
    sql = (
        f"select {aggregates} from (select {_key(table)} as failed_key, {breaks} "  # noqa: S608  (declared names)
        f"from {quote_identifier(table)} as t where t.{quote_identifier('run_id')} = $run_id)"
    )
    checked_at = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    row = cursor.execute(sql, parameters).fetchone()
    seconds = round(time.perf_counter() - started, 4)
    return [
        CheckResult(
            check.table,
            check.name,
            check.description,
            row[2 * i],
            sorted(row[2 * i + 1])[:FAILED_KEYS_KEPT],
            seconds,
            checked_at,
        )
        for i, check in enumerate(checks)
    ]


def _run_check(
    cursor: duckdb.DuckDBPyConnection,
    check: Check,
    run_id: str,
    parts: list[Part] | list[None],
) -> CheckResult:
    checked_at = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    parameters = {**check.parameters, "run_id": run_id, "kept": FAILED_KEYS_KEPT}
    n_failed, keys = 0, []
    for part in parts:
        sql, bound = check.sql, parameters
        if part is not None:
            bound = parameters | {"first_month": part.first_month, "last_month": part.last_month}
        if part is not None and part.buckets > 1:
            sql, bound = check.bucket_sql, bound | {"bucket": part.bucket, "buckets": part.buckets}
        # The check's SQL is built from declared names only; values are bound. min(x, n)
        # keeps only the n smallest keys: bounded state however many rows fail.
        part_failed, part_keys = cursor.execute(
            f"select count(*), coalesce(min(failed_key, $kept), []) from ({sql})",  # noqa: S608
            bound,
        ).fetchone()
        n_failed += part_failed
        keys = sorted([*keys, *part_keys])[:FAILED_KEYS_KEPT]
    return CheckResult(
        check.table,
        check.name,
        check.description,
        n_failed,
        keys,
        round(time.perf_counter() - started, 4),
        checked_at,
    )


def check_files(
    store: Store, files_by_table: Mapping[str, list[DataFile]], run_id: str
) -> list[CheckResult]:
    """Run the checks on the state these files make (`RunWriter.files_after_commit`)."""
    with (
        tempfile.TemporaryDirectory(prefix="newsledger-checks-") as spill,
        duckdb.connect(
            config={"memory_limit": CHECKS_MEMORY_LIMIT, "temp_directory": spill}
        ) as connection,
    ):
        if not store.is_local:
            connection.register_filesystem(store.fs)
        create_table_views(
            connection,
            {
                name: [store.uri(data_file.path) for data_file in files]
                for name, files in files_by_table.items()
            },
        )
        return run_checks(connection, run_id)


def check_rows(results: list[CheckResult], run_id: str) -> pa.Table:
    """The `checks` table's rows for one run."""
    return rows_to_table(
        table_schema("checks"),
        [
            {
                "run_id": run_id,
                "table_name": result.table,
                "check_name": result.name,
                "description": result.description,
                "is_passed": result.is_passed,
                "n_failed": result.n_failed,
                "failed_keys": result.failed_keys,
                "seconds": result.seconds,
                "checked_at": result.checked_at,
            }
            for result in results
        ],
    )


def raise_if_failed(results: list[CheckResult], run_id: str) -> None:
    """Raise `ChecksFailed` listing every check some row broke."""
    failed = [result for result in results if not result.is_passed]
    if failed:
        raise ChecksFailed(run_id, failed)
