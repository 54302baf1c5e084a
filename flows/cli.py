"""The `newsledger` command: parses options, calls flows and the warehouse, prints results."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from flows.runtime import apply_prefect_defaults, quiet_failure_tracebacks
from flows.settings import resolve
from transforms.errors import NewsledgerError, RunError

app = typer.Typer(
    name="newsledger",
    help="Turn raw news articles into a versioned dataset of reported figures, queryable with SQL.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
T = TypeVar("T")
console = Console()
errors = Console(stderr=True, soft_wrap=True)

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
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show error details.")]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _fail(error: BaseException, verbose: bool) -> None:
    if verbose:
        errors.print_exception()
    lines = (str(error) or type(error).__name__).splitlines()
    errors.print(f"[bold red]error:[/] {escape(lines[0])}", highlight=False, soft_wrap=True)
    hint = getattr(error, "hint", "") or (
        "run again with --verbose for the details" if len(lines) > 1 and not verbose else ""
    )
    if hint:
        errors.print(f"hint: {hint}", highlight=False)
    raise typer.Exit(1)


@app.command()
def run(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders (read recursively), globs or URLs.")
    ],
    warehouse: WarehouseOption = None,
    processes: Annotated[
        int | None, typer.Option(help="NLP worker processes \\[default: CPU count].")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Articles per extraction task.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model package, or 'auto'.")] = None,
    dask_address: Annotated[
        str | None, typer.Option(help="Run tasks on this Dask scheduler (tcp://host:8786).")
    ] = None,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Ingest articles (txt, html, json, jsonl, rss, atom) and extract them into the warehouse.

    Articles already stored are skipped; unreadable files or records are recorded in the
    `rejects` table with their reason and the run goes on.
    """
    try:
        settings, _ = resolve(
            {
                "warehouse": warehouse,
                "processes": processes,
                "batch_size": batch_size,
                "model": model,
                "dask_address": dask_address,
            },
            config,
        )
        from flows.ingest import run_ingest

        summary = _with_progress(lambda: run_ingest(inputs, settings), verbose)
    except NewsledgerError as error:
        _fail(error, verbose)
    except Exception as error:  # the one place an unexpected failure becomes a clean line
        _fail(error, verbose)
    console.print(
        f"[bold]run {summary.run_id}[/] into {summary.warehouse} ({summary.seconds:.1f} s)\n"
        f"  files {summary.n_files} ({summary.n_files_unchanged} unchanged since an earlier "
        f"run) · articles read {summary.n_articles_read} · "
        f"new {summary.n_articles_new} · duplicates {summary.n_duplicates} · "
        f"rejected {summary.n_rejected}",
        highlight=False,
    )
    added = ", ".join(f"{name} +{n}" for name, n in summary.rows_added.items() if n)
    console.print(f"  rows added: {added or 'none'}", highlight=False)
    if summary.older_extractions:
        errors.print(
            f"[yellow]notice:[/] {sum(summary.older_extractions.values())} stored articles were "
            f"extracted by an older version ({', '.join(sorted(summary.older_extractions))}); "
            f"this run used {summary.extractor_version}.\n"
            f"hint: newsledger reprocess --warehouse {escape(summary.warehouse)}",
            highlight=False,
        )


def _with_progress(work: Callable[[], T], verbose: bool) -> T:
    """Run a flow with Prefect's defaults and a progress display on stderr.

    On stderr, so stdout carries only the summary: a bar on a terminal, lines otherwise.
    """
    apply_prefect_defaults()
    if not verbose:
        quiet_failure_tracebacks()
    from flows.progress import BarReporter, LineReporter, reporting

    reporter = (
        BarReporter(errors)
        if errors.is_terminal
        else LineReporter(lambda line: errors.print(line, highlight=False, soft_wrap=True))
    )
    with reporting(reporter):
        return work()


