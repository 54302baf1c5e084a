"""Warehouse storage: schema enforcement, atomic commits, garbage collection, the lock."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas import table_schema
from schemas.errors import RunError
from schemas.table import conform, rows_to_table
from tests.benchmarks.queries import generate
from warehouse import catalog as catalog_module
from warehouse.catalog import connect, quote_identifier
from warehouse.checks import CheckResult, check_rows
from warehouse.store import Manifest, Store
from warehouse.tables import read_column, write_table
from warehouse.writer import RunWriter, open_for_write

NOW = dt.datetime(2025, 1, 13, tzinfo=dt.UTC)


def reject(position: int) -> dict:
    return {
        "source_path": "/in/x.jsonl",
        "source_position": position,
        "source_sha256": "ab" * 32,
        "format": "jsonl",
        "reason": f"line {position + 1}: invalid JSON",
        "rejected_at": NOW,
        "run_id": "r1",
    }


def test_conform_refuses_extra_and_missing_columns():
    schema = table_schema("rejects")
    table = rows_to_table(schema, [reject(0)])
    with pytest.raises(ValueError, match="extra"):
        conform(schema, table.append_column("surprise", pa.array([1])))
    with pytest.raises(ValueError, match="missing"):
        conform(schema, table.drop_columns(["reason"]))


def test_conform_refuses_null_in_required_column():
    schema = table_schema("rejects")
    bad = pa.table(
        {
            name: pa.array([None], type=schema.arrow_schema.field(name).type)
            for name in schema.column_names
        }
    )
    with pytest.raises(ValueError, match="non-nullable"):
        conform(schema, bad)


def test_rows_appear_only_after_commit(tmp_path):
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0), reject(1)]))
        writer._flush("rejects")  # parts are on disk now, but no manifest lists them
        with connect(store, store.read_manifest()) as connection:
            assert connection.execute("select count(*) from rejects").fetchone() == (0,)
        writer.commit()
    with connect(store, store.read_manifest()) as connection:
        assert connection.execute("select count(*) from rejects").fetchone() == (2,)


def test_dead_run_leftovers_are_never_read_and_are_collected(tmp_path):
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "dead")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0)]))
        writer._flush("rejects")
        # the run dies here: no commit
    leftovers = [p for p in store.fs.find(store.path("tables")) if "part-dead" in p]
    assert leftovers
    with open_for_write(store):
        pass
    assert not [p for p in store.fs.find(store.path("tables")) if "part-dead" in p]


def test_failed_run_removes_its_parts_at_once(tmp_path):
    store = Store(str(tmp_path / "wh"))
    with pytest.raises(OSError, match="disk full"), open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "failed")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0)]))
        writer._flush("rejects")
        assert [p for p in store.fs.find(store.path("tables")) if "part-failed" in p]
        raise OSError("disk full")
    assert not [p for p in store.fs.find(store.path("tables")) if "part-failed" in p]
    assert len(store.read_manifest().files("rejects")) == 1  # the schema file only


def test_killed_writers_temporaries_are_never_read_and_are_collected(tmp_path):
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0)]))
        committed = writer.commit()
    part = pa.BufferOutputStream()
    pq.write_table(rows_to_table(table_schema("rejects"), [reject(1)]), part)
    # A writer killed as by SIGKILL: os._exit skips every `finally`, so a whole part stays
    # under its temporary name, and the next manifest is written but never renamed into place.
    child = os.fork()
    if child == 0:
        try:
            with store.writing("tables/rejects/part-dead-00001.parquet") as handle:
                handle.write(part.getvalue().to_pybytes())
                handle.flush()
                os.replace = lambda *_: os._exit(0)
                store.write_manifest(Manifest(committed.generation + 1, tables=committed.tables))
        finally:
            os._exit(1)
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0
    temporaries = [path.name for path in Path(store.root).rglob(".*.tmp")]
    assert len(temporaries) == 2 and any(".part-dead-" in name for name in temporaries)

    assert store.read_manifest().generation == committed.generation
    with connect(store, store.read_manifest()) as connection:
        assert connection.execute("select count(*) from rejects").fetchone() == (1,)
        # nor does a reader that globs the table's files itself see the temporary part
        everything = store.path("tables/rejects/**/*.parquet")
        globbed = connection.execute("select count(*) from read_parquet(?)", [everything])
        assert globbed.fetchone() == (1,)
    with open_for_write(store):
        pass
    assert not list(Path(store.root).rglob(".*.tmp"))


def test_catalog_file_opens_in_plain_duckdb_with_views(tmp_path):
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0)]))
        writer.commit()
    connection = duckdb.connect(os.path.join(store.root, "newsledger.duckdb"), read_only=True)
    views = {
        row[0] for row in connection.execute("select view_name from duckdb_views()").fetchall()
    }
    assert {"articles", "rejects", "quantities", "quantity_timeline"} <= views
    assert connection.execute("select reason from rejects").fetchall() == [
        ("line 1: invalid JSON",)
    ]


def test_a_catalog_built_with_other_views_is_not_used(tmp_path, monkeypatch):
    """After an upgrade changes a view, queries use the installed view, not the catalog's."""
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0)]))
        manifest = writer.commit()
    catalog = os.path.join(store.root, "newsledger.duckdb")
    with connect(store, manifest) as connection:
        assert connection.execute("select current_database()").fetchone() == ("newsledger",)
    monkeypatch.setattr(catalog_module, "views_fingerprint", lambda: "other views")
    with connect(store, manifest) as connection:
        assert connection.execute("select current_database()").fetchone() != ("newsledger",)
        assert connection.execute("select count(*) from rejects").fetchone() == (1,)
    assert os.path.exists(catalog)


