"""Commands for published releases: `publish` one, `verify` one."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from flows.cli.app import command
from flows.cli.options import ConfigOption, VerboseOption, WarehouseOption
from flows.cli.output import console, stderr
from flows.runtime import apply_prefect_defaults, quiet_failure_tracebacks
from flows.settings import resolve


@command()
def publish(
    version: Annotated[str, typer.Option("--version", help="Release version, MAJOR.MINOR.PATCH.")],
    to: Annotated[str, typer.Option("--to", help="Folder or fsspec URL that holds releases.")],
    warehouse: WarehouseOption = None,
    license_id: Annotated[
        str, typer.Option("--license", help="Licence of the published data (SPDX id).")
    ] = "CC-BY-4.0",
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Publish the warehouse as an immutable, checksummed release: TO/VERSION/.

    Writes sorted Parquet tables, datapackage.json, a dataset card, a changelog against the
    previous release and a single-file newsledger.duckdb. A schema change needs a new major
    version, new rows a minor one, corrections a patch; publish refuses a version that is not
    greater than the last (or too small for the changes) and says which one would be next.
    """
    settings, _ = resolve({"warehouse": warehouse}, config)
    apply_prefect_defaults()
    if not verbose:
        quiet_failure_tracebacks()
    from flows.publish import run_publish

    release = run_publish(settings.warehouse, version, to, license_id)
    since = (
        f" (a {release.required_bump} release after {release.previous})" if release.previous else ""
    )
    console.print(
        f"[bold]published {release.version}[/] at {release.location}{since}", highlight=False
    )
    table = Table("table", "rows", "added", "removed", "changed")
    for name, change in release.changes.items():
        table.add_row(
            name,
            f"{change.rows:,}",
            f"{change.added:,}",
            f"{change.removed:,}",
            f"{change.changed:,}",
        )
    console.print(table)


@command()
def verify(
    location: Annotated[str, typer.Argument(help="A release folder or URL (TO/VERSION).")],
    verbose: VerboseOption = False,
) -> None:
    """Re-check a published release's file sizes, hashes and table schemas.

    Exits 1 and names every missing, altered or unlisted file when any check fails.
    """
    from warehouse.snapshots import verify as verify_release

    problems = verify_release(location)
    if not problems:
        console.print(
            f"[bold green]ok[/]: {location} matches its datapackage.json", highlight=False
        )
        return
    for problem in problems:
        stderr.print(f"[bold red]{problem.path}[/]: {problem.reason}", highlight=False)
    stderr.print(f"{len(problems)} problem(s) in {location}", highlight=False)
    raise typer.Exit(1)