def _date_option(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RunError(f"{name} {value!r} is not a date", hint="write it as YYYY-MM-DD") from None


@app.command()
def reprocess(
    warehouse: WarehouseOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only articles published on or after this YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only articles published on or before this YYYY-MM-DD.")
    ] = None,
    processes: Annotated[
        int | None, typer.Option(help="NLP worker processes \\[default: CPU count].")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Articles per extraction task.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model package, or 'auto'.")] = None,
    dask_address: Annotated[
        str | None, typer.Option(help="Run tasks on this Dask scheduler (tcp://host:8786).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the full change report as JSON.")
    ] = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Extract stored articles again with the current code and replace their derived rows.

    Articles are chosen by publication date (undated ones only when no bound is given). The
    raw layer (`articles`) is not touched; mentions, quantities, temporal expressions, claims
    and quotations of the chosen articles are replaced in one commit, so readers see the old
    rows or the new ones, never a mix. Prints rows added, removed and changed per table, and
    the claims whose figure or claimant changed.
    """
    try:
        settings, _ = resolve(
            {
                "warehouse": warehouse,
                "processes": processes,
                "batch_size": batch_size,
                "model": model,
                "dask_address": dask_address,
            },
            config,
        )
        start, end = _date_option(since, "--since"), _date_option(until, "--until")
        from flows.reprocess import run_reprocess

        summary = _with_progress(lambda: run_reprocess(settings, start, end), verbose)
    except NewsledgerError as error:
        _fail(error, verbose)
    except Exception as error:  # an unexpected failure becomes one clean line, as in `run`
        _fail(error, verbose)
    if as_json:
        print(json.dumps(summary.as_dict(), default=_plain, indent=2))
        return
    console.print(
        f"[bold]reprocess {summary.run_id}[/] of {summary.warehouse} "
        f"({summary.seconds:.1f} s): {summary.n_articles} articles, "
        f"extractor {summary.extractor_version}",
        highlight=False,
    )
    table = Table("table", "rows before", "rows after", "added", "removed", "changed")
    for change in summary.changes.tables:
        table.add_row(
            change.table,
            f"{change.rows_before:,}",
            f"{change.rows_after:,}",
            f"{change.added:,}",
            f"{change.removed:,}",
            f"{change.changed:,}",
        )
    console.print(table)
    changes = summary.changes
    console.print(
        f"claims whose figure or claimant changed: {changes.n_claims_changed}", highlight=False
    )
    if changes.claims:
        listed = Table("article", "category", "claim", "before", "after")
        for claim in changes.claims[:CLAIMS_SHOWN]:
            listed.add_row(
                claim.article_id[:12],
                claim.category,
                claim.text,
                _claim_figure(claim.before),
                _claim_figure(claim.after),
            )
        console.print(listed)
        if changes.n_claims_changed > CLAIMS_SHOWN:
            console.print(f"(first {CLAIMS_SHOWN}; --json lists {len(changes.claims)})")


CLAIMS_SHOWN = 20


def _claim_figure(values: dict) -> str:
    bounds = (
        f" [{_plain(values['low'])}-{_plain(values['high'])}]"
        if values["low"] is not None or values["high"] is not None
        else ""
    )
    claimant = values["claimant_text"] or values["claimant_entity_id"] or "-"
    return escape(f"{values['qualifier']} {_plain(values['value'])}{bounds} by {claimant}")


@app.command()
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
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Run a read-only SQL query over the tables and views of the warehouse or of a release."""
    import duckdb

    from warehouse.catalog import connect
    from warehouse.snapshots import connect_snapshot
    from warehouse.store import Store

    try:
        if snapshot:
            connection = connect_snapshot(snapshot)
        else:
            settings, _ = resolve({"warehouse": warehouse}, config)
            store = Store(settings.warehouse)
            if not store.exists():
                raise NewsledgerError(f"no warehouse at {settings.warehouse}")
            connection = connect(store, store.read_manifest())
        try:
            cursor = connection.execute(query)
            columns = [item[0] for item in cursor.description or []]
            rows = cursor.fetchall()
        finally:
            connection.close()
    except duckdb.Error as error:
        _fail(NewsledgerError(f"SQL: {error}".splitlines()[0]), verbose)
    except NewsledgerError as error:
        _fail(error, verbose)
    _print_rows(columns, rows, output)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _print_rows(columns: list[str], rows: list[tuple], output: OutputFormat) -> None:
    if output is OutputFormat.json:
        records = [dict(zip(columns, map(_plain, row), strict=True)) for row in rows]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif output is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(value) for value in row] for row in rows])
        sys.stdout.write(buffer.getvalue())
    else:
        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*("" if value is None else str(_plain(value)) for value in row))
        Console(width=max(console.width, 160)).print(table)
        console.print(f"{len(rows)} rows", style="dim")