def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store), pytest.raises(RunError, match="locked"), open_for_write(store):
        pass


def test_quote_identifier_accepts_only_declared_names():
    assert quote_identifier("articles") == '"articles"'
    with pytest.raises(ValueError):
        quote_identifier("articles; drop table x")


def test_buffers_are_bounded_by_bytes(tmp_path, monkeypatch):
    import warehouse.writer

    monkeypatch.setattr(warehouse.writer, "FLUSH_BYTES", 1)
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0)]))
        # written as soon as the buffer passes the byte bound, before any commit
        assert [p for p in store.fs.find(store.path("tables/rejects")) if "part-r1" in p]
        writer.commit()
    with connect(store, store.read_manifest()) as connection:
        assert connection.execute("select count(*) from rejects").fetchone() == (1,)


def test_buffers_are_bounded_by_bytes_over_all_tables(tmp_path, monkeypatch):
    import warehouse.writer

    one_row = rows_to_table(table_schema("rejects"), [reject(0)]).nbytes
    monkeypatch.setattr(warehouse.writer, "FLUSH_BYTES", 3 * one_row)
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        for position in range(10):
            writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(position)]))
            assert sum(writer._buffered_bytes.values()) < 3 * one_row
        writer.commit()
    with connect(store, store.read_manifest()) as connection:
        assert connection.execute("select count(*) from rejects").fetchone() == (10,)


@pytest.mark.parametrize(("file_rows", "expected_files"), [(1_000_000, [10]), (4, [4, 4, 2])])
def test_a_runs_parts_are_merged_per_folder_before_the_commit(
    tmp_path, monkeypatch, file_rows, expected_files
):
    import warehouse.writer

    monkeypatch.setattr(warehouse.writer, "FLUSH_BYTES", 1)  # a part per row
    monkeypatch.setattr(warehouse.writer, "MERGE_GROUP_BYTES", 1)  # a row group per part
    monkeypatch.setattr(warehouse.writer, "MERGE_FILE_ROWS", file_rows)
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        for position in range(10):
            writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(position)]))
        writer.commit()
    listed = [f for f in store.read_manifest().files("rejects") if f.run_id == "r1"]
    assert [f.rows for f in listed] == expected_files
    on_disk = sorted(p for p in store.fs.find(store.path("tables/rejects")) if "part-r1" in p)
    assert on_disk == sorted(store.path(f.path) for f in listed)  # the parts are gone
    metadata = pq.read_metadata(on_disk[0])
    assert metadata.num_rows == expected_files[0]
    assert metadata.num_row_groups == expected_files[0]
    with connect(store, store.read_manifest()) as connection:
        positions = connection.execute("select source_position from rejects order by 1").fetchall()
    assert positions == [(position,) for position in range(10)]


