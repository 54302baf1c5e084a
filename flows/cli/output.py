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
