"""Compaction: fewer, sorted files per partition, the same query results, safe against crashes."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import shutil
import time
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas import TABLES, TableSchema
from schemas.errors import RunError
from schemas.table import rows_to_table
from warehouse import compact as compaction
from warehouse.catalog import connect, quote_identifier
from warehouse.compact import compact, compact_warehouse, plan
from warehouse.store import CATALOG, Manifest, Store
from warehouse.writer import RunWriter, open_for_write

NOW = dt.datetime(2025, 1, 13, tzinfo=dt.UTC)
MONTHS = ("2024-03", "2024-04", "2024-05")


def _value(field: pa.Field, n: int):
    """A deterministic value of the field's type; every key column gets a value unique to n."""
    kind = field.type
    if field.nullable and n % 5 == 3:
        return None
    if pa.types.is_string(kind):
        return f"{field.name}-{n:06d}"
    if pa.types.is_integer(kind):
        return n
    if pa.types.is_floating(kind):
        return n * 1.5
    if pa.types.is_boolean(kind):
        return n % 2 == 0
    if pa.types.is_binary(kind):
        return n.to_bytes(4, "little")
    if pa.types.is_date32(kind):
        return dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)
    if pa.types.is_timestamp(kind):
        return NOW + dt.timedelta(minutes=n)
    if pa.types.is_list(kind):
        return [_value(kind.value_field, n), _value(kind.value_field, n + 1)]
    if pa.types.is_struct(kind):
        return {child.name: _value(child, n) for child in kind}
    raise TypeError(f"no test value for {kind}")


def fake_rows(schema: TableSchema, first: int, count: int, run_id: str, month: str) -> pa.Table:
    rows = []
    for n in range(first, first + count):
        row = {f.name: _value(f, n) for f in schema.arrow_schema}
        row["run_id"] = run_id
        if schema.partition_by:
            row[schema.partition_by] = month
        rows.append(row)
    return rows_to_table(schema, rows)


def build_warehouse(root, runs: int = 4, months=MONTHS, rows: int = 3) -> Store:
    """`runs` small commits; each adds `rows` rows per table and month (so one part each)."""
    store = Store(str(root))
    n = 0
    for run in range(runs):
        run_id = f"r{run:03d}"
        with open_for_write(store) as manifest:
            writer = RunWriter(store, manifest, run_id)
            for name, schema in TABLES.items():
                for month in months if schema.partition_by else months[:1]:
                    writer.add(name, fake_rows(schema, n, rows, run_id, month))
                    n += rows
            writer.commit()
    return store


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Store:
    return build_warehouse(tmp_path_factory.mktemp("template") / "wh")


@pytest.fixture
def warehouse(template, tmp_path) -> Store:
    """A copy of the 4-run template warehouse (building one takes a second or two)."""
    shutil.copytree(template.root, tmp_path / "wh")
    # The catalog file names the template's absolute paths; without it, readers build their
    # views from the copy's manifest, and the first commit writes a catalog of its own.
    os.remove(tmp_path / "wh" / CATALOG)
    return Store(str(tmp_path / "wh"))


def snapshot(store: Store) -> dict[str, tuple[list, list]]:
    """Every table's columns and rows, ordered by its primary key, then every column."""
    result = {}
    with connect(store, store.read_manifest()) as connection:
        for name, schema in TABLES.items():
            width = len(schema.column_names)
            order = ", ".join(
                [quote_identifier(key) for key in schema.primary_key]
                + [str(i) for i in range(1, width + 1)]
            )
            cursor = connection.execute(
                f"select * from {quote_identifier(name)} order by {order}"  # noqa: S608
            )
            columns = [(item[0], str(item[1])) for item in cursor.description]
            result[name] = (columns, cursor.fetchall())
    return result


def files_on_disk(store: Store) -> set[str]:
    prefix = store.root + "/"
    return {path.removeprefix(prefix) for path in store.fs.find(store.path("tables"))}


def listed(manifest: Manifest) -> set[str]:
    return {f.path for files in manifest.tables.values() for f in files}


def data_files_per_folder(manifest: Manifest) -> Counter:
    return Counter(
        posixpath.dirname(f.path)
        for files in manifest.tables.values()
        for f in files
        if not f.path.endswith("/schema.parquet")
    )


