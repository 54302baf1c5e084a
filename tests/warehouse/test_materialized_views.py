"""Issue 21: the archive-wide views stored in the catalog at every commit and compaction.

The catalog's stored rows must be what the views compute from the files (checked after each
commit and after compaction), sorted so that one subject's rows sit together, and a one-subject
filter must reach the stored table's scan (where DuckDB's zone maps skip the other subjects).
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.benchmarks.queries import QUERIES, generate
from warehouse.catalog import (
    MATERIALIZED,
    connect,
    create_views,
    read_only_catalog,
    stored_table,
)
from warehouse.compact import compact_warehouse
from warehouse.store import CATALOG, Store
from warehouse.writer import open_for_write


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
