"""`python -m flows.cli`: the `newsledger` command."""

from flows.cli import main

main()