def test_compaction_merges_partitions_without_changing_results(warehouse):
    store = warehouse
    before = store.read_manifest()
    results_before = snapshot(store)
    assert set(data_files_per_folder(before).values()) == {4}

    report = compact_warehouse(store)

    after = store.read_manifest()
    assert after.generation == before.generation + 1 == report.generation_after
    assert report.changed and report.run_id and report.run_id.startswith("compact-")
    assert snapshot(store) == results_before
    # one data file per partition folder (and per unpartitioned table)
    folders = data_files_per_folder(after)
    assert set(folders.values()) == {1}
    assert set(folders) == set(data_files_per_folder(before))
    # the replaced files are gone; the disk holds exactly what the manifest lists
    assert files_on_disk(store) == listed(after)
    assert report.files_removed == len(listed(before) - listed(after))
    # each table still lists its zero-row schema file, unchanged
    for name in TABLES:
        assert before.files(name)[0] in after.files(name)
        assert before.files(name)[0].path.endswith("/schema.parquet")
    # the catalog file was rebuilt for the new generation
    with connect(store, after) as connection:
        assert connection.execute("select generation from newsledger_catalog").fetchone() == (
            after.generation,
        )
    by_table = {t.table: t for t in report.tables}
    for name in TABLES:
        stat = by_table[name]
        assert stat.rows_after == stat.rows_before == sum(f.rows for f in after.files(name))
        assert stat.files_after < stat.files_before
        assert stat.bytes_after < stat.bytes_before


def test_merged_files_are_sorted_by_key_and_hold_one_partition(warehouse):
    store = warehouse
    compact_warehouse(store)
    manifest = store.read_manifest()
    for name, schema in TABLES.items():
        for data_file in manifest.files(name):
            if not data_file.rows:
                continue
            table = pq.read_table(store.path(data_file.path))
            assert table.equals(table.sort_by([(k, "ascending") for k in schema.primary_key]))
            if schema.partition_by:
                folder_value = posixpath.dirname(data_file.path).split("=", 1)[1]
                assert set(table.column(schema.partition_by).to_pylist()) == {folder_value}


def test_second_compaction_is_a_no_op(warehouse):
    store = warehouse
    compact_warehouse(store)
    manifest = store.read_manifest()
    on_disk = files_on_disk(store)

    report = compact_warehouse(store)

    assert not report.changed and report.run_id is None and report.files_removed == 0
    again = store.read_manifest()
    assert again.generation == manifest.generation
    assert again.as_json() == manifest.as_json()
    assert files_on_disk(store) == on_disk
    assert all(t.files_before == t.files_after for t in report.tables)


def test_a_partition_with_one_file_is_left_alone(warehouse):
    store = warehouse
    with open_for_write(store) as manifest:  # a third run that touches only a new month
        writer = RunWriter(store, manifest, "r-new")
        writer.add("articles", fake_rows(TABLES["articles"], 90_000, 2, "r-new", "2024-09"))
        writer.commit()
    lone = [f for f in store.read_manifest().files("articles") if "2024-09" in f.path]
    assert len(lone) == 1

    compact_warehouse(store)

    assert lone[0] in store.read_manifest().files("articles")


def test_new_runs_after_compaction_compact_again(warehouse):
    store = warehouse
    compact_warehouse(store)
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r-late")
        writer.add("articles", fake_rows(TABLES["articles"], 90_000, 2, "r-late", "2024-03"))
        writer.commit()
    results = snapshot(store)
    assert data_files_per_folder(store.read_manifest())["tables/articles/published_month=2024-03"]

    report = compact_warehouse(store)

    assert report.changed
    assert {t.table: t.partitions_merged for t in report.tables if t.partitions_merged} == {
        "articles": 1
    }
    assert snapshot(store) == results
    assert set(data_files_per_folder(store.read_manifest()).values()) == {1}


def test_large_partitions_are_split_by_row_cap_into_disjoint_sorted_files(warehouse, monkeypatch):
    monkeypatch.setattr(compaction, "MAX_FILE_ROWS", 5)
    store = warehouse  # 4 parts of 3 rows per partition: 12 rows -> 5 + 5 + 2
    results = snapshot(store)

    compact_warehouse(store)

    assert snapshot(store) == results
    manifest = store.read_manifest()
    schema = TABLES["quantities"]
    parts = [f for f in manifest.files("quantities") if f.rows and "2024-03" in f.path]
    assert [f.rows for f in parts] == [5, 5, 2]
    keys = [
        pq.read_table(store.path(f.path), columns=list(schema.primary_key)).to_pylist()
        for f in parts
    ]
    ordered = [tuple(row.values()) for part in keys for row in part]
    assert ordered == sorted(ordered)
    # idempotent with the split as well: only the remainder file is below the cap
    assert not compact_warehouse(store).changed


