"""`newsledger site`: a static site over a published release."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.filesize import decimal as file_size

from flows.cli.app import command
from flows.cli.options import VerboseOption
from flows.cli.output import console


@command()
def site(
    release: Annotated[str, typer.Argument(help="A release folder or URL (TO/VERSION).")],
    out: Annotated[str, typer.Option("--out", "-o", help="Folder to write the site into.")],
    verbose: VerboseOption = False,
) -> None:
    """Write a static site of a release: one page per subject, opened from the file system.

    Each subject's page shows its claims over time, each claimant's figures with their
    low-high range as bars, buttons that filter by claimant and category (also set by the
    URL: page.html#claimant=KEY&category=killed), and every figure's article (URL, outlet)
    and sentence (offsets, the span marked). Pages are self-contained: no server, no network.
    """
    from warehouse.site import build_site, write_site
    from warehouse.snapshots import connect_snapshot

    title = f"newsledger release {release.rstrip('/').rsplit('/', 1)[-1]}"
    with connect_snapshot(release) as connection:
        built = build_site(connection, title)
    written = write_site(built, out)
    size = sum(path.stat().st_size for path in written)
    console.print(
        f"[bold]wrote {written[0]}[/] and {len(written) - 1:,} subject pages ({file_size(size)}): "
        f"{built.n_figures:,} figures about {len(built.subjects):,} subjects",
        highlight=False,
    )
