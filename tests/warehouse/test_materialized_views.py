"""Issue 21: the archive-wide views stored in the catalog at every commit and compaction.

The catalog's stored rows must be what the views compute from the files (checked after each
commit and after compaction), sorted so that one subject's rows sit together, and a one-subject
filter must reach the stored table's scan (where DuckDB's zone maps skip the other subjects).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

import duckdb
import numpy as np
import pytest

from schemas import TABLES
from tests.benchmarks.queries import QUERIES, _add_articles, generate
from warehouse.catalog import (
    BUILD_MEMORY_LIMITS,
    MATERIALIZED,
    build_database,
    compatible_database,
    connect,
    create_table_views,
    create_views,
    quote_literal,
    read_only_catalog,
    stored_table,
    tables_read_by_views,
)
from warehouse.checks import CheckResult, check_rows
from warehouse.compact import compact_warehouse
from warehouse.store import CATALOG, CATALOG_TEMPORARY_PREFIX, Store
from warehouse.writer import RunWriter, open_for_write


def _rows(connection, sql: str) -> list[tuple]:
    # Stored and computed rows compared as multisets: NULLs sort, floats compare exactly.
    return sorted(connection.execute(sql).fetchall(), key=repr)


def assert_stored_equals_computed(store: Store) -> None:
    manifest = store.read_manifest()
    with (
        connect(store, manifest) as stored,
        read_only_catalog(lambda c: create_views(c, store, manifest)) as computed,
    ):
        for name in MATERIALIZED:
            table = stored_table(name)
            (count,) = stored.execute(
                "select count(*) from duckdb_tables() where table_name = ?", [table]
            ).fetchone()
            assert count == 1, f"{table} is not stored in the catalog"
            sql = f"select * from {name}"  # noqa: S608 (declared names)
            expected = _rows(computed, sql)
            assert expected, f"{name} is empty: the data cannot test it"
            assert _rows(stored, sql) == expected, name
        for name, sql in QUERIES.items():
            # Top-n queries tie on the count: the whole ordered answer is compared.
            sql = sql.split(" limit ")[0]
            assert _rows(stored, sql) == _rows(computed, sql), name


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Store:
    root = str(tmp_path_factory.mktemp("materialized") / "wh")
    generate(root, 400)
    return Store(root)


def test_stored_views_equal_the_computed_ones_after_each_commit_and_compaction(warehouse):
    assert_stored_equals_computed(warehouse)
    generate(warehouse.root, 300, first=400)  # a second commit adds rows to every view
    assert_stored_equals_computed(warehouse)
    report = compact_warehouse(warehouse)
    assert report.changed
    assert_stored_equals_computed(warehouse)


def test_stored_timeline_is_sorted_by_subject_and_a_subject_filter_reaches_its_scan(warehouse):
    manifest = warehouse.read_manifest()
    with connect(warehouse, manifest) as connection:
        table = stored_table("all_claims_timeline")
        # Read through the view, which has no `order by` of its own: stored order is kept.
        keys = connection.execute(
            "select subject_key, category, published_date from all_claims_timeline"
        ).fetchall()
        assert len(keys) > 100
        assert keys == sorted(keys, key=lambda key: (key[0], key[1], key[2] is None, key[2]))
        plan = "\n".join(
            row[1]
            for row in connection.execute(
                "explain select * from claims_timeline where subject_key = 'geonames:17'"
            ).fetchall()
        )
        scan = plan[plan.index(table) :]  # from the stored table's scan, the plan's leaf
        assert "Filters: subject_key = 'geonames:17'" in scan, plan


def test_a_current_catalog_is_not_rebuilt_and_a_commit_rebuilds_it(warehouse):
    path = warehouse.path(CATALOG)
    before = os.stat(path).st_mtime_ns
    with open_for_write(warehouse):
        pass
    assert os.stat(path).st_mtime_ns == before
    generation = warehouse.read_manifest().generation
    generate(warehouse.root, 50, first=5000)
    assert warehouse.read_manifest().generation == generation + 1
    assert os.stat(path).st_mtime_ns != before
    assert_stored_equals_computed(warehouse)


def test_a_copied_warehouse_gets_its_own_catalog_when_a_writer_takes_the_lock(warehouse, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(warehouse.root, first)
    shutil.copytree(first, second)
    shutil.rmtree(first)  # the copied catalog's table views name these files
    store = Store(str(second))
    with open_for_write(store):
        pass
    with connect(store, store.read_manifest()) as connection:
        (count,) = connection.execute("select count(*) from articles").fetchone()
    assert count > 0


def test_first_report_is_the_earliest_publication_date_of_the_claims_cluster(warehouse, tmp_path):
    # The view finds each cluster's first date by aggregate and join (which DuckDB can spill);
    # a window over the same rows is the definition it must agree with. The generated claims
    # are one per cluster: here a cluster is a subject, so clusters span many dates.
    manifest = warehouse.read_manifest()
    files = {name: [warehouse.uri(f.path) for f in manifest.files(name)] for name in TABLES}
    merged = str(tmp_path / "claims.parquet")
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select * replace (subject_key as cluster_id) from read_parquet(?)) "  # noqa: S608
            f"to {quote_literal(merged)}",
            [files["claims"]],
        )
        create_table_views(connection, {**files, "claims": [merged]})
        rows, clusters, disagreeing, firsts = connection.execute(
            """
            select
                count(*),
                count(distinct cluster_id),
                count(*) filter (where is_first_report is distinct from expected),
                count(*) filter (where is_first_report)
            from (
                select
                    cluster_id,
                    is_first_report,
                    published_date is not distinct from
                        min(published_date) over (partition by cluster_id) as expected
                from all_claims_timeline
            )
            """
        ).fetchone()
    assert rows > 5 * clusters > 0
    assert clusters <= firsts < rows
    assert disagreeing == 0


def test_database_files_are_built_on_one_thread_within_a_memory_budget(tmp_path):
    path = str(tmp_path / "built.duckdb")
    with compatible_database(path) as connection:
        limit, threads, spill = connection.execute(
            "select current_setting('memory_limit'), current_setting('threads'),"
            " current_setting('temp_directory')"
        ).fetchone()
        assert os.path.isdir(spill)
    budget = int(BUILD_MEMORY_LIMITS[0].removesuffix("MB"))
    # DuckDB reports the limit in MiB of its own rounding.
    assert limit.endswith("MiB") and abs(float(limit.split()[0]) - budget / 1.048576) < 2
    assert threads == 1
    assert not os.path.exists(spill)


def test_a_build_that_runs_out_of_memory_starts_again_on_the_next_budget(tmp_path):
    path = str(tmp_path / "built.duckdb")
    seen = []

    def fill(connection) -> None:
        connection.execute("create table t as select 1 as x")
        seen.append(connection.execute("select current_setting('memory_limit')").fetchone()[0])
        if len(seen) < len(BUILD_MEMORY_LIMITS):
            raise duckdb.OutOfMemoryException("too small a budget")

    build_database(path, fill)
    assert len(set(seen)) == len(BUILD_MEMORY_LIMITS)  # each budget tried, the last one held
    with duckdb.connect(path, read_only=True) as connection:
        assert connection.execute("select * from t").fetchall() == [(1,)]

    def never_enough(connection) -> None:
        raise duckdb.OutOfMemoryException("no budget is enough")

    with pytest.raises(duckdb.OutOfMemoryException):
        build_database(str(tmp_path / "other.duckdb"), never_enough)
    assert not os.path.exists(tmp_path / "other.duckdb")


def _second_run(store: Store, *, articles_meanwhile: bool = False, fail: bool = False) -> None:
    """A run that commits 30 more articles with the catalog built beside its checks, as
    `RunContext.check_and_commit` does: the check's row is added while the catalog builds,
    and so, with `articles_meanwhile`, are 10 more articles (a table the views read)."""
    rng = np.random.default_rng(3)
    entity_ids = [f"geonames:{i}" for i in range(2000)]
    start, now = dt.date(2015, 1, 1), dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "second")
        _add_articles(writer, rng, 1000, 30, entity_ids, start, now)
        writer.files_after_commit()
        with writer.catalog_beside() as catalog:
            if articles_meanwhile:
                _add_articles(writer, rng, 2000, 10, entity_ids, start, now)
            result = CheckResult("articles", "a_check", "a check", 0, [], 0.1, now)
            writer.add("checks", check_rows([result], "second"))
            if fail:
                raise RuntimeError("a check failed")
            writer.commit(catalog)


def _catalog_state(store: Store) -> tuple[int, int]:
    """The catalog file's generation and its count of the second run's check rows."""
    with duckdb.connect(store.path(CATALOG), read_only=True) as catalog:
        ((generation,),) = catalog.execute("select generation from newsledger_catalog").fetchall()
        ((checks,),) = catalog.execute(
            "select count(*) from checks where run_id = 'second'"
        ).fetchall()
    return generation, checks


def _temporary_catalogs(store: Store) -> list[str]:
    return [name for name in os.listdir(store.root) if name.startswith(CATALOG_TEMPORARY_PREFIX)]


@pytest.mark.parametrize("articles_meanwhile", [False, True])
def test_a_catalog_built_beside_the_checks_lists_what_was_committed(tmp_path, articles_meanwhile):
    # The check's row (a table no view reads) is relisted in the catalog built meanwhile;
    # articles added meanwhile (a table the views read) have the catalog built again.
    store = Store(str(tmp_path / "wh"))
    generate(store.root, 60)
    _second_run(store, articles_meanwhile=articles_meanwhile)
    manifest = store.read_manifest()
    assert _catalog_state(store) == (manifest.generation, 1)
    assert_stored_equals_computed(store)
    assert _temporary_catalogs(store) == []


def test_a_catalog_built_beside_failed_checks_is_removed_and_the_old_one_stays(tmp_path):
    store = Store(str(tmp_path / "wh"))
    generate(store.root, 60)
    generation = store.read_manifest().generation
    with pytest.raises(RuntimeError, match="a check failed"):
        _second_run(store, fail=True)
    assert store.read_manifest().generation == generation
    assert _catalog_state(store) == (generation, 0)
    assert _temporary_catalogs(store) == []


def test_the_tables_the_views_read_are_found_in_their_sql():
    read = tables_read_by_views()
    assert {"articles", "claims", "entities", "entity_mentions", "quantities"} <= read
    assert read.isdisjoint({"checks", "runs", "rejects"})
