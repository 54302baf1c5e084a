"""Data checks: each rule on tiny hand-made warehouses, scoped to the run being checked."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable

import duckdb
import pytest

from schemas import TABLES, table_schema
from schemas.checks import FAILED_KEYS_KEPT
from schemas.claims import CATEGORIES
from schemas.table import rows_to_table
from warehouse import check_parts
from warehouse import checks as checks_module
from warehouse.catalog import connect, create_table_views
from warehouse.check_parts import Part, parts_of
from warehouse.checks import (
    KEYS_SHOWN,
    SURFACE_COLUMNS,
    ChecksFailed,
    check_files,
    check_rows,
    declared_checks,
    raise_if_failed,
    run_checks,
)
from warehouse.store import Store
from warehouse.writer import RunWriter, open_for_write

INGESTED_AT = dt.datetime(2025, 1, 14, 9, 0, tzinfo=dt.UTC)
TEXT = 'Kyiv said more than 300 soldiers were killed on 13 January. "We grieve," Zelensky said.'
KYIV, ZELENSKY = "geonames:703448", "person:volodymyr-zelenskyy"


def span(surface: str) -> dict:
    start = TEXT.index(surface)
    return {"start_char": start, "end_char": start + len(surface)}


def derived(article_id: str, run_id: str) -> dict:
    return {
        "article_id": article_id,
        "extractor_version": "test",
        "run_id": run_id,
        "published_month": "2025-01",
        "sentence_index": 0,
    }


def article_rows(article_id: str, run_id: str) -> dict[str, list[dict]]:
    """One article with a row in every table: valid unless a test breaks it."""
    lineage = derived(article_id, run_id)
    return {
        "articles": [
            {
                "article_id": article_id,
                "external_id": None,
                "title": "Losses",
                "text": TEXT,
                "duplicate_of": None,
                "published_date": dt.date(2025, 1, 14),
                "published_at": None,
                "published_raw": "14 January 2025",
                "date_source": None,
                "modified_date": None,
                "modified_at": None,
                "date_order_rule": "month_name",
                "is_date_ambiguous": False,
                "date_flags": [],
                "source": "Ledger",
                "byline": None,
                "url": None,
                "language": "en",
                "language_confidence": 0.99,
                "declared_language": "en",
                "text_flags": [],
                "format": "txt",
                "source_path": f"/in/{article_id}.txt",
                "source_position": 0,
                "source_sha256": article_id * 2,
                "ingested_at": INGESTED_AT,
                "run_id": run_id,
                "published_month": "2025-01",
            }
        ],
        "entities": [
            {
                "entity_id": entity_id,
                "canonical_name": name,
                "entity_type": entity_type,
                "aliases": [name],
                "country_code": None,
                "geonames_id": None,
                "wikidata_id": None,
                "extractor_version": "test",
                "run_id": run_id,
            }
            for entity_id, name, entity_type in (
                (KYIV, "Kyiv", "GPE"),
                (ZELENSKY, "Zelensky", "PERSON"),
            )
            if run_id == "r1"  # stored once, by the first run
        ],
        "entity_mentions": [
            {
                **lineage,
                **span("Kyiv"),
                "text": "Kyiv",
                "label": "GPE",
                "entity_id": KYIV,
                "ner_label": "GPE",
                "is_demonym": False,
            }
        ],
        "quantities": [
            {
                **lineage,
                **span("more than 300"),
                "text": "more than 300",
                "number_text": "300",
                "value": 300.0,
                "low": 300.0,
                "high": None,
                "qualifier": "more_than",
                "kind": "count",
                "unit": None,
            }
        ],
        "temporal_expressions": [
            {
                **lineage,
                **span("13 January"),
                "text": "13 January",
                "timex_type": "DATE",
                "value": "2025-01-13",
                "start_date": dt.date(2025, 1, 13),
                "end_date": dt.date(2025, 1, 13),
                "granularity": "day",
                "mod": None,
                "quant": None,
                "freq": None,
            }
        ],
        "claims": [
            {
                **lineage,
                **span("more than 300"),
                "text": "more than 300",
                "category": "killed",
                "value": 300.0,
                "low": 300.0,
                "high": None,
                "qualifier": "more_than",
                "negated": False,
                "modality": "reported",
                "claimant_key": None,
                "subject_text": "soldiers",
                "subject_group": "soldiers",
                "subject_entity_id": None,
                "claimant_text": "Kyiv",
                "claimant_entity_id": KYIV,
                "claimant_chain": ["Kyiv"],
                "reporting_verb": "say",
                "hedge": None,
                "location_entity_id": None,
                "location_country": None,
                "subject_key": "-/soldier",
                "as_of_date": dt.date(2025, 1, 13),
                "is_cumulative": False,
                "is_implausible": False,
                "sentence": TEXT.split(". ")[0] + ".",
                "cluster_id": "c1",
            }
        ],
        "quotations": [
            {
                **lineage,
                **span("We grieve,"),
                "quote": "We grieve,",
                "speaker_text": "Zelensky",
                "speaker_entity_id": ZELENSKY,
                "verb": "say",
            }
        ],
        "rejects": [
            {
                "source_path": "/in/bad.jsonl",
                "source_position": 3,
                "source_sha256": "cd" * 32,
                "format": "jsonl",
                "reason": f"line 4: invalid JSON ({run_id})",
                "rejected_at": INGESTED_AT,
                "run_id": run_id,
            }
        ],
        "runs": [
            {
                "run_id": run_id,
                "kind": "ingest",
                "flow_run_id": None,
                "started_at": INGESTED_AT,
                "ended_at": INGESTED_AT,
                "outcome": "completed",
                "inputs": [],
                "n_files": 1,
                "n_articles_read": 1,
                "n_articles_new": 1,
                "n_duplicates": 0,
                "n_rejected": 1,
                "code_version": "test",
                "model_name": None,
                "model_version": None,
                "extractor_version": "test",
                "settings_json": None,
                "changes_json": None,
            }
        ],
    }


def write_run(store: Store, run_id: str, rows: dict[str, list[dict]]) -> dict:
    """Write a run's rows without committing; returns the files the commit would list."""
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, run_id)
        for name, table_rows in rows.items():
            writer.add(name, rows_to_table(table_schema(name), table_rows))
        return writer.files_after_commit()


