"""The error types every package raises: a base, a bad input (the run goes on), a failed run."""

from __future__ import annotations


class NewsledgerError(Exception):
    """Base of every error newsledger raises on purpose."""

    hint: str = ""


class InputError(NewsledgerError):
    """An input that cannot be read; terminal for that input, the run goes on.

    `reason` is the one line recorded in `rejects`; `position` the record within the file
    (-1 for the whole file).
    """

    def __init__(self, reason: str, position: int = -1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.position = position


class RunError(NewsledgerError):
    """The run itself cannot proceed (bad settings, locked warehouse, missing input path)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class ReferenceDataError(ValueError):
    """A reference table does not match its descriptor (edited by hand, truncated, stale)."""

    def __init__(self, table: str, reason: str) -> None:
        super().__init__(f"{table}: {reason}")
        self.table = table
        self.reason = reason
