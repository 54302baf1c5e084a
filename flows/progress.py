"""Progress of a long run: the flow reports, the CLI shows (a bar on a terminal, lines otherwise).

The flow calls `report` at each step; it does nothing unless the CLI installed a reporter with
`reporting(...)`, so flows run by Prefect deployments or tests pay nothing for it. The number
of new articles is known only once their files are read, so the total is estimated from the
share of input bytes read so far.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn


@dataclass(slots=True)
class RunProgress:
    """Counts so far, and the estimates derived from them."""

    total_bytes: int = 0
    bytes_read: int = 0
    articles_planned: int = 0
    articles_done: int = 0
    rejected: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def estimated_total(self) -> int:
        """New articles the run will extract: those planned, scaled to the bytes not yet read."""
        if not self.bytes_read or not self.total_bytes:
            return self.articles_planned
        scale = max(1.0, self.total_bytes / self.bytes_read)
        return max(self.articles_done, round(self.articles_planned * scale))

    def rate(self, now: float) -> float:
        elapsed = now - self.started
        return self.articles_done / elapsed if elapsed > 0 else 0.0

    def seconds_left(self, now: float) -> float | None:
        rate = self.rate(now)
        if not rate:
            return None
        return max(0.0, (self.estimated_total - self.articles_done) / rate)


class Reporter:
    """Receives the flow's progress; subclasses decide how to show it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.state = RunProgress(started=clock())

    def update(self, **changes: int) -> None:
        for name, amount in changes.items():
            setattr(self.state, name, getattr(self.state, name) + amount)
        self.show()

    def show(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def close(self, completed: bool) -> None:
        """Called once when the run ends; `completed` is False when it failed."""


class LineReporter(Reporter):
    """One plain line at most every `every` seconds, and one at the end: for logs and pipes."""

    def __init__(
        self, write: Callable[[str], None], every: float = 10.0, clock=time.monotonic
    ) -> None:
        super().__init__(clock)
        self.write = write
        self.every = every
        self._last = self.state.started

    def show(self) -> None:
        now = self.clock()
        if now - self._last >= self.every:
            self._last = now
            self.write(self.line(now))

    def line(self, now: float, final: bool = False) -> str:
        state = self.state
        left = None if final else state.seconds_left(now)
        return (
            f"{'done' if final else 'progress'}: {state.articles_done:,} of "
            f"{'' if final else '~'}{state.estimated_total:,} new articles "
            f"extracted, {state.rate(now):.1f}/s, "
            f"{100 * state.bytes_read / max(state.total_bytes, 1):.0f}% of input read, "
            f"{state.rejected:,} rejected"
            + (f", about {_duration(left)} left" if left is not None else "")
        )

    def close(self, completed: bool) -> None:
        if completed:  # a failed run ends with its error line instead
            self.write(self.line(self.clock(), final=True))


class BarReporter(Reporter):
    """A rich progress bar on a terminal: articles done, articles/s, time left, rejected."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.progress = Progress(
            TextColumn("[bold]extracting"),
            BarColumn(),
            TextColumn("{task.completed:,.0f}/~{task.total:,.0f} articles"),
            TextColumn("{task.fields[rate]:.1f}/s"),
            TimeRemainingColumn(),
            TextColumn("rejected {task.fields[rejected]:,}"),
            console=console,
            transient=False,
        )
        self.task = self.progress.add_task("extract", total=None, rate=0.0, rejected=0)
        self.progress.start()

    def show(self) -> None:
        state = self.state
        self.progress.update(
            self.task,
            completed=state.articles_done,
            total=max(state.estimated_total, 1),
            rate=state.rate(self.clock()),
            rejected=state.rejected,
        )

    def close(self, completed: bool) -> None:
        self.show()
        self.progress.stop()


_current: Reporter | None = None


@contextlib.contextmanager
def reporting(reporter: Reporter) -> Iterator[Reporter]:
    """Send the flow's progress in this process to `reporter` while the block runs."""
    global _current
    previous, _current = _current, reporter
    completed = False
    try:
        yield reporter
        completed = True
    finally:
        _current = previous
        reporter.close(completed)


def report(**changes: int) -> None:
    """Called by the flow: counts to add (total_bytes, bytes_read, articles_planned, ...)."""
    if _current is not None:
        _current.update(**changes)


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
