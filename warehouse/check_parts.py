"""The parts a data check goes through a run in, so that its memory is that of a small run.

The checks that join a run's rows to their articles' texts, or group them by key
(`warehouse.checks.Check.partitioned`), read the run a part at a time: consecutive publication
months while their articles fit in one part, and a month with more split by a hash of the
article ids. Files and row groups hold one month each, so a part reads only its months' files.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from warehouse.catalog import quote_identifier

# About this many articles in each part of a partitioned check (`Part`).
ARTICLES_PER_PART = 5000
IN_PART = f"{quote_identifier('published_month')} between $first_month and $last_month"
# The same for a part that is one hash bucket of a month's articles (`Check.bucket_sql`). Only
# then: the hash of every row's id made the checks of a run of 20,000 records 14 % slower.
IN_BUCKET = f"{IN_PART} and hash({quote_identifier('article_id')}) % $buckets = $bucket"


class Part(NamedTuple):
    """The rows a partitioned check reads in one query: those of the articles published from
    `first_month` to `last_month` whose id hashes to `bucket` of `buckets`."""

    first_month: str
    last_month: str
    bucket: int = 0
    buckets: int = 1


def run_parts(connection: duckdb.DuckDBPyConnection, table: str, run_id: str) -> list[Part]:
    """The parts a partitioned check of `table` goes through for the run (`parts_of`)."""
    month, article_id = quote_identifier("published_month"), quote_identifier("article_id")
    counts = connection.execute(
        f"select {month}, count(distinct {article_id}) from {quote_identifier(table)} "  # noqa: S608  (declared names)
        f"where {quote_identifier('run_id')} = $run_id group by 1 order by 1",
        {"run_id": run_id},
    ).fetchall()
    return parts_of(counts)


def parts_of(month_counts: list[tuple[str, int]]) -> list[Part]:
    """Parts of about ARTICLES_PER_PART articles from each publication month's count of the
    run's articles (in month order): consecutive months together while they fit, a month with
    more split by a hash of the article ids.

    The split matters for a crawl: a CC-NEWS file is a few hours of one day, so all its
    articles are of one or two months, and a part of a whole month would hold them all.
    """
    parts: list[Part] = []
    first, last, n_articles = None, None, 0
    for month, count in month_counts:
        if first is not None and n_articles + count > ARTICLES_PER_PART:
            parts.append(Part(first, last))
            first, n_articles = None, 0
        if count > ARTICLES_PER_PART:
            buckets = -(-count // ARTICLES_PER_PART)
            parts += [Part(month, month, bucket, buckets) for bucket in range(buckets)]
            continue
        first = month if first is None else first
        last, n_articles = month, n_articles + count
    if first is not None:
        parts.append(Part(first, last))
    return parts or [Part("", "")]