@app.command()
def compact(
    warehouse: WarehouseOption = None, config: ConfigOption = None, verbose: VerboseOption = False
) -> None:
    """Merge each partition's small Parquet files into one sorted file; results do not change.

    Runs under the warehouse lock and commits one new manifest generation; files it replaced
    are deleted after the commit. With nothing to merge it changes nothing.
    """
    from warehouse.compact import compact_warehouse
    from warehouse.store import Store

    try:
        settings, _ = resolve({"warehouse": warehouse}, config)
        report = compact_warehouse(Store(settings.warehouse))
    except NewsledgerError as error:
        _fail(error, verbose)
    except Exception as error:  # an unexpected failure becomes one clean line, as in `run`
        _fail(error, verbose)
    if report.changed:
        headline = (
            f"[bold]compacted {settings.warehouse}[/]: generation {report.generation_before} "
            f"-> {report.generation_after} ({report.seconds:.1f} s), "
            f"{report.files_removed} files removed"
        )
    else:
        headline = (
            f"[bold]nothing to compact[/] in {settings.warehouse} "
            f"(generation {report.generation_before}, {report.seconds:.1f} s)"
        )
    console.print(headline, highlight=False)
    table = Table("table", "files", "rows", "bytes", "seconds")
    for stat in report.tables:
        table.add_row(
            stat.table,
            f"{stat.files_before} -> {stat.files_after}",
            f"{stat.rows_after:,}",
            f"{_size(stat.bytes_before)} -> {_size(stat.bytes_after)}",
            f"{stat.seconds:.2f}",
        )
    console.print(table)


def _size(n: float) -> str:
    if n < 1024:
        return f"{n:.0f} B"
    for unit in ("KB", "MB"):
        n /= 1024
        if n < 1024:
            return f"{n:.1f} {unit}"
    return f"{n / 1024:.1f} GB"


