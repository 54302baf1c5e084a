"""One way for a command to fail: one red line and a hint on stderr, then exit 1.

An error newsledger raises on purpose (`NewsledgerError`) prints its message and its hint;
anything else prints its type and message and says how to see the traceback. The traceback
itself is printed only with --verbose.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import click
import typer
from rich.markup import escape

from flows.cli.output import stderr
from schemas.errors import NewsledgerError

# Raised by commands (or Typer) to end with a given exit code; not failures to report.
EXITS = (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException)


@contextlib.contextmanager
def reporting_errors(verbose: bool) -> Iterator[None]:
    """Report any exception raised in the block as one line and a hint, and exit 1."""
    try:
        yield
    except EXITS:
        raise
    except Exception as error:
        report(error, verbose)
        raise typer.Exit(1) from None


def report(error: Exception, verbose: bool) -> None:
    """Print `error` on stderr; call it where the error is being handled (`except`)."""
    if verbose:
        stderr.print_exception()
    lines = str(error).splitlines() or [""]
    if isinstance(error, NewsledgerError):
        message = lines[0] or type(error).__name__
        hint = error.hint or (
            "run again with --verbose for the details" if len(lines) > 1 and not verbose else ""
        )
    else:
        message = f"{type(error).__name__}: {lines[0]}" if lines[0] else type(error).__name__
        hint = "" if verbose else "run again with --verbose for the traceback"
    stderr.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    if hint:
        stderr.print(f"hint: {escape(hint)}", highlight=False)
