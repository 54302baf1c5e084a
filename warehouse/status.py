"""What `newsledger status` reports, read through the warehouse's views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from schemas import TABLES
from schemas.articles import NOT_ENGLISH, UNDETERMINED_LANGUAGE
from warehouse.catalog import quote_identifier

LAST_RUNS = 5
TOP_REASONS = 10


@dataclass(frozen=True, slots=True)
class ChecksSummary:
    """The data checks of one run: how many passed and failed, and the failed ones' names."""

    run_id: str
    n_passed: int
    n_failed: int
    failed: list[str]  # table.check


@dataclass(frozen=True, slots=True)
class WarehouseStatus:
    articles: int
    outlets: int
    first_date: dt.date | None
    last_date: dt.date | None
    rows: dict[str, int]
    last_runs: list[tuple]  # run, kind, started, seconds, new, duplicates, rejected, outcome
    reject_reasons: list[tuple[str, int]]
    checks: ChecksSummary | None = None  # of the last run that recorded checks
    # Articles per detected language ("und": too short or unclear to tell; rows stored before
    # detection count under their declared language), and those flagged not_english: not
    # read by the English pipeline.
    languages: dict[str, int] = field(default_factory=dict)
    n_not_english: int = 0


def warehouse_status(connection: duckdb.DuckDBPyConnection) -> WarehouseStatus:
    """Counts, coverage, the last runs and the commonest reject reasons."""
    views = {
        row[0] for row in connection.execute("select view_name from duckdb_views()").fetchall()
    }
    rows = {
        name: connection.execute(
            f"select count(*) from {quote_identifier(name)}"  # noqa: S608  (declared name)
        ).fetchone()[0]
        if name in views
        else 0
        for name in TABLES
    }
    articles, outlets, first, last = (
        connection.execute(
            "select count(*), count(distinct source), min(published_date), max(published_date) "
            "from articles"
        ).fetchone()
        if "articles" in views
        else (0, 0, None, None)
    )
    last_runs = (
        connection.execute(
            "select run_id, kind, strftime(started_at, '%Y-%m-%d %H:%M:%S'), "
            "round(epoch(ended_at - started_at), 1), n_articles_new, n_duplicates, n_rejected, "
            "outcome from runs order by started_at desc, run_id limit ?",
            [LAST_RUNS],
        ).fetchall()
        if "runs" in views
        else []
    )
    reasons = (
        connection.execute(
            "select reason, count(*) as n from rejects group by reason "
            "order by n desc, reason limit ?",
            [TOP_REASONS],
        ).fetchall()
        if "rejects" in views
        else []
    )
    languages, n_not_english = article_languages(connection) if "articles" in views else ({}, 0)
    checks = None
    if "checks" in views:
        found = connection.execute(
            "select run_id, count(*) filter (where is_passed), "
            "count(*) filter (where not is_passed), "
            "coalesce(list(table_name || '.' || check_name order by table_name, check_name) "
            "filter (where not is_passed), []) "
            "from checks where run_id = "
            "(select run_id from checks order by checked_at desc, run_id desc limit 1) "
            "group by run_id"
        ).fetchone()
        checks = ChecksSummary(*found) if found else None
    return WarehouseStatus(
        articles, outlets, first, last, rows, last_runs, reasons, checks, languages, n_not_english
    )


def article_languages(connection: duckdb.DuckDBPyConnection) -> tuple[dict[str, int], int]:
    """Articles per language ("und" when null), commonest first, and the NOT_ENGLISH count."""
    languages = dict(
        connection.execute(
            "select coalesce(language, ?) as language, count(*) as n from articles "
            "group by all order by n desc, language",
            [UNDETERMINED_LANGUAGE],
        ).fetchall()
    )
    (n_not_english,) = connection.execute(
        "select count(*) from articles where list_contains(text_flags, ?)", [NOT_ENGLISH]
    ).fetchone()
    return languages, n_not_english