@app.command()
def status(
    warehouse: WarehouseOption = None, config: ConfigOption = None, verbose: VerboseOption = False
) -> None:
    """Summarize the warehouse: articles and dates, rows per table, last runs, rejects, checks."""
    from warehouse.catalog import connect
    from warehouse.status import warehouse_status
    from warehouse.store import Store

    try:
        settings, _ = resolve({"warehouse": warehouse}, config)
        store = Store(settings.warehouse)
        if not store.exists():
            raise RunError(
                f"no warehouse at {settings.warehouse}", hint="create one with `newsledger run`"
            )
        manifest = store.read_manifest()
        with connect(store, manifest) as connection:
            report = warehouse_status(connection)
    except NewsledgerError as error:
        _fail(error, verbose)
    except Exception as error:  # an unexpected failure becomes one clean line, as in `run`
        _fail(error, verbose)
    wide = Console(width=max(console.width, 120))
    wide.print(
        f"[bold]{settings.warehouse}[/] (generation {manifest.generation}): "
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


@app.command()
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
    try:
        settings, _ = resolve({"warehouse": warehouse}, config)
        apply_prefect_defaults()
        if not verbose:
            quiet_failure_tracebacks()
        from flows.publish import run_publish

        release = run_publish(settings.warehouse, version, to, license_id)
    except NewsledgerError as error:
        _fail(error, verbose)
    except Exception as error:  # an unexpected failure becomes one clean line, as in `run`
        _fail(error, verbose)
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


@app.command()
def verify(
    location: Annotated[str, typer.Argument(help="A release folder or URL (TO/VERSION).")],
    verbose: VerboseOption = False,
) -> None:
    """Re-check a published release's file sizes, hashes and table schemas.

    Exits 1 and names every missing, altered or unlisted file when any check fails.
    """
    from warehouse.snapshots import verify as verify_release

    try:
        problems = verify_release(location)
    except NewsledgerError as error:
        _fail(error, verbose)
    except Exception as error:  # unreadable location: one clean line
        _fail(error, verbose)
    if not problems:
        console.print(
            f"[bold green]ok[/]: {location} matches its datapackage.json", highlight=False
        )
        return
    for problem in problems:
        errors.print(f"[bold red]{problem.path}[/]: {problem.reason}", highlight=False)
    errors.print(f"{len(problems)} problem(s) in {location}", highlight=False)
    raise typer.Exit(1)


@app.command()
def serve(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, folders (read recursively), globs or feed URLs to ingest."),
    ],
    warehouse: WarehouseOption = None,
    interval: Annotated[
        int | None, typer.Option(help="Ingest every this many seconds.", min=1)
    ] = None,
    cron: Annotated[
        str | None, typer.Option(help="Ingest on this cron schedule (UTC), e.g. '*/30 * * * *'.")
    ] = None,
    name: Annotated[
        str, typer.Option(help="Deployment name: runs are 'newsledger-ingest-deployment/NAME'.")
    ] = "default",
    processes: Annotated[
        int | None, typer.Option(help="NLP worker processes per run \\[default: CPU count].")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Articles per extraction task.")] = None,
    limit: Annotated[int, typer.Option(help="Runs at a time; others wait.", min=1)] = 1,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the deployments and exit.")
    ] = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Serve the ingest, reprocess and publish deployments, on a schedule or when triggered.

    Without --interval or --cron, ingest runs only when triggered. Set PREFECT_API_URL to
    register them on your Prefect server; without it a temporary server lives as long as
    this command. Stop with Ctrl-C.
    """
    apply_prefect_defaults()
    if not verbose:
        quiet_failure_tracebacks()
    from flows.deployments import deployments
    from flows.deployments import serve as serve_deployments

    options = {
        "name": name,
        "interval_seconds": interval,
        "cron": cron,
        "config": config,
        "processes": processes,
        "batch_size": batch_size,
    }
    try:
        built = deployments(inputs, warehouse, **options)
        for deployment in built:
            console.print(
                f"{deployment.flow_name}/{deployment.name}  {_schedule_text(deployment)}  "
                f"{json.dumps(deployment.parameters)}",
                markup=False,
                highlight=False,
            )
        if not dry_run:
            serve_deployments(inputs, warehouse, limit=limit, **options)
    except NewsledgerError as error:
        _fail(error, verbose)
    except Exception as error:  # an unexpected failure becomes one clean line, as in `run`
        _fail(error, verbose)


def _schedule_text(deployment: Any) -> str:
    if not deployment.schedules:
        return "on demand"
    schedule = deployment.schedules[0].schedule
    cron = getattr(schedule, "cron", None)
    if cron:
        return f"cron {cron} ({schedule.timezone or 'UTC'})"
    return f"every {schedule.interval.total_seconds():g} s"


@app.command()
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
    from warehouse.catalog import connect
    from warehouse.report import render_report, write_report
    from warehouse.store import Store

    try:
        settings, _ = resolve({"warehouse": warehouse}, config)
        store = Store(settings.warehouse)
        if not store.exists():
            raise RunError(
                f"no warehouse at {settings.warehouse}", hint="create one with `newsledger run`"
            )
        with connect(store, store.read_manifest()) as connection:
            built = render_report(connection, subject, category)
        written = write_report(built, out, png_dir)
    except NewsledgerError as error:
        _fail(error, verbose)
    except Exception as error:  # an unexpected failure becomes one clean line, as in `run`
        _fail(error, verbose)
    console.print(
        f"[bold]wrote {written[0]}[/] ({_size(written[0].stat().st_size)}): "
        f"{built.n_claims:,} claims, {built.title}, {len(built.images)} charts",
        highlight=False,
    )
    for path in written[1:]:
        console.print(f"  {path}", highlight=False)


@app.command("config")
def show_config(config: ConfigOption = None, verbose: VerboseOption = False) -> None:
    """Print the effective settings and where each one comes from."""
    try:
        settings, origins = resolve(None, config)
    except NewsledgerError as error:
        _fail(error, verbose)
    table = Table("setting", "value", "from")
    for key, value in settings.as_dict().items():
        table.add_row(key, json.dumps(value), origins[key])
    console.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
