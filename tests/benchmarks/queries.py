"""Query benchmark: the longitudinal views over a generated warehouse of N articles.

The warehouse is written through the normal writer (declared schemas, partitioned Parquet,
manifest commit) with synthetic rows shaped like real output: per article a short text,
~10 entity mentions over a pool of entities, ~2 claims over a pool of subjects and claimants,
dates over ten years. Then each view query runs `--repeat` times and the median is printed,
with the 1-minute load average before and after the queries as a sign of contention (the
queries' own threads count in it too).
Each median is printed next to DuckDB's own floor measured in the same run on the same claims
(one Parquet file sorted by subject, plain selects), as a ratio: these machines are noisy.
Issue 21's goals at 1,000,000 articles: under 50 ms for the one-subject views, under 300 ms for
the whole-archive aggregates.

A warehouse kept with `--keep` is reused as it is (compacted or not), but its DuckDB catalog is
rebuilt first: the catalog stores the view definitions of its last commit, and the benchmark
must measure the current `warehouse/views`.

Run: python -m tests.benchmarks.queries --articles 1000000 [--keep DIR] [--compact]
     [--markdown FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from schemas import TABLES
from tests.benchmarks import append_section
from warehouse.catalog import connect, create_views, read_only_catalog
from warehouse.compact import compact_warehouse
from warehouse.store import CATALOG, Manifest, Store
from warehouse.writer import RunWriter, open_for_write

QUERIES = {
    "claims_timeline (one subject, category)": (
        "select published_date, value, low, high, qualifier, claimant_text, outlet"
        " from claims_timeline where subject_key = 'geonames:17' and category = 'killed'"
        " order by published_date"
    ),
    "latest_estimates macro": (
        "select * from latest_estimates('geonames:17', 'killed', '2021-06-30')"
    ),
    "claimant_divergence (one subject)": (
        "select * from claimant_divergence where subject_key = 'geonames:17'"
    ),
    "claim_clusters (top 20)": ("select * from claim_clusters order by n_articles desc limit 20"),
    "mention_trends (one entity, monthly)": (
        "select period_start, n_mentions from mention_trends"
        " where granularity = 'month' and entity_id = 'geonames:17' order by 1"
    ),
    "claims_timeline monthly totals (whole archive)": (
        "select date_trunc('month', published_date) as month, category, count(*), sum(value)"
        " from claims_timeline group by all"
    ),
    "source_coverage (whole archive)": "select * from source_coverage",
}
# The views over the whole archive; the others ask for one subject or entity.
ARCHIVE_WIDE = {
    "claim_clusters (top 20)",
    "claims_timeline monthly totals (whole archive)",
    "source_coverage (whole archive)",
}
# DuckDB's own floor on the same claims: one Parquet file sorted by subject, category and date
# (FLOOR_FILE, written by `write_floor`), read with plain selects and no views.
FLOOR_FILE = "floor.parquet"
FLOORS = {
    "one subject": (
        "select as_of_date, value, low, high, qualifier, claimant_text from read_parquet(?)"
        " where subject_key = 'geonames:17' and category = 'killed' order by as_of_date"
    ),
    "whole archive": (
        "select date_trunc('month', as_of_date) as month, category, count(*), sum(value)"
        " from read_parquet(?) group by all"
    ),
}
BATCH = 100_000
CATEGORIES = ["killed", "injured", "displaced", "arrested", "casualties"]


def _table(name: str, size: int, **columns: object) -> pa.Table:
    """A table of the declared schema; scalar values are repeated `size` times."""
    schema = TABLES[name].arrow_schema
    arrays = {}
    for field in schema:
        # Nullable columns the generator does not fill (declared after it was written) are null.
        value = columns[field.name] if field.name in columns or not field.nullable else None
        if value is None or isinstance(value, str | bool | int | float | dt.datetime):
            value = pa.array([value] * size, type=field.type)
        arrays[field.name] = value
    return pa.table(arrays).cast(schema)


def generate(root: str, n: int, seed: int = 7, first: int = 0) -> None:
    """Write a synthetic warehouse of `n` articles, in one commit.

    With `first`, the commit adds articles `first` to `first + n` (and no entities) to a
    warehouse generated before: tests commit several times this way.
    """
    rng = np.random.default_rng(seed + first)
    store = Store(root)
    start = dt.date(2015, 1, 1)
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, f"bench-{first}" if first else "bench")
        entity_ids = [f"geonames:{i}" for i in range(2000)]
        if first:
            _add_articles(writer, rng, first, n, entity_ids, start, now)
            writer.commit()
            return
        writer.add(
            "entities",
            pa.table(
                {
                    "entity_id": entity_ids,
                    "canonical_name": [f"Place {i}" for i in range(2000)],
                    "entity_type": ["GPE"] * 2000,
                    "aliases": [[f"Place {i}"] for i in range(2000)],
                    "country_code": ["XXX"] * 2000,
                    "geonames_id": list(range(2000)),
                    "wikidata_id": [None] * 2000,
                    "extractor_version": ["bench"] * 2000,
                    "run_id": ["bench"] * 2000,
                },
                schema=TABLES["entities"].arrow_schema,
            ),
        )
        _add_articles(writer, rng, first, n, entity_ids, start, now)
        writer.commit()


def _add_articles(
    writer: RunWriter,
    rng: np.random.Generator,
    first: int,
    n: int,
    entity_ids: list[str],
    start: dt.date,
    now: dt.datetime,
) -> None:
    for offset in range(first, first + n, BATCH):
        size = min(BATCH, first + n - offset)
        ids = [f"{i:032x}" for i in range(offset, offset + size)]
        days = rng.integers(0, 3650, size)
        dates = [start + dt.timedelta(days=int(d)) for d in days]
        months = [f"{d:%Y-%m}" for d in dates]
        writer.add(
            "articles",
            _table(
                "articles",
                size,
                **{
                    "article_id": ids,
                    "external_id": None,
                    "title": [f"Report {i}" for i in range(offset, offset + size)],
                    "text": ["Synthetic article text for the query benchmark."] * size,
                    "duplicate_of": None,
                    "published_date": dates,
                    "published_at": None,
                    "published_raw": [d.isoformat() for d in dates],
                    "date_order_rule": "iso",
                    "is_date_ambiguous": False,
                    "date_flags": pa.array([[]] * size, pa.list_(pa.string())),
                    "source": [f"Outlet {k}" for k in rng.integers(0, 50, size)],
                    "byline": None,
                    "url": None,
                    "language": None,
                    "text_flags": pa.array([[]] * size, pa.list_(pa.string())),
                    "format": "jsonl",
                    "source_path": "/bench.jsonl",
                    "source_position": np.arange(size, dtype=np.int32),
                    "source_sha256": "0" * 64,
                    "ingested_at": now,
                    "run_id": writer.run_id,
                    "published_month": months,
                },
            ),
        )
        # ~10 mentions per article over a skewed pool of entities.
        per = 10
        m_article = np.repeat(np.arange(size), per)
        m_entity = np.minimum(rng.zipf(1.5, size * per), 2000) - 1
        writer.add(
            "entity_mentions",
            _table(
                "entity_mentions",
                size * per,
                **{
                    "article_id": pa.array(ids).take(pa.array(m_article)),
                    "text": [f"Place {e}" for e in m_entity],
                    "label": "GPE",
                    "entity_id": [entity_ids[e] for e in m_entity],
                    "ner_label": "GPE",
                    "is_demonym": False,
                    "start_char": np.tile(np.arange(per, dtype=np.int32) * 10, size),
                    "end_char": np.tile(np.arange(per, dtype=np.int32) * 10 + 7, size),
                    "sentence_index": pa.array(np.zeros(size * per, dtype=np.int32)),
                    "extractor_version": "bench",
                    "run_id": writer.run_id,
                    "published_month": pa.array(months).take(pa.array(m_article)),
                },
            ),
        )
        # ~2 claims per article; subjects and claimants from small skewed pools.
        per = 2
        c_article = np.repeat(np.arange(size), per)
        subjects = np.minimum(rng.zipf(1.6, size * per), 500) - 1
        claimants = rng.integers(0, 40, size * per)
        categories = rng.integers(0, len(CATEGORIES), size * per)
        values = rng.integers(1, 5000, size * per).astype(float)
        writer.add(
            "claims",
            _table(
                "claims",
                size * per,
                **{
                    "article_id": pa.array(ids).take(pa.array(c_article)),
                    "category": [CATEGORIES[c] for c in categories],
                    "value": values,
                    "low": values,
                    "high": values,
                    "qualifier": "exact",
                    "negated": False,
                    "subject_text": [f"people of place {s}" for s in subjects],
                    "subject_group": "people",
                    "subject_entity_id": [entity_ids[s] for s in subjects],
                    "claimant_text": [f"Claimant {c}" for c in claimants],
                    "claimant_entity_id": [f"org:claimant-{c}" for c in claimants],
                    "claimant_chain": [[f"Claimant {c}"] for c in claimants],
                    "reporting_verb": "say",
                    "hedge": None,
                    "location_entity_id": None,
                    "location_country": None,
                    "subject_key": [entity_ids[s] for s in subjects],
                    "as_of_date": pa.array(dates).take(pa.array(c_article)),
                    "is_cumulative": False,
                    "is_implausible": False,
                    "sentence": "Synthetic sentence.",
                    "text": [f"{v:g}" for v in values],
                    "start_char": np.tile(np.arange(per, dtype=np.int32) * 20, size),
                    "end_char": np.tile(np.arange(per, dtype=np.int32) * 20 + 4, size),
                    "sentence_index": pa.array(np.zeros(size * per, dtype=np.int32)),
                    "cluster_id": [
                        f"{c}-{s}-{k}-{v:g}"
                        for c, s, k, v in zip(claimants, subjects, categories, values, strict=True)
                    ],
                    "extractor_version": "bench",
                    "run_id": writer.run_id,
                    "published_month": pa.array(months).take(pa.array(c_article)),
                },
            ),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) it here")
    parser.add_argument("--markdown", type=Path, default=None, help="append results here")
    parser.add_argument("--compact", action="store_true", help="compact before measuring")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = str(args.keep or Path(folder) / "wh")
        store = Store(root)
        started = time.perf_counter()
        reused = store.exists()
        if reused:
            with open_for_write(store):
                pass  # taking the writer lock rebuilds the catalog with the current views
        else:
            generate(root, args.articles)
        build_seconds = time.perf_counter() - started
        if args.compact:
            compact_warehouse(store)
        # The catalog (with the materialized views) is built anew and timed: what each commit
        # spends on it at this size.
        with contextlib.suppress(FileNotFoundError):
            os.remove(store.path(CATALOG))
        started = time.perf_counter()
        with open_for_write(store):
            pass
        catalog_seconds = time.perf_counter() - started
        catalog_mb = os.path.getsize(store.path(CATALOG)) / 1e6
        manifest = store.read_manifest()
        floor = write_floor(store, manifest, Path(folder) / FLOOR_FILE)
        load_before = os.getloadavg()[0]
        results, computed, floors = measure(store, manifest, floor, args.repeat)
        load_after = os.getloadavg()[0]
        files = sum(len(files) for files in manifest.tables.values())
    ratios = {
        name: round(seconds / floors["whole archive" if name in ARCHIVE_WIDE else "one subject"], 1)
        for name, seconds in results.items()
    }
    report = {
        "articles": args.articles,
        "build_seconds": round(build_seconds, 1),
        "catalog_seconds": round(catalog_seconds, 1),
        "catalog_mb": round(catalog_mb, 1),
        "files": files,
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "median_seconds": results,
        "median_seconds_views_computed_per_query": computed,
        "duckdb_floor_seconds": floors,
        "ratio_to_floor": ratios,
    }
    print(json.dumps(report, indent=1))
    if args.markdown:
        append_section(
            args.markdown,
            f"\n### Views over a generated warehouse of {args.articles:,} articles\n\n"
            f"Command: `python -m tests.benchmarks.queries {' '.join(sys.argv[1:])}`; "
            f"{files} Parquet files; "
            + ("reused" if reused else f"generated in {report['build_seconds']} s")
            + ", catalog (with "
            f"the materialized views, {report['catalog_mb']} MB) built in "
            f"{report['catalog_seconds']} s; 1-minute load average {load_before:.2f} before, "
            f"{load_after:.2f} after. DuckDB's floor on the "
            f"same claims (one sorted Parquet file, plain select): one subject "
            f"{floors['one subject']} s, whole-archive monthly aggregate "
            f"{floors['whole archive']} s.\n\n"
            "| query | views computed per query, s | materialized catalog, s | × floor |\n"
            "|---|---|---|---|\n"
            + "".join(
                f"| {name} | {computed[name]} | {seconds} | {ratios[name]} |\n"
                for name, seconds in results.items()
            ),
        )


def write_floor(store: Store, manifest: Manifest, path: Path) -> str:
    """The claims as one Parquet file sorted by subject, category and date: DuckDB's floor."""
    files = [store.path(f.path) for f in manifest.files("claims") if f.rows]
    with duckdb.connect() as connection:
        sorted_claims = connection.read_parquet(files).order("subject_key, category, as_of_date")
        sorted_claims.select(
            "subject_key, category, as_of_date, value, low, high, qualifier, claimant_text"
        ).write_parquet(str(path), row_group_size=16384)
    return str(path)


