"""Options several commands share, declared once (Typer's Annotated style)."""

from __future__ import annotations

from typing import Annotated

import typer

WarehouseOption = Annotated[
    str | None,
    typer.Option(
        "--warehouse",
        "-w",
        help="Warehouse directory or URL \\[default: $NEWSLEDGER_WAREHOUSE, else ./data].",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    str | None, typer.Option("--config", help="Settings file \\[default: ./newsledger.toml].")
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Show error details and tracebacks.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")]
ProcessesOption = Annotated[
    int | None, typer.Option("--processes", help="NLP worker processes \\[default: CPU count].")
]
BatchSizeOption = Annotated[
    int | None, typer.Option("--batch-size", help="Articles per extraction task.")
]
ModelOption = Annotated[str | None, typer.Option("--model", help="spaCy model package, or 'auto'.")]
DaskAddressOption = Annotated[
    str | None,
    typer.Option("--dask-address", help="Run tasks on this Dask scheduler (tcp://host:8786)."),
]