def commit_run(store: Store, run_id: str, rows: dict[str, list[dict]]) -> None:
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, run_id)
        for name, table_rows in rows.items():
            writer.add(name, rows_to_table(table_schema(name), table_rows))
        writer.commit()


def failures(store: Store, run_id: str, files: dict) -> dict[tuple[str, str], list[str]]:
    """(table, check) -> failed keys, for the checks that failed."""
    return {
        (result.table, result.name): result.failed_keys
        for result in check_files(store, files, run_id)
        if not result.is_passed
    }


@pytest.fixture
def store(tmp_path) -> Store:
    """A warehouse whose first run (article a1) is committed."""
    store = Store(str(tmp_path / "wh"))
    commit_run(store, "r1", article_rows("a1", "r1"))
    return store


def _set(table: str, **values) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        rows[table][0].update(values)

    return change


def _append(table: str, **values) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        rows[table].append({**copy.deepcopy(rows[table][0]), **values})

    return change


def _shift(table: str, by: int) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        row = rows[table][0]
        row["start_char"] += by
        row["end_char"] += by

    return change


def _both(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        for each in changes:
            each(rows)

    return change


BROKEN = {
    "stored article id again": (_append("articles", article_id="a1"), ("articles", "unique_key")),
    "mention twice": (_append("entity_mentions"), ("entity_mentions", "unique_key")),
    "reject stored before": (
        _set("rejects", reason="line 4: invalid JSON (r1)"),
        ("rejects", "unique_key"),
    ),
    "mention of unknown article": (
        _set("entity_mentions", article_id="zz"),
        ("entity_mentions", "article_id_exists"),
    ),
    "claim of unknown article": (_set("claims", article_id="zz"), ("claims", "article_id_exists")),
    "mention of unknown entity": (
        _set("entity_mentions", entity_id="org:nobody"),
        ("entity_mentions", "entity_id_exists"),
    ),
    "claimant unknown": (
        _set("claims", claimant_entity_id="org:nobody"),
        ("claims", "claimant_entity_id_exists"),
    ),
    "location unknown": (
        _set("claims", location_entity_id="geonames:1"),
        ("claims", "location_entity_id_exists"),
    ),
    "speaker unknown": (
        _set("quotations", speaker_entity_id="person:nobody"),
        ("quotations", "speaker_entity_id_exists"),
    ),
    "near copy of unknown article": (
        _set("articles", duplicate_of="zz"),
        ("articles", "duplicate_of_exists"),
    ),
    "mention offsets shifted": (
        _shift("entity_mentions", 1),
        ("entity_mentions", "offsets_match_text"),
    ),
    "offsets wrong in a stored article, next to its stored rows": (
        _append("entity_mentions", article_id="a1", start_char=1, end_char=5),
        [("entity_mentions", "offsets_match_text"), ("entity_mentions", "one_run_per_article")],
    ),
    "quote past the text end": (
        _set("quotations", end_char=len(TEXT) + 5),
        ("quotations", "offsets_match_text"),
    ),
    "empty quantity span": (
        _set("quantities", end_char=TEXT.index("more than 300")),
        ("quantities", "offsets_match_text"),
    ),
    "negative start": (
        _set("temporal_expressions", start_char=-1),
        ("temporal_expressions", "offsets_match_text"),
    ),
    "claim text not the article's": (
        _set("claims", text="more than 301"),
        ("claims", "offsets_match_text"),
    ),
    "claim low above value": (_set("claims", low=301.0), ("claims", "bounds_ordered")),
    "quantity high below value": (_set("quantities", high=299.0), ("quantities", "bounds_ordered")),
    "unknown category": (_set("claims", category="wounded"), ("claims", "category_allowed")),
    "unknown claim qualifier": (_set("claims", qualifier="about"), ("claims", "qualifier_allowed")),
    "unknown quantity qualifier": (
        _set("quantities", qualifier="about"),
        ("quantities", "qualifier_allowed"),
    ),
    "unknown quantity kind": (_set("quantities", kind="amount"), ("quantities", "kind_allowed")),
    "unknown timex type": (
        _set("temporal_expressions", timex_type="DAY"),
        ("temporal_expressions", "timex_type_allowed"),
    ),
    "unknown timex quant": (
        _set("temporal_expressions", quant="ALL"),
        ("temporal_expressions", "quant_allowed"),
    ),
    "unknown granularity": (
        _set("temporal_expressions", granularity="fortnight"),
        ("temporal_expressions", "granularity_allowed"),
    ),
    "unknown date flag": (
        _set("articles", date_flags=["two_digit_year", "too_old"]),
        ("articles", "date_flags_allowed"),
    ),
    "unknown text flag": (
        _set("articles", text_flags=["mojibake", "garbled"]),
        ("articles", "text_flags_allowed"),
    ),
    "unknown reject format": (_set("rejects", format="xml"), ("rejects", "format_allowed")),
    "unknown run kind": (_set("runs", kind="compact"), ("runs", "kind_allowed")),
    "interval ends before it starts": (
        _set("temporal_expressions", start_date=dt.date(2025, 1, 14)),
        ("temporal_expressions", "dates_ordered"),
    ),
    "as of after publication": (
        _set("claims", as_of_date=dt.date(2025, 1, 15)),
        ("claims", "as_of_date_in_range"),
    ),
    "unflagged future date": (
        _set("articles", published_date=dt.date(2025, 1, 16)),
        ("articles", "published_date_in_range"),
    ),
    "unflagged date before 1900": (
        _both(
            _set("articles", published_date=dt.date(1899, 12, 31)),
            _set("claims", as_of_date=dt.date(1899, 12, 31)),
        ),
        ("articles", "published_date_in_range"),
    ),
}


def test_a_valid_run_passes_every_check(store):
    files = write_run(store, "r2", article_rows("a2", "r2"))
    results = check_files(store, files, "r2")
    assert [r for r in results if not r.is_passed] == []
    assert len(results) == len(declared_checks())


@pytest.mark.parametrize("change, expected", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_row_fails_its_check_only(store, change, expected):
    rows = article_rows("a2", "r2")
    change(rows)
    failed = failures(store, "r2", write_run(store, "r2", rows))
    expected = expected if isinstance(expected, list) else [expected]
    assert sorted(failed) == sorted(expected)
    assert all(len(failed[check]) == 1 for check in expected)


@pytest.mark.parametrize(
    "published_date, flag",
    [
        (dt.date(2025, 1, 15), None),
        (dt.date(2030, 1, 1), "future"),
        (dt.date(1850, 5, 1), "before_1900"),
    ],
    ids=["day after ingest", "flagged future", "flagged before 1900"],
)
def test_dates_outside_the_range_pass_when_flagged(store, published_date, flag):
    rows = article_rows("a2", "r2")
    rows["articles"][0].update(published_date=published_date, date_flags=[flag] if flag else [])
    rows["claims"][0]["as_of_date"] = min(published_date, dt.date(2025, 1, 13))
    assert failures(store, "r2", write_run(store, "r2", rows)) == {}


def test_failed_keys_are_the_primary_keys_sorted_and_capped(store):
    rows = article_rows("a2", "r2")
    template = rows["quantities"][0]
    rows["quantities"] = [
        {**template, "start_char": n, "end_char": n + 3, "text": "xyz"} for n in range(30)
    ]
    results = {(r.table, r.name): r for r in check_files(store, write_run(store, "r2", rows), "r2")}
    result = results["quantities", "offsets_match_text"]
    assert result.n_failed == 30
    assert result.failed_keys == sorted(f"a2/{n}/{n + 3}" for n in range(30))[:FAILED_KEYS_KEPT]


def test_only_this_runs_rows_are_checked(tmp_path):
    """Stored rows are not checked again (they passed when committed), but keys and ids of
    stored rows count: this run may not repeat them and may refer to them."""
    store = Store(str(tmp_path / "wh"))
    stored = article_rows("a1", "r1")
    stored["quantities"][0]["low"] = 301.0  # committed before checks existed
    stored["entity_mentions"] = []  # a1's mentions come from r2 (as after a reprocess)
    commit_run(store, "r1", stored)
    rows = article_rows("a2", "r2")  # refers to r1's entities and article
    mention = {**rows["entity_mentions"][0], **span("Zelensky"), "text": "Zelensky"}
    rows["entity_mentions"].append({**mention, "article_id": "a1", "entity_id": ZELENSKY})
    assert failures(store, "r2", write_run(store, "r2", rows)) == {}


def test_unwritten_rows_of_the_run_are_checked(store):
    """files_after_commit writes what is buffered first: nothing escapes the checks."""
    rows = article_rows("a2", "r2")
    rows["claims"][0]["low"] = 301.0
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r2")
        for name, table_rows in rows.items():
            writer.add(name, rows_to_table(table_schema(name), table_rows))
        failed = failures(store, "r2", writer.files_after_commit())
    assert list(failed) == [("claims", "bounds_ordered")]


def test_a_failed_check_leaves_the_warehouse_as_it_was(store):
    before = store.fs.cat_file(store.path("manifest.json"))
    listing = sorted(store.fs.find(store.path("tables")))
    rows = article_rows("a2", "r2")
    rows["claims"][0]["category"] = "wounded"
    with pytest.raises(ChecksFailed) as failed, open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r2")
        for name, table_rows in rows.items():
            writer.add(name, rows_to_table(table_schema(name), table_rows))
        results = check_files(store, writer.files_after_commit(), "r2")
        writer.add("checks", check_rows(results, "r2"))
        raise_if_failed(results, "r2")
        writer.commit()
    assert [(r.table, r.name) for r in failed.value.failed] == [("claims", "category_allowed")]
    assert store.fs.cat_file(store.path("manifest.json")) == before
    assert sorted(store.fs.find(store.path("tables"))) == listing


def test_a_passed_run_records_its_checks(store):
    rows = article_rows("a2", "r2")
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r2")
        for name, table_rows in rows.items():
            writer.add(name, rows_to_table(table_schema(name), table_rows))
        results = check_files(store, writer.files_after_commit(), "r2")
        writer.add("checks", check_rows(results, "r2"))
        raise_if_failed(results, "r2")
        writer.commit()
    with connect(store, store.read_manifest()) as connection:
        recorded = connection.execute(
            "select count(*), count(*) filter (where is_passed), sum(n_failed) from checks "
            "where run_id = 'r2'"
        ).fetchone()
    assert recorded == (len(declared_checks()), len(declared_checks()), 0)


def test_the_error_lists_each_failed_check_with_a_few_keys(store):
    rows = article_rows("a2", "r2")
    template = rows["claims"][0]
    rows["claims"] = [{**template, "low": 301.0, "category": c} for c in CATEGORIES]
    results = check_files(store, write_run(store, "r2", rows), "r2")
    with pytest.raises(ChecksFailed) as failed:
        raise_if_failed(results, "r2")
    first, *details = str(failed.value).splitlines()
    assert first == "run r2 failed 1 data check(s), not committed: claims.bounds_ordered (9)"
    assert details[0].startswith("  claims.bounds_ordered: 9 failed (low <= value <= high")
    assert details[0].count("a2/") == KEYS_SHOWN and details[0].endswith(", ...")


def test_every_table_is_checked_from_its_declaration():
    checks = declared_checks()
    names = [(check.table, check.name) for check in checks]
    assert len(names) == len(set(names))
    assert {table for table, name in names if name == "unique_key"} == set(TABLES) - {"checks"}
    spans = {name for name, schema in TABLES.items() if "start_char" in schema.column_names}
    assert spans == set(SURFACE_COLUMNS)
    assert {table for table, name in names if name == "offsets_match_text"} == spans
    entity_columns = {
        (name, column)
        for name, schema in TABLES.items()
        for column in schema.column_names
        if column.endswith("entity_id") and name != "entities"
    }
    assert {(t, n.removesuffix("_exists")) for t, n in names if "entity_id" in n} == entity_columns


def test_values_are_bound_never_written_into_the_sql():
    for check in declared_checks():
        # The only string literals are the key separator and the time zone of ingest days.
        assert set(re.findall(r"'[^']*'", check.sql)) <= {"'/'", "'UTC'"}, check.name
        assert "1900" not in check.sql and "killed" not in check.sql


def test_partitioned_checks_go_a_month_range_at_a_time(store, monkeypatch):
    """With one article per part, each month is a query of its own; the results add up."""
    monkeypatch.setattr(check_parts, "ARTICLES_PER_PART", 1)
    rows = {name: [] for name in TABLES}
    for article_id, month in (("a2", "2025-01"), ("a3", "2024-12"), ("a4", "2024-11")):
        one = article_rows(article_id, "r2")
        for name, table_rows in one.items():
            if article_id != "a2" and "article_id" not in TABLES[name].column_names:
                continue  # run-level rows (entities, rejects, runs) once
            for row in table_rows:
                if "published_month" in row:
                    row["published_month"] = month
            rows[name] += table_rows
        rows["quantities"][-1].update(start_char=1, end_char=4)  # wrong offsets
    results = {(r.table, r.name): r for r in check_files(store, write_run(store, "r2", rows), "r2")}
    offsets = results["quantities", "offsets_match_text"]
    assert offsets.n_failed == 3
    assert offsets.failed_keys == sorted(f"{a}/1/4" for a in ("a2", "a3", "a4"))
    assert [key for key, r in results.items() if not r.is_passed] == [
        ("quantities", "offsets_match_text")
    ]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param([], [Part("", "")], id="no-rows"),
        pytest.param(
            [("2024-11", 1), ("2024-12", 2), ("2025-01", 2)],
            [Part("2024-11", "2024-12"), Part("2025-01", "2025-01")],
            id="months-together-while-they-fit",
        ),
        pytest.param(
            [("2024-11", 1), ("2024-12", 7), ("2025-01", 3)],
            [
                Part("2024-11", "2024-11"),
                *(Part("2024-12", "2024-12", bucket, 3) for bucket in range(3)),
                Part("2025-01", "2025-01"),
            ],
            id="a-larger-month-split-by-hash",
        ),
    ],
)
def test_parts_of_a_run(monkeypatch, counts, expected):
    monkeypatch.setattr(check_parts, "ARTICLES_PER_PART", 3)
    assert parts_of(counts) == expected


