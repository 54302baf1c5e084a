"""Commands that run flows: `run` (ingest), `reprocess`, and `serve` (the deployments)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.app import command
from flows.cli.options import (
    BatchSizeOption,
    ConfigOption,
    DaskAddressOption,
    JsonOption,
    ModelOption,
    ProcessesOption,
    VerboseOption,
    WarehouseOption,
)
from flows.cli.output import console, languages_line, plain, print_json, stderr
from flows.runtime import (
    apply_prefect_defaults,
    quiet_failure_tracebacks,
    server_launched_early,
)
from flows.settings import run_settings
from schemas.errors import RunError

if TYPE_CHECKING:
    from flows.ingest import RunSummary

Summary = TypeVar("Summary")
CLAIMS_SHOWN = 20  # changed claims `reprocess` lists; --json lists them all


@command()
def run(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders (read recursively), globs or URLs.")
    ],
    warehouse: WarehouseOption = None,
    since: Annotated[
        str | None,
        typer.Option(help="WARC inputs: only records captured on or after this YYYY-MM-DD."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="WARC inputs: only records captured on or before this YYYY-MM-DD."),
    ] = None,
    max_records: Annotated[
        int | None,
        typer.Option(min=1, help="WARC inputs: read only the first N HTML responses (a sample)."),
    ] = None,
    processes: ProcessesOption = None,
    batch_size: BatchSizeOption = None,
    model: ModelOption = None,
    dask_address: DaskAddressOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Ingest articles (txt, html, json, jsonl, rss, atom, warc) and extract them into the
    warehouse.

    Articles already stored are skipped; unreadable files or records are recorded in the
    `rejects` table with their reason and the run goes on. A WARC's HTML responses are read
    as pages; its other records are skipped and counted per reason.
    """
    settings = run_settings(warehouse, processes, batch_size, model, dask_address, config)
    window_bounds = _date_option(since, "--since"), _date_option(until, "--until")
    # The server starts while the flow's modules are imported.
    with server_launched_early():
        from flows.ingest import run_ingest
        from warehouse.warc import WarcWindow

        window = WarcWindow(*window_bounds, max_records)
        summary = with_progress(lambda: run_ingest(inputs, settings, window), verbose)
    if as_json:
        print_json(summary.as_dict())
    else:
        print_run_summary(summary)
    if summary.older_extractions:
        stderr.print(
            f"[yellow]notice:[/] {sum(summary.older_extractions.values())} stored articles were "
            f"extracted by an older version ({', '.join(sorted(summary.older_extractions))}); "
            f"this run used {summary.extractor_version}.\n"
            f"hint: newsledger reprocess --warehouse {escape(summary.warehouse)}",
            highlight=False,
        )


def print_run_summary(summary: RunSummary) -> None:
    """An ingest's counts, languages and rows added, as text on stdout."""
    console.print(
        f"[bold]run {summary.run_id}[/] into {summary.warehouse} ({summary.seconds:.1f} s)\n"
        f"  files {summary.n_files} ({summary.n_files_unchanged} unchanged since an earlier "
        f"run) · articles read {summary.n_articles_read} · "
        f"new {summary.n_articles_new} · duplicates {summary.n_duplicates} · "
        f"rejected {summary.n_rejected}\n"
        f"  {languages_line(summary.languages, summary.n_not_extracted)}",
        highlight=False,
    )
    if summary.warc_skipped:
        skipped = ", ".join(f"{reason} {n}" for reason, n in summary.warc_skipped.items())
        console.print(f"  WARC records skipped: {skipped}", highlight=False)
    added = ", ".join(f"{name} +{n}" for name, n in summary.rows_added.items() if n)
    console.print(f"  rows added: {added or 'none'}", highlight=False)


def with_progress(work: Callable[[], Summary], verbose: bool) -> Summary:
    """Run a flow with Prefect's defaults and a progress display on stderr.

    On stderr, so stdout carries only the summary: a bar on a terminal, lines otherwise.
    """
    apply_prefect_defaults()
    if not verbose:
        quiet_failure_tracebacks()
    from flows.progress import BarReporter, LineReporter, reporting

    reporter = (
        BarReporter(stderr)
        if stderr.is_terminal
        else LineReporter(lambda line: stderr.print(line, highlight=False, soft_wrap=True))
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


@command()
def reprocess(
    warehouse: WarehouseOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only articles published on or after this YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only articles published on or before this YYYY-MM-DD.")
    ] = None,
    processes: ProcessesOption = None,
    batch_size: BatchSizeOption = None,
    model: ModelOption = None,
    dask_address: DaskAddressOption = None,
    as_json: JsonOption = False,
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
    settings = run_settings(warehouse, processes, batch_size, model, dask_address, config)
    start, end = _date_option(since, "--since"), _date_option(until, "--until")
    with server_launched_early():
        from flows.reprocess import run_reprocess

        summary = with_progress(lambda: run_reprocess(settings, start, end), verbose)
    if as_json:
        print_json(summary.as_dict())
        return
    console.print(
        f"[bold]reprocess {summary.run_id}[/] of {summary.warehouse} "
        f"({summary.seconds:.1f} s): {summary.n_articles} articles "
        f"({summary.n_not_extracted} not extracted: no pipeline for their language), "
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


def _claim_figure(values: dict) -> str:
    bounds = (
        f" [{plain(values['low'])}-{plain(values['high'])}]"
        if values["low"] is not None or values["high"] is not None
        else ""
    )
    claimant = values["claimant_text"] or values["claimant_entity_id"] or "-"
    return escape(f"{values['qualifier']} {plain(values['value'])}{bounds} by {claimant}")


@command()
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
    processes: ProcessesOption = None,
    batch_size: BatchSizeOption = None,
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
    for deployment in deployments(inputs, warehouse, **options):
        console.print(
            f"{deployment.flow_name}/{deployment.name}  {_schedule_text(deployment)}  "
            f"{json.dumps(deployment.parameters)}",
            markup=False,
            highlight=False,
        )
    if not dry_run:
        serve_deployments(inputs, warehouse, limit=limit, **options)


def _schedule_text(deployment: Any) -> str:
    if not deployment.schedules:
        return "on demand"
    schedule = deployment.schedules[0].schedule
    cron = getattr(schedule, "cron", None)
    if cron:
        return f"cron {cron} ({schedule.timezone or 'UTC'})"
    return f"every {schedule.interval.total_seconds():g} s"
