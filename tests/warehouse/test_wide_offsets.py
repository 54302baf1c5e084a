"""Offsets past 2 GiB (issue 21): `source_position` is int64, and a warehouse whose older files
hold it as int32 (as written before) keeps working next to new int64 files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fsspec.implementations.local import LocalFileSystem

from schemas import TABLES, TableSchema, table_schema
from schemas.table import rows_to_table
from tests.warehouse.test_checks import article_rows, commit_run, failures, write_run
from warehouse.catalog import connect
from warehouse.compact import compact_warehouse
from warehouse.queries import article_texts_between
from warehouse.snapshots import publish, verify, warehouse_provenance
from warehouse.snapshots.comparison import compare
from warehouse.snapshots.package import released_schema, table_schema_descriptor
from warehouse.store import DataFile, Manifest, Store
from warehouse.tables import iter_batches, read_column, read_file

# A WARC record offset past 2**31 - 1: a whole-file gzip decompressed past 2 GiB.
BIG = 3_000_000_000
OFFSET_TABLES = ("articles", "rejects")


def big_rows(article_id: str, run_id: str) -> dict[str, list[dict]]:
    """A valid run (test_checks' article) whose article and reject sit past 2 GiB."""
    rows = article_rows(article_id, run_id)
    for table in OFFSET_TABLES:
        rows[table][0]["source_position"] = BIG
    return rows


def int32_schema(schema: TableSchema) -> TableSchema:
    """`schema` as declared before issue 21: source_position int32."""
    columns = tuple(
        dataclasses.replace(column, type=pa.int32()) if column.name == "source_position" else column
        for column in schema.columns
    )
    return dataclasses.replace(schema, columns=columns)


def position_type(store: Store, data_file: DataFile) -> pa.DataType:
    with store.fs.open(store.path(data_file.path), "rb") as handle:
        return pq.read_schema(handle).field("source_position").type


def data_files(store: Store, table: str) -> list[DataFile]:
    return [f for f in store.read_manifest().files(table) if f.rows]


def positions(store: Store, table: str) -> list[tuple]:
    with connect(store, store.read_manifest()) as connection:
        return connection.execute(
            f"select source_position, typeof(source_position) from {table} order by 1"  # noqa: S608
        ).fetchall()


def test_offsets_past_2_gib_are_stored_exactly(tmp_path):
    store = Store(str(tmp_path / "wh"))
    commit_run(store, "r1", big_rows("a1", "r1"))
    for table in OFFSET_TABLES:
        (data_file,) = data_files(store, table)
        assert position_type(store, data_file) == pa.int64()
        stored = read_file(store, table_schema(table), data_file)
        assert stored.column("source_position").to_pylist() == [BIG]
        assert positions(store, table) == [(BIG, "BIGINT")]
    rejects = read_column(store, store.read_manifest(), "rejects", ["source_position"])
    assert rejects.column("source_position").to_pylist() == [BIG]


@pytest.fixture
def mixed(tmp_path, monkeypatch) -> Store:
    """Run r1 (positions 0 and 3) written by the int32 schema, as an older version did; then
    run r2 (positions past 2 GiB) by the current one, its data checks passed."""
    store = Store(str(tmp_path / "wh"))
    with monkeypatch.context() as old_version:
        for table in OFFSET_TABLES:
            old_version.setitem(TABLES, table, int32_schema(TABLES[table]))
        commit_run(store, "r1", article_rows("a1", "r1"))
    for table in OFFSET_TABLES:
        assert [position_type(store, f) for f in store.read_manifest().files(table)] == [
            pa.int32(),
            pa.int32(),
        ], "the schema file and r1's file are int32, as an older version wrote them"
    assert failures(store, "r2", write_run(store, "r2", big_rows("a2", "r2"))) == {}
    commit_run(store, "r2", big_rows("a2", "r2"))
    return store


def test_views_and_reads_answer_over_int32_and_int64_files(mixed):
    assert positions(mixed, "articles") == [(0, "BIGINT"), (BIG, "BIGINT")]
    assert positions(mixed, "rejects") == [(3, "BIGINT"), (BIG, "BIGINT")]
    manifest = mixed.read_manifest()
    for table in OFFSET_TABLES:
        old, new = data_files(mixed, table)
        assert (position_type(mixed, old), position_type(mixed, new)) == (pa.int32(), pa.int64())
        read = read_file(mixed, table_schema(table), old)
        assert read.schema.field("source_position").type == pa.int64()
        assert read.column("source_position").to_pylist() == [0 if table == "articles" else 3]
        # One int32 file alone reads as the declared type too.
        alone = read_column(mixed, Manifest(tables={table: [old]}), table, ["source_position"])
        assert alone.schema.field("source_position").type == pa.int64()
        batches = list(iter_batches(mixed, manifest, table, ["source_position", "run_id"]))
        assert {batch.schema.field("source_position").type for batch in batches} == {pa.int64()}
    # What an incremental rerun knows: every stored reject key, whatever file it is in.
    keys = read_column(mixed, manifest, "rejects", ["source_sha256", "source_position", "reason"])
    assert keys.schema.field("source_position").type == pa.int64()
    assert sorted(keys.column("source_position").to_pylist()) == [3, BIG]
    # Reprocess reads the articles in ingest order (source_path, then source_position).
    ordered = pa.Table.from_batches(list(article_texts_between(mixed, manifest, None, None, 10)))
    assert ordered.column("article_id").to_pylist() == ["a1", "a2"]


def test_a_key_stored_as_int32_is_still_a_duplicate(mixed):
    rows = big_rows("a3", "r3")
    old_reject = article_rows("a1", "r1")["rejects"][0]
    rows["rejects"].append({**old_reject, "run_id": "r3"})
    found = failures(mixed, "r3", write_run(mixed, "r3", rows))
    assert list(found) == [("rejects", "unique_key")]
    assert found["rejects", "unique_key"] == [f"{'cd' * 32}/3/{old_reject['reason']}"]


def test_compaction_writes_int64_and_changes_no_answer(mixed):
    before = {table: positions(mixed, table) for table in OFFSET_TABLES}
    report = compact_warehouse(mixed)
    assert report.changed
    for table in OFFSET_TABLES:
        (merged,) = data_files(mixed, table)
        assert position_type(mixed, merged) == pa.int64()
        assert positions(mixed, table) == before[table]


def test_a_release_of_a_mixed_warehouse_is_int64_and_verifies(mixed, tmp_path):
    manifest = mixed.read_manifest()
    release = publish(
        mixed,
        manifest,
        str(tmp_path / "releases"),
        "1.0.0",
        license_id=None,
        provenance=warehouse_provenance(mixed, manifest, "test"),
        accuracy={},
    )
    assert verify(release.location) == []
    for table in OFFSET_TABLES:
        (path,) = Path(release.location).rglob(f"{table}.parquet")
        released = pq.read_table(path)
        assert released.schema.field("source_position").type == pa.int64()
        assert sorted(released.column("source_position").to_pylist())[-1] == BIG


def test_a_release_after_one_with_int32_offsets_changes_no_row(tmp_path):
    """The previous release stored source_position as int32: the same rows are unchanged
    (DuckDB hashes -1 as INTEGER and as BIGINT differently), and the retyping is named."""
    schema = table_schema("rejects")
    rows = rows_to_table(
        schema,
        [
            {**article_rows("a1", "r1")["rejects"][0], "source_position": position}
            for position in (-1, 3)
        ],
    )
    old_schema = released_schema(int32_schema(schema))
    old_folder = tmp_path / "1.0.0"
    old_folder.mkdir()
    pq.write_table(rows.cast(int32_schema(schema).arrow_schema), old_folder / "rejects.parquet")
    new_path = tmp_path / "rejects.parquet"
    pq.write_table(rows, new_path)
    previous = {
        "resources": [
            {
                "name": "rejects",
                "path": "rejects.parquet",
                "schema": table_schema_descriptor(old_schema),
            }
        ]
    }
    change = compare({"rejects": new_path}, previous, LocalFileSystem(), str(old_folder))["rejects"]
    assert (change.added, change.removed, change.changed) == (0, 0, 0)
    assert change.schema_changes == ["column source_position: int32 -> int64"]
