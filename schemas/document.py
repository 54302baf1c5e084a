"""The schema reference (docs/schema.md), generated from the declared schemas.

Run `python -m schemas.document` to rewrite it; a test fails when the committed file differs
from what the schemas say, so the reference cannot drift from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from schemas import TABLES

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def render() -> str:
    """Markdown: per table its description, grain, key, partitioning and every column."""
    lines = [
        "# Schema reference",
        "",
        "Generated from `schemas/` by `python -m schemas.document`; do not edit by hand.",
        "Every write is cast to these schemas; a column marked required is never null.",
        "",
        *(f"- [`{name}`](#{name})" for name in TABLES),
        "",
    ]
    for name, schema in TABLES.items():
        lines += [
            f"## {name}",
            "",
            *([schema.description, ""] if schema.description else []),
            f"- Grain: {schema.grain}",
            f"- Primary key: {', '.join(f'`{column}`' for column in schema.primary_key)}",
            f"- Partitioned by: `{schema.partition_by}`"
            if schema.partition_by
            else "- Not partitioned",
            "- Layer: "
            + ("derived (rebuilt by extraction)" if schema.derived else "recorded at ingest"),
            "",
            "| column | type | required | description |",
            "|---|---|---|---|",
            *(
                f"| `{column.name}` | `{column.type}` | {'' if column.nullable else 'yes'} | "
                f"{_cell(column.description)} |"
                for column in schema.columns
            ),
            "",
        ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE
    target.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