def measure(
    store: Store, manifest: Manifest, floor: str, repeat: int
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Median seconds per view query (on the catalog, and on views computed per query as
    before issue 21: what a connection without the catalog still does) and per floor query,
    in interleaved rounds (each round runs every query once) so that contention weighs on all
    of them alike."""
    names = [*QUERIES, *(f"computed: {name}" for name in QUERIES), *FLOORS]
    times: dict[str, list[float]] = {name: [] for name in names}

    def timed(name: str, connection: duckdb.DuckDBPyConnection, sql: str, *params) -> None:
        began = time.perf_counter()
        connection.execute(sql, *params).fetchall()
        times[name].append(time.perf_counter() - began)

    with (
        connect(store, manifest) as catalog,
        read_only_catalog(lambda c: create_views(c, store, manifest)) as computed,
        duckdb.connect() as plain,
    ):
        for _ in range(repeat):
            for name, sql in QUERIES.items():
                timed(name, catalog, sql)
                timed(f"computed: {name}", computed, sql)
            for name, sql in FLOORS.items():
                timed(name, plain, sql, [floor])
    medians = {name: round(statistics.median(values), 4) for name, values in times.items()}
    return (
        {name: medians[name] for name in QUERIES},
        {name: medians[f"computed: {name}"] for name in QUERIES},
        {name: medians[name] for name in FLOORS},
    )


if __name__ == "__main__":
    main()
