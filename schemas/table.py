"""The declaration every table schema uses: described fields, grain, key and partitioning."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Column:
    """One declared column: its Arrow type, whether it may be null, and what it holds."""

    name: str
    type: pa.DataType
    description: str
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class TableSchema:
    """A table's contract: the writer casts to it and refuses extra or missing columns.

    `grain` says what one row is; `primary_key` the columns that identify it; `partition_by`
    the column whose value names the file's partition folder; `derived` whether the table is
    rebuilt from the raw layer by extraction (as opposed to recorded once at ingest).
    """

    name: str
    grain: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]
    partition_by: str | None = None
    derived: bool = False
    description: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def arrow_schema(self) -> pa.Schema:
        """The Arrow schema, each field's description kept in its metadata."""
        fields = [
            pa.field(
                column.name,
                column.type,
                nullable=column.nullable,
                metadata={"description": column.description},
            )
            for column in self.columns
        ]
        return pa.schema(
            fields,
            metadata={
                "table": self.name,
                "grain": self.grain,
                "primary_key": ",".join(self.primary_key),
            },
        )


def rows_to_table(schema: TableSchema, rows: list[dict]) -> pa.Table:
    """Build an Arrow table of `schema` from row dicts, refusing unknown or missing keys."""
    expected = set(schema.column_names)
    for row in rows[:1]:
        extra, missing = set(row) - expected, expected - set(row)
        if extra or missing:
            raise ValueError(
                f"{schema.name}: rows do not match the schema "
                f"(extra: {sorted(extra)}, missing: {sorted(missing)})"
            )
    return pa.Table.from_pylist(rows, schema=schema.arrow_schema)


def conform(schema: TableSchema, table: pa.Table) -> pa.Table:
    """Cast `table` to `schema`, in declared column order; extra or missing columns are errors.

    Null values in non-nullable columns are refused too: a table that breaks its contract
    never reaches storage.
    """
    names = set(table.column_names)
    expected = set(schema.column_names)
    if names != expected:
        raise ValueError(
            f"{schema.name}: columns do not match the schema "
            f"(extra: {sorted(names - expected)}, missing: {sorted(expected - names)})"
        )
    table = table.select(list(schema.column_names)).cast(schema.arrow_schema)
    for column in schema.columns:
        if not column.nullable and table.column(column.name).null_count:
            raise ValueError(f"{schema.name}.{column.name}: null in a non-nullable column")
    return table
