"""Tasks: I/O tasks retry, and say why."""

from __future__ import annotations

import logging

import pytest

from flows.tasks import read_inputs
from tests.conftest import CASES
from warehouse import inputs


@pytest.mark.usefixtures("prefect_harness")
def test_io_task_retry_logs_its_reason(monkeypatch, caplog):
    files = inputs.discover([str(CASES / "readers" / "mdy_byline.txt")])
    read = inputs.read
    calls = []

    def flaky_read(input_file):
        calls.append(input_file.path)
        if len(calls) == 1:
            raise OSError("Connection reset by peer")
        return read(input_file)

    monkeypatch.setattr(inputs, "read", flaky_read)
    (result,) = read_inputs(files)

    assert len(calls) == 2 and result.articles and not result.rejects
    (record,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.name == "prefect.task_runs" and record.task_name == "read-inputs"
    assert record.getMessage() == (
        "read-inputs failed on attempt 1 of 3, retrying in 1 s: OSError('Connection reset by peer')"
    )


@pytest.mark.usefixtures("prefect_harness")
def test_final_errors_are_not_retried(monkeypatch, caplog, tmp_path):
    from flows.tasks import discover_inputs
    from schemas.errors import RunError

    calls = []
    discover = inputs.discover

    def counted(given):
        calls.append(given)
        return discover(given)

    monkeypatch.setattr(inputs, "discover", counted)
    with pytest.raises(RunError, match="input not found"):
        discover_inputs([str(tmp_path / "missing")])
    assert len(calls) == 1
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]
