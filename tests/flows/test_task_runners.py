"""`flows.task_runners`: a process pool whose workers start before the flow, and are the ones
that run its tasks."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from prefect import flow, task
from prefect.task_runners import ThreadPoolTaskRunner

from flows.settings import Settings
from flows.task_runners import WarmProcessPoolTaskRunner, started_task_runner, task_runner
from tests.flows.fresh_python import run_python

pytestmark = pytest.mark.usefixtures("prefect_harness")


def note_start(folder: str) -> None:
    """A worker initializer: leaves a file named by the worker's pid."""
    (Path(folder) / str(os.getpid())).touch()


@task
def worker_pid() -> int:
    time.sleep(0.2)  # long enough that both workers take a task
    return os.getpid()


@flow
def pids_flow(n_tasks: int) -> set[int]:
    return {future.result() for future in [worker_pid.submit() for _ in range(n_tasks)]}


def started(folder: Path, n_workers: int, timeout: float = 60) -> set[int]:
    """The pids of the workers that ran their initializer, once `n_workers` have."""
    deadline = time.monotonic() + timeout
    while len(pids := {int(path.name) for path in folder.iterdir()}) < n_workers:
        assert time.monotonic() < deadline, f"{len(pids)} of {n_workers} workers started"
        time.sleep(0.05)
    return pids


def test_a_flow_runs_its_tasks_on_the_workers_started_before_it(tmp_path: Path) -> None:
    runner = WarmProcessPoolTaskRunner(
        max_workers=2, initializer=note_start, initargs=(str(tmp_path),)
    )
    runner.start_workers()
    try:
        before = started(tmp_path, 2)  # both workers up before the flow starts
        task_pids = pids_flow.with_options(task_runner=runner)(8)
    finally:
        runner.stop_workers()
    assert task_pids == before
    assert {int(path.name) for path in tmp_path.iterdir()} == before, "no new workers"
    # The flow's runner stopped the workers at its end.
    for pid in before:
        with pytest.raises(ProcessLookupError):
            wait_for_exit(pid)


def wait_for_exit(pid: int, timeout: float = 30) -> None:
    """Return while `pid` runs (os.kill signal 0); raises ProcessLookupError once it is gone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        os.kill(pid, 0)
        time.sleep(0.05)


def test_a_second_flow_starts_its_own_workers(tmp_path: Path) -> None:
    runner = WarmProcessPoolTaskRunner(
        max_workers=2, initializer=note_start, initargs=(str(tmp_path),)
    )
    runner.start_workers()
    try:
        first = pids_flow.with_options(task_runner=runner)(4)
        second = pids_flow.with_options(task_runner=runner)(4)
    finally:
        runner.stop_workers()
    assert first and second and not first & second


def test_workers_no_flow_adopted_are_stopped(tmp_path: Path) -> None:
    settings = Settings(warehouse=str(tmp_path / "wh"), processes=2)
    with started_task_runner(settings) as runner:
        assert isinstance(runner, WarmProcessPoolTaskRunner)
        warm = runner._warm
        assert warm is not None
        processes = list(warm.executor._processes.values())  # the started pool's workers
        assert len(processes) == 2
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode is not None


def test_one_process_runs_in_the_flows_own_thread(tmp_path: Path) -> None:
    settings = Settings(warehouse=str(tmp_path / "wh"), processes=1)
    with started_task_runner(settings) as runner:
        assert isinstance(runner, ThreadPoolTaskRunner)
    assert isinstance(task_runner(settings), ThreadPoolTaskRunner)


def test_workers_are_forked_only_while_no_other_thread_runs() -> None:
    # In a fresh interpreter: pytest's own process runs Prefect's threads already.
    script = """
        import threading
        from flows.task_runners import worker_start_method

        assert worker_start_method() == "fork", worker_start_method()
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        try:
            assert worker_start_method() == "spawn", worker_start_method()
        finally:
            stop.set()
            thread.join()
        assert worker_start_method() == "fork"
        print("ok")
        """
    completed = run_python(script)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip() == "ok"


def test_forked_workers_begin_with_the_data_loaded_before_the_fork() -> None:
    script = """
        import multiprocessing
        from dateparser.languages.loader import LocaleDataLoader
        from flows.task_runners import load_before_fork

        def loaded_locales():
            return len(LocaleDataLoader._loaded_locales)

        assert loaded_locales() == 0
        load_before_fork()
        before = loaded_locales()
        assert before > 100, before  # htmldate's search loads every locale dateparser has
        with multiprocessing.get_context("fork").Pool(1) as pool:
            assert pool.apply(loaded_locales) == before
        print("ok")
        """
    completed = run_python(script)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip() == "ok"


def test_the_flow_loads_its_language_detector_while_a_temporary_server_starts(
    tmp_path: Path,
) -> None:
    script = f"""
        from flows.runtime import apply_prefect_defaults
        apply_prefect_defaults()
        from flows.settings import Settings
        from flows.task_runners import started_task_runner
        from transforms.language import _identifier

        assert _identifier.cache_info().currsize == 0
        settings = Settings(warehouse={str(tmp_path / "wh")!r}, processes=2)
        with started_task_runner(settings):
            assert _identifier.cache_info().currsize == 1
        print("ok")
        """
    completed = run_python(script)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip().endswith("ok")
