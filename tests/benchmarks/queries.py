"""Query benchmark: the longitudinal views over a generated warehouse of N articles.

The warehouse is written through the normal writer (declared schemas, partitioned Parquet,
manifest commit) with synthetic rows shaped like real output: per article a short text,
~10 entity mentions over a pool of entities, ~2 claims over a pool of subjects and claimants,
dates over ten years. Then each view query runs `--repeat` times and the median is printed,
with the 1-minute load average before and after the queries as a sign of contention (the
queries' own threads count in it too).
The issue's goal: median under 1 s at 1,000,000 articles.

A warehouse kept with `--keep` is reused as it is (compacted or not), but its DuckDB catalog is
rebuilt first: the catalog stores the view definitions of its last commit, and the benchmark
must measure the current `warehouse/views`.

Run: python -m tests.benchmarks.queries --articles 1000000 [--keep DIR] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from schemas import TABLES
from tests.benchmarks import append_section
from warehouse.catalog import connect
from warehouse.store import Store
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
}
BATCH = 100_000
CATEGORIES = ["killed", "injured", "displaced", "arrested", "casualties"]


def _table(name: str, size: int, **columns: object) -> pa.Table:
    """A table of the declared schema; scalar values are repeated `size` times."""
    schema = TABLES[name].arrow_schema
    arrays = {}
    for field in schema:
        value = columns[field.name]
        if value is None or isinstance(value, str | bool | int | float | dt.datetime):
            value = pa.array([value] * size, type=field.type)
        arrays[field.name] = value
    return pa.table(arrays).cast(schema)


def generate(root: str, n: int, seed: int = 7) -> None:
    """Write a synthetic warehouse of `n` articles."""
    rng = np.random.default_rng(seed)
    store = Store(root)
    start = dt.date(2015, 1, 1)
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "bench")
        entity_ids = [f"geonames:{i}" for i in range(2000)]
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
        for offset in range(0, n, BATCH):
            size = min(BATCH, n - offset)
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
                        "run_id": "bench",
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
                        "run_id": "bench",
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
                            for c, s, k, v in zip(
                                claimants, subjects, categories, values, strict=True
                            )
                        ],
                        "extractor_version": "bench",
                        "run_id": "bench",
                        "published_month": pa.array(months).take(pa.array(c_article)),
                    },
                ),
            )
        writer.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) it here")
    parser.add_argument("--markdown", type=Path, default=None, help="append results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = str(args.keep or Path(folder) / "wh")
        store = Store(root)
        started = time.perf_counter()
        if store.exists():
            with open_for_write(store):
                pass  # taking the writer lock rebuilds the catalog with the current views
        else:
            generate(root, args.articles)
        build_seconds = time.perf_counter() - started
        manifest = store.read_manifest()
        results = {}
        load_before = os.getloadavg()[0]
        with connect(store, manifest) as connection:
            for name, sql in QUERIES.items():
                times = []
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    connection.execute(sql).fetchall()
                    times.append(time.perf_counter() - began)
                results[name] = round(statistics.median(times), 3)
        load_after = os.getloadavg()[0]
        files = sum(len(files) for files in manifest.tables.values())
    report = {
        "articles": args.articles,
        "build_seconds": round(build_seconds, 1),
        "files": files,
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "median_seconds": results,
    }
    print(json.dumps(report, indent=1))
    if args.markdown:
        append_section(
            args.markdown,
            f"\n### Views over a generated warehouse of {args.articles:,} articles\n\n"
            f"Command: `python -m tests.benchmarks.queries {' '.join(sys.argv[1:])}`; "
            f"{files} Parquet files; built in {report['build_seconds']} s; 1-minute load "
            f"average {load_before:.2f} before, {load_after:.2f} after.\n\n"
            "| query | median s |\n|---|---|\n"
            + "".join(f"| {name} | {seconds} |\n" for name, seconds in results.items()),
        )


if __name__ == "__main__":
    main()
