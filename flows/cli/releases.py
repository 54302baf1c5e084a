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
        str | None,
        typer.Option(
            "--license",
            help="Licence of the published data (SPDX id) \\[default: setting `license`, else"
            " none: all rights stay with the articles' publishers].",
            show_default=False,
        ),
    ] = None,
    include_text: Annotated[
        bool,
        typer.Option(
            "--include-text",
            help="Include the article bodies (articles.text); needs an explicit --license.",
        ),
    ] = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Publish the warehouse as an immutable, checksummed release: TO/VERSION/.

    Writes sorted Parquet tables, datapackage.json, a dataset card (with Hugging Face
    front matter), CITATION.cff, datacite.json, a changelog against the previous release and
    a single-file newsledger.duckdb (readable by DuckDB 1.1 and later); then lists the files,
    their size and the `newsledger verify` command. Title and authors: the release_* settings.
    A schema change needs a new major version, new rows a minor one, corrections a patch;
    publish refuses a version that is not greater than the last (or too small for the
    changes) and says which one would be next.

    Article bodies are left out (their sha256 stays) unless --include-text, which needs an
    explicit --license: the publishers of the articles usually hold the rights to them.
    """
    if include_text and not license_id:
        stderr.print(
            "--include-text needs an explicit --license (the bodies' publishers hold their"
            " rights): nothing published",
            highlight=False,
        )
        raise typer.Exit(2)
    settings, _ = resolve({"warehouse": warehouse, "license": license_id}, config)
    if include_text:
        stderr.print(
            f"[bold yellow]warning[/]: the release includes the article bodies under"
            f" {settings.license}; most publishers do not allow their redistribution",
            highlight=False,
        )
    apply_prefect_defaults()
    if not verbose:
        quiet_failure_tracebacks()
    from flows.publish import release_credits, run_publish

    release = run_publish(
        settings.warehouse,
        version,
        to,
        settings.license,
        include_text,
        release_credits(settings),
    )
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
    print_files(release.files, release.location)


def print_files(files: dict[str, int], location: str) -> None:
    """What publish wrote, grouped (tables, database, metadata, documentation), the total
    size, and the command that re-checks it."""
    from warehouse.snapshots.package import file_groups

    console.print(
        f"[bold]wrote {len(files)} files, {human_size(sum(files.values()))}[/]:", highlight=False
    )
    width = max(map(len, files), default=0)
    for group, members in file_groups(files).items():
        console.print(
            f"  {group} ({len(members)}, {human_size(sum(members.values()))})", highlight=False
        )
        for path, size in members.items():
            console.print(
                f"    {path:<{width}}  {human_size(size):>8}", highlight=False, soft_wrap=True
            )
    console.print(f"verify it: newsledger verify {location}", highlight=False, soft_wrap=True)


def human_size(size: int) -> str:
    """'812 B', '14.2 kB', '3.1 MB' (powers of 1000, as file managers show them)."""
    if size < 1000:
        return f"{size} B"
    exponent = min(len(str(size)) - 1, 9) // 3
    return f"{size / 1000**exponent:.1f} {('kB', 'MB', 'GB')[exponent - 1]}"


@command()
def verify(
    location: Annotated[str, typer.Argument(help="A release folder or URL (TO/VERSION).")],
    verbose: VerboseOption = False,
) -> None:
    """Re-check a published release's file sizes, hashes and table schemas, and its card,
    CITATION.cff and datacite.json (present, parseable, same version and licence).

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