def test_every_partitioned_check_can_go_a_hash_bucket_at_a_time():
    partitioned = [check for check in declared_checks() if check.partitioned]
    assert len(partitioned) >= 10
    for check in partitioned:
        # Each place the check reads a part's rows takes the bucket's condition too.
        assert check.bucket_sql.count("% $buckets = $bucket") == check.sql.count("$last_month")
        assert "$bucket" not in check.sql, check.name


def test_a_month_larger_than_a_part_is_checked_a_hash_bucket_at_a_time(store, monkeypatch):
    """A crawl's articles are all of one month: split by their ids' hash, the parts' results
    add up to the whole month's."""
    monkeypatch.setattr(check_parts, "ARTICLES_PER_PART", 2)
    rows = {name: [] for name in TABLES}
    ids = [f"a{i}" for i in range(2, 9)]
    for article_id in ids:
        one = article_rows(article_id, "r2")
        for name, table_rows in one.items():
            if article_id != "a2" and "article_id" not in TABLES[name].column_names:
                continue  # run-level rows (entities, rejects, runs) once
            rows[name] += table_rows
        rows["quantities"][-1].update(start_char=1, end_char=4)  # wrong offsets
    files = write_run(store, "r2", rows)
    with duckdb.connect() as connection:
        create_table_views(
            connection,
            {
                name: [store.uri(data_file.path) for data_file in found]
                for name, found in files.items()
            },
        )
        parts = check_parts.run_parts(connection, "quantities", "r2")
    assert [(part.buckets, part.bucket) for part in parts] == [(4, 0), (4, 1), (4, 2), (4, 3)]
    results = {(r.table, r.name): r for r in check_files(store, files, "r2")}
    offsets = results["quantities", "offsets_match_text"]
    assert (offsets.n_failed, offsets.failed_keys) == (7, sorted(f"{a}/1/4" for a in ids))
    assert [key for key, r in results.items() if not r.is_passed] == [
        ("quantities", "offsets_match_text")
    ]


@pytest.mark.parametrize("change, expected", BROKEN.values(), ids=BROKEN.keys())
def test_a_tables_row_checks_in_one_query_find_what_each_finds_alone(store, change, expected):
    # Each row check's own query (`Check.sql`) is its definition; run_checks runs a table's
    # row checks as one query (`_run_row_checks`), which must find the same rows.
    rows = article_rows("a2", "r2")
    change(rows)
    files = write_run(store, "r2", rows)
    row_checks = [check for check in declared_checks() if check.condition is not None]
    with duckdb.connect() as connection:
        create_table_views(
            connection,
            {
                name: [store.uri(data_file.path) for data_file in found]
                for name, found in files.items()
            },
        )
        together = run_checks(connection, "r2", row_checks)
        with connection.cursor() as cursor:
            alone = [checks_module._run_check(cursor, check, "r2", [None]) for check in row_checks]
    assert [(r.table, r.name, r.n_failed, r.failed_keys) for r in together] == [
        (r.table, r.name, r.n_failed, r.failed_keys) for r in alone
    ]
