"""The `newsledger` Typer application, and the one way a command is registered on it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from flows.cli.errors import reporting_errors

app = typer.Typer(
    name="newsledger",
    help="Turn raw news articles into a versioned dataset of reported figures, queryable with SQL.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
Params = ParamSpec("Params")
Result = TypeVar("Result")


def command(
    name: str | None = None,
) -> Callable[[Callable[Params, Result]], Callable[Params, Result]]:
    """Register a command on `app`; whatever it raises is reported by `reporting_errors`.

    The command's `verbose` option, when it has one, decides whether tracebacks are shown.
    """

    def register(function: Callable[Params, Result]) -> Callable[Params, Result]:
        @functools.wraps(function)
        def reported(*args: Params.args, **kwargs: Params.kwargs) -> Result:
            with reporting_errors(verbose=bool(kwargs.get("verbose", False))):
                return function(*args, **kwargs)

        app.command(name)(reported)
        return function

    return register


def main() -> None:
    app()
