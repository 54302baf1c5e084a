"""Progress reporting: the estimates, the plain lines, and the CLI's output."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows import progress
from flows.cli import app
from flows.progress import LineReporter, RunProgress
from tests.conftest import SEED, shared_or_skip


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_total_is_estimated_from_the_share_of_bytes_read():
    state = RunProgress(total_bytes=1000, bytes_read=250, articles_planned=40, started=0.0)
    assert state.estimated_total == 160
    state.articles_done = 20
    assert state.rate(10.0) == 2.0
    assert state.seconds_left(10.0) == 70.0
    assert RunProgress(started=0.0).seconds_left(5.0) is None  # nothing done yet


def test_line_reporter_writes_at_most_every_period_and_once_at_the_end():
    clock, lines = Clock(), []
    reporter = LineReporter(lines.append, every=10.0, clock=clock)
    with progress.reporting(reporter):
        progress.report(total_bytes=1000)
        progress.report(bytes_read=500, articles_planned=50, rejected=2)
        clock.now += 5
        progress.report(articles_done=10)
        assert lines == []  # within the period: nothing yet
        clock.now += 6
        progress.report(articles_done=10)
    assert lines == [
        "progress: 20 of ~100 new articles extracted, 1.8/s, 50% of input read, 2 rejected, "
        "about 44 s left",
        "done: 20 of 100 new articles extracted, 1.8/s, 50% of input read, 2 rejected",
    ]
    progress.report(articles_done=1)  # no reporter installed: ignored


def test_a_failed_run_prints_no_done_line():
    lines = []
    with pytest.raises(RuntimeError), progress.reporting(LineReporter(lines.append)):
        raise RuntimeError("boom")
    assert lines == []


@pytest.mark.usefixtures("prefect_harness")
def test_cli_run_prints_progress_lines_when_not_a_terminal(tmp_path):
    seed = shared_or_skip(SEED)
    result = CliRunner().invoke(
        app, ["run", str(seed), "--warehouse", str(tmp_path / "wh"), "--processes", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "done: 1 of 1 new articles extracted" in result.output
    assert "100% of input read, 0 rejected" in result.output
