"""docs/schema.md is generated from schemas/ and must say what the schemas say."""

from __future__ import annotations

from schemas import TABLES
from schemas.document import REFERENCE, render


def test_committed_reference_is_the_generated_one():
    assert REFERENCE.read_text(encoding="utf-8") == render(), (
        "docs/schema.md is stale: run `python -m schemas.document`"
    )


def test_reference_names_every_column_of_every_table():
    text = render()
    for name, schema in TABLES.items():
        assert f"## {name}\n" in text
        for column in schema.columns:
            assert f"| `{column.name}` | `{column.type}` |" in text