def test_files_written_before_a_nullable_column_was_declared_read_as_null(tmp_path):
    import pyarrow.parquet as pq

    from warehouse.tables import read_column

    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0), reject(1)]))
        manifest = writer.commit()
    (data_file,) = [f for f in manifest.files("rejects") if f.rows]
    path = store.path(data_file.path)
    pq.write_table(pq.read_table(path).drop_columns(["format"]), path)  # an older file

    table = read_column(store, manifest, "rejects", ["reason", "format"])
    assert table.column_names == ["reason", "format"]
    assert table["format"].null_count == 2
    assert (
        table.schema.field("format").type
        == table_schema("rejects").arrow_schema.field("format").type
    )


def test_a_buffer_is_written_as_one_key_sorted_file_per_month(tmp_path):
    # A run's buffer spans many months in no order; each month's file holds its rows only,
    # sorted by the primary key, and nothing is lost or repeated.
    generate(str(tmp_path / "generated"), 60)
    source = Store(str(tmp_path / "generated"))
    schema = table_schema("claims")
    claims = read_column(source, source.read_manifest(), "claims", list(schema.column_names))
    shuffled = claims.take(np.random.default_rng(5).permutation(claims.num_rows))
    store = Store(str(tmp_path / "wh"))
    written = write_table(store, schema, shuffled, "r1", 1)
    months = sorted(set(claims.column("published_month").to_pylist()))
    assert len(written) == len(months) > 3
    key = schema.primary_key
    for data_file, month in zip(written, months, strict=True):
        assert f"published_month={month}/" in data_file.path
        rows = pq.read_table(store.path(data_file.path)).select(schema.column_names)
        assert set(rows.column("published_month").to_pylist()) == {month}
        assert rows.equals(rows.sort_by([(name, "ascending") for name in key]))
    together = pa.concat_tables(
        pq.read_table(store.path(f.path)).select(schema.column_names) for f in written
    )
    assert together.sort_by([(n, "ascending") for n in key]).equals(
        claims.sort_by([(n, "ascending") for n in key])
    )


def test_a_file_is_written_into_a_new_folder_and_a_failed_one_leaves_nothing(tmp_path):
    store = Store(str(tmp_path / "wh"))
    with store.writing("tables/x/month=1/part.parquet") as handle:
        handle.write(b"whole")
    assert Path(store.path("tables/x/month=1/part.parquet")).read_bytes() == b"whole"
    with pytest.raises(RuntimeError), store.writing("tables/x/month=2/part.parquet") as handle:
        handle.write(b"half")
        raise RuntimeError("the writer failed")
    assert os.listdir(store.path("tables/x/month=2")) == []


def test_flushing_some_tables_writes_their_parts_and_keeps_the_others_buffered(tmp_path):
    store = Store(str(tmp_path / "wh"))
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0), reject(1)]))
        writer.add("checks", check_rows([CheckResult("rejects", "c", "c", 0, [], 0.1, NOW)], "r1"))
        writer.flush(["rejects"])
        assert len(writer._written["rejects"]) == 1 and not writer._buffers["rejects"]
        assert not writer._written["checks"] and writer._buffers["checks"]
        writer.commit()
    with connect(store, store.read_manifest()) as connection:
        assert connection.execute("select count(*) from rejects").fetchone() == (2,)
        assert connection.execute("select count(*) from checks").fetchone() == (1,)
