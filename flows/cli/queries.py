"""Commands that read a warehouse (or a release): `sql`, `status` and `report`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.filesize import decimal as file_size
from rich.table import Table

from flows.cli.app import command
from flows.cli.options import ConfigOption, VerboseOption, WarehouseOption
from flows.cli.output import NOT_READ_AS_ENGLISH, OutputFormat, console, languages_line, print_rows
from flows.cli.warehouses import open_warehouse
from flows.settings import resolve
from schemas.errors import RunError


@command()
def sql(
    query: Annotated[str, typer.Argument(help="A SQL query over the tables and views.")],
    warehouse: WarehouseOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.table,
    snapshot: Annotated[
        str | None,
        typer.Option("--snapshot", help="Query this published release (folder or URL) instead."),
    ] = None,
    allow_files: Annotated[
        bool,
        typer.Option(
            "--allow-files",
            help="Unsafe, for your own shell: let the query read and write any file, "
            "install extensions and change settings (the catalog stays read-only).",
        ),
    ] = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Run a read-only SQL query over the tables and views of the warehouse or of a release.

    The query runs in a sandbox: it reads the warehouse's (or the release's) own files and
    nothing else, writes nothing, changes no setting, and is held to `sql_memory_limit` and
    `sql_temp_directory_limit`. Anything else exits 1 and says why.
    """
    import duckdb

    from warehouse.sandbox import Limits, snapshot_sandbox, warehouse_sandbox

    try:
        if snapshot:
            settings, _ = resolve({"warehouse": warehouse}, config)
            limits = Limits(settings.sql_memory_limit, settings.sql_temp_directory_limit)
            sandbox = snapshot_sandbox(snapshot, limits, allow_files)
        else:
            opened = open_warehouse(warehouse, config)
            settings = opened.settings
            limits = Limits(settings.sql_memory_limit, settings.sql_temp_directory_limit)
            sandbox = warehouse_sandbox(opened.store, opened.manifest, limits, allow_files)
        with sandbox:
            result = sandbox.query(query)
    except duckdb.Error as error:
        # A mistake in the query: DuckDB's first line names it; the rest repeats the query.
        raise RunError(f"SQL: {error}".splitlines()[0]) from error
    print_rows(result.columns, result.rows, output)


@command()
def status(
    warehouse: WarehouseOption = None, config: ConfigOption = None, verbose: VerboseOption = False
) -> None:
    """Summarize the warehouse: articles and dates, rows per table, last runs, rejects, checks."""
    from warehouse.status import warehouse_status

    opened = open_warehouse(warehouse, config)
    with opened.connect() as connection:
        report = warehouse_status(connection)
    wide = Console(width=max(console.width, 120))
    wide.print(
        f"[bold]{opened.settings.warehouse}[/] (generation {opened.manifest.generation}): "
        f"{report.articles:,} articles from {report.outlets:,} outlets, "
        f"published {report.first_date or '-'} to {report.last_date or '-'}",
        highlight=False,
    )
    rows = Table("table", "rows", title="Rows per table", title_justify="left")
    for name, count in report.rows.items():
        rows.add_row(name, f"{count:,}")
    wide.print(rows)
    runs = Table(
        "run",
        "kind",
        "started",
        "seconds",
        "new",
        "duplicates",
        "rejected",
        "outcome",
        title="Last runs",
        title_justify="left",
    )
    for run in report.last_runs:
        runs.add_row(*(str(value) for value in run))
    wide.print(runs)
    wide.print(
        languages_line(report.languages, report.n_not_english, NOT_READ_AS_ENGLISH), highlight=False
    )
    if report.reject_reasons:
        rejects = Table("reason", "count", title="Rejects", title_justify="left")
        for reason, count in report.reject_reasons:
            rejects.add_row(reason, f"{count:,}")
        wide.print(rejects)
    else:
        wide.print("No rejects.")
    if report.checks is None:
        wide.print("No data checks recorded.")
    else:
        checks = report.checks
        wide.print(
            f"Data checks of run {checks.run_id}: {checks.n_passed} passed, "
            f"{checks.n_failed} failed"
            + (f" ({', '.join(checks.failed)})" if checks.failed else "."),
            highlight=False,
        )


@command()
def report(
    out: Annotated[
        str, typer.Option("--out", "-o", help="HTML file to write (one file, charts inlined).")
    ],
    warehouse: WarehouseOption = None,
    subject: Annotated[
        str | None,
        typer.Option(
            help="Subject key (e.g. org:velmoran) or subject as written, any case "
            "(e.g. 'Velmoran soldiers'). Default: the subject with the most claims.",
            show_default=False,
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            help="Claim category, e.g. killed. Default: the subject's commonest.",
            show_default=False,
        ),
    ] = None,
    png_dir: Annotated[
        str | None, typer.Option("--png-dir", help="Also write each chart as a PNG file here.")
    ] = None,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Write a self-contained HTML report of one subject's claims, with charts.

    Charts: each claimant's figures over time with their low-high range, monthly
    mentions of the top entities, the top entities, the articles per outlet; then
    a table of the claims. Images are inlined: the page loads nothing else and
    needs no JavaScript. An unknown subject or category exits 1 and names some
    that exist.
    """
    from warehouse.report import render_report, write_report

    with open_warehouse(warehouse, config).connect() as connection:
        built = render_report(connection, subject, category)
    written = write_report(built, out, png_dir)
    console.print(
        f"[bold]wrote {written[0]}[/] ({file_size(written[0].stat().st_size)}): "
        f"{built.n_claims:,} claims, {built.title}, {len(built.images)} charts",
        highlight=False,
    )
    for path in written[1:]:
        console.print(f"  {path}", highlight=False)
