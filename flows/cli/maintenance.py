"""Commands that look after a warehouse and its settings: `compact` and `config`."""

from __future__ import annotations

import json

from rich.filesize import decimal as file_size
from rich.table import Table

from flows.cli.app import command
from flows.cli.options import ConfigOption, VerboseOption, WarehouseOption
from flows.cli.output import console
from flows.cli.warehouses import open_warehouse
from flows.settings import resolve


@command()
def compact(
    warehouse: WarehouseOption = None, config: ConfigOption = None, verbose: VerboseOption = False
) -> None:
    """Merge each partition's small Parquet files into one sorted file; results do not change.

    Runs under the warehouse lock and commits one new manifest generation; files it replaced
    are deleted after the commit. With nothing to merge it changes nothing.
    """
    from warehouse.compact import compact_warehouse

    opened = open_warehouse(warehouse, config)
    report = compact_warehouse(opened.store)
    location = opened.settings.warehouse
    if report.changed:
        headline = (
            f"[bold]compacted {location}[/]: generation {report.generation_before} "
            f"-> {report.generation_after} ({report.seconds:.1f} s), "
            f"{report.files_removed} files removed"
        )
    else:
        headline = (
            f"[bold]nothing to compact[/] in {location} "
            f"(generation {report.generation_before}, {report.seconds:.1f} s)"
        )
    console.print(headline, highlight=False)
    table = Table("table", "files", "rows", "bytes", "seconds")
    for stat in report.tables:
        table.add_row(
            stat.table,
            f"{stat.files_before} -> {stat.files_after}",
            f"{stat.rows_after:,}",
            f"{file_size(stat.bytes_before)} -> {file_size(stat.bytes_after)}",
            f"{stat.seconds:.2f}",
        )
    console.print(table)


@command("config")
def show_config(config: ConfigOption = None, verbose: VerboseOption = False) -> None:
    """Print the effective settings and where each one comes from."""
    settings, origins = resolve(None, config)
    table = Table("setting", "value", "from")
    for key, value in settings.as_dict().items():
        table.add_row(key, json.dumps(value), origins[key])
    console.print(table)
