"""The `newsledger` command: parses options, calls flows and the warehouse, prints results.

`app` is the Typer application (the `newsledger` console script); each module of this
package holds a group of commands, registered on `app` when imported here, in the order
`newsledger --help` lists them.
"""

# isort: off
from flows.cli.app import app, main
from flows.cli import runs  # noqa: F401  (registers run, reprocess, serve)
from flows.cli import queries  # noqa: F401  (sql, status, report)
from flows.cli import releases  # noqa: F401  (publish, verify)
from flows.cli import site  # noqa: F401  (site)
from flows.cli import maintenance  # noqa: F401  (compact, config)

# isort: on

__all__ = ["app", "main"]
