"""Table views read their files by name (union_by_name) only when the files' schemas differ:
DuckDB holds about 16 KB per file in each view binding with it, and a run writes thousands."""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas import TABLES, table_schema
from warehouse.catalog import create_table_views


def _same(table: pa.Table) -> pa.Table:
    return table


def _narrower(table: pa.Table) -> pa.Table:
    # An older version's 32-bit source_position.
    index = table.schema.get_field_index("source_position")
    return table.set_column(index, "source_position", table.column(index).cast(pa.int32()))


def _column_missing(table: pa.Table) -> pa.Table:
    nullable = next(c.name for c in table_schema("rejects").columns if c.nullable)
    return table.drop_columns([nullable])


def _view_sql(connection: duckdb.DuckDBPyConnection, name: str) -> str:
    ((sql,),) = connection.execute(
        "select sql from duckdb_views() where view_name = ?", [name]
    ).fetchall()
    return sql


@pytest.mark.parametrize(
    ("older", "union"),
    [
        pytest.param(_same, False, id="same-schema"),
        pytest.param(_narrower, True, id="narrower-type"),
        pytest.param(_column_missing, True, id="column-missing"),
    ],
)
def test_files_read_by_name_only_when_schemas_differ(
    tmp_path, older: Callable[[pa.Table], pa.Table], union: bool
):
    files = {}
    for name in TABLES:
        path = tmp_path / f"{name}.parquet"
        pq.write_table(table_schema(name).arrow_schema.empty_table(), path)
        files[name] = [str(path)]
    rejects = table_schema("rejects").arrow_schema.empty_table()
    pq.write_table(older(rejects), tmp_path / "old-rejects.parquet")
    files["rejects"].append(str(tmp_path / "old-rejects.parquet"))
    with duckdb.connect() as connection:
        create_table_views(connection, files)
        assert ("union_by_name" in _view_sql(connection, "rejects")) is union
        types = dict(
            connection.execute("select column_name, column_type from (describe rejects)").fetchall()
        )
    assert types["source_position"] == "BIGINT"
    assert set(types) == set(table_schema("rejects").column_names)
