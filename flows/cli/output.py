"""Where the CLI prints: results on stdout; errors, notices and progress on stderr."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import sys
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console()
stderr = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def plain(value: Any) -> Any:
    """A query value as JSON and CSV can hold it: dates as ISO text, decimals as floats."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def print_json(document: Any) -> None:
    """`document` as indented JSON on stdout, dates and decimals made plain."""
    print(json.dumps(document, default=plain, indent=2))


# What `newsledger status` can tell of the articles not extracted: the warehouse records the
# NOT_ENGLISH flag, not which pipelines a later run will have.
NOT_READ_AS_ENGLISH = "flagged not_english: not read by the English pipeline"


def languages_line(languages: dict[str, int], n_not_extracted: int, what: str = "") -> str:
    """'languages en 12, de 3, und 1 · not extracted 4 (...)': articles per detected language
    ('und': too short or unclear to tell), commonest first, and those not extracted."""
    listed = ", ".join(
        f"{language} {n:,}" for language, n in sorted(languages.items(), key=lambda kv: -kv[1])
    )
    reason = what or "no pipeline for their language"
    return f"languages {listed or 'none'} · not extracted {n_not_extracted:,} ({reason})"


def print_rows(columns: list[str], rows: list[tuple], output: OutputFormat) -> None:
    """Query results on stdout as a table, CSV or JSON records."""
    if output is OutputFormat.json:
        records = [dict(zip(columns, map(plain, row), strict=True)) for row in rows]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif output is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[plain(value) for value in row] for row in rows])
        sys.stdout.write(buffer.getvalue())
    else:
        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*("" if value is None else str(plain(value)) for value in row))
        Console(width=max(console.width, 160)).print(table)
        console.print(f"{len(rows)} rows", style="dim")