def test_failure_before_commit_leaves_the_warehouse_unchanged_and_no_leftovers(
    warehouse, monkeypatch
):
    store = warehouse
    before = store.read_manifest()
    results = snapshot(store)
    on_disk = files_on_disk(store)
    written = []

    def crash(manifest):
        written.extend(files_on_disk(store) - on_disk)
        raise OSError("disk went away")

    monkeypatch.setattr(store, "write_manifest", crash)
    with pytest.raises(OSError, match="disk went away"):
        compact_warehouse(store)
    monkeypatch.undo()

    fresh = Store(store.root)
    assert fresh.read_manifest().as_json() == before.as_json()
    assert snapshot(fresh) == results
    assert written and all("part-compact-" in path for path in written)
    assert files_on_disk(fresh) == on_disk  # the failed compaction removed its parts

    assert compact_warehouse(fresh).changed
    assert snapshot(fresh) == results


def test_a_held_lock_is_refused(warehouse):
    store = warehouse
    with open_for_write(store), pytest.raises(RunError, match="locked"):
        compact_warehouse(store)


def test_compacting_a_stale_manifest_is_refused(warehouse):
    store = warehouse
    stale = store.read_manifest()
    with open_for_write(store) as manifest:
        RunWriter(store, manifest, "r-more").commit()
    with open_for_write(store), pytest.raises(RunError, match="generation"):
        compact(store, stale)


def test_missing_warehouse_is_a_clear_error(tmp_path):
    with pytest.raises(RunError, match="no warehouse"):
        compact_warehouse(Store(str(tmp_path / "nowhere")))
    assert not os.path.exists(tmp_path / "nowhere")


def test_plan_skips_big_files_and_schema_files(warehouse, monkeypatch):
    store = warehouse
    monkeypatch.setattr(compaction, "MAX_FILE_ROWS", 3)
    assert plan(store.read_manifest()) == {}  # every part holds 3 rows: full already
    monkeypatch.setattr(compaction, "MAX_FILE_ROWS", 4)
    groups = plan(store.read_manifest())
    assert set(groups) == set(TABLES)
    for name, table_groups in groups.items():
        assert len(table_groups) == (len(MONTHS) if TABLES[name].partition_by else 1)
        assert all(len(group) == 4 for group in table_groups)
        assert not any(f.path.endswith("schema.parquet") for g in table_groups for f in g)


@pytest.mark.slow
def test_measure_compaction_of_200_small_parts(tmp_path, capsys):
    """Measurement, not a gate: 200 small parts in 9 tables, 25 runs, compacted."""
    months = tuple(f"2024-{m:02d}" for m in range(1, 9))  # 8 months
    store = Store(str(tmp_path / "wh"))
    n = 0
    for run in range(25):  # each run: one table, 8 months -> 8 parts; 25 runs -> 200 parts
        run_id = f"r{run:03d}"
        name = ("articles", "quantities", "entity_mentions", "claims", "quotations")[run % 5]
        with open_for_write(store) as manifest:
            writer = RunWriter(store, manifest, run_id)
            for month in months:
                writer.add(name, fake_rows(TABLES[name], n, 50, run_id, month))
                n += 50
            writer.commit()
    manifest = store.read_manifest()
    parts = sum(1 for files in manifest.tables.values() for f in files if f.rows)
    assert parts == 200
    results = snapshot(store)
    query = "select count(*), sum(value) from quantities where published_month = '2024-03'"

    def timed_query() -> float:
        with connect(store, store.read_manifest()) as connection:
            started = time.perf_counter()
            for _ in range(20):
                connection.execute(query).fetchall()
            return (time.perf_counter() - started) / 20

    query_before = timed_query()
    report = compact_warehouse(store)
    query_after = timed_query()
    assert snapshot(store) == results
    after = sum(1 for files in store.read_manifest().tables.values() for f in files if f.rows)
    with capsys.disabled():
        print(
            f"\ncompacted {parts} parts -> {after} in {report.seconds:.2f} s; "
            f"query {query_before * 1000:.1f} ms -> {query_after * 1000:.1f} ms; "
            f"bytes {sum(t.bytes_before for t in report.tables)} -> "
            f"{sum(t.bytes_after for t in report.tables)}"
        )
