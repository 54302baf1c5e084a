"""What runs a flow's tasks: Dask, a process pool whose workers start before the flow, or a
thread."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.queues import Queue
from typing import Any, Self

from prefect.task_runners import (
    ProcessPoolTaskRunner,
    TaskRunner,
    ThreadPoolTaskRunner,
    _initialize_process_pool_worker,
)

from flows.gazetteer import read_alias_files
from flows.nlp import prepare_worker, resolve_model
from flows.settings import Settings


@dataclass(slots=True)
class WarmPool:
    """Workers started ahead of a flow, and the queue they send their logs and events to."""

    executor: ProcessPoolExecutor
    queue: Queue
    adopted: bool = False


class WarmProcessPoolTaskRunner(ProcessPoolTaskRunner):
    """Prefect's process pool task runner, whose workers can start before the flow does.

    Prefect's runner starts its workers at the flow's first task, after the API server and
    the flow run are up; each then loads spaCy before its first task runs (about 5 s on 2
    cores, docs/benchmarks.md). `start_workers` starts them at once instead, so the loads run
    beside the server's start. The flow's runner (Prefect enters a duplicate of the one it is
    given) adopts the started workers, and shuts them down at the flow's end as its own.
    """

    def __init__(self, max_workers: int | None = None, **options: Any) -> None:
        super().__init__(max_workers=max_workers, **options)
        self._warm: WarmPool | None = None

    def start_workers(self) -> None:
        """Start every worker now, with Prefect's worker setup and this runner's initializer."""
        context = multiprocessing.get_context(worker_start_method())
        queue = context.Queue()
        executor = ProcessPoolExecutor(
            max_workers=self._max_workers,
            mp_context=context,
            initializer=_initialize_process_pool_worker,
            initargs=(queue, self._initializer, self._initargs),
        )
        # A forking pool starts all its workers at the first call; a spawning one starts a
        # worker per call submitted while none is idle: one call per worker starts them all.
        for _ in range(self._max_workers):
            executor.submit(_is_started)
        self._warm = WarmPool(executor, queue)

    def stop_workers(self) -> None:
        """Stop started workers that no flow adopted (a flow's runner stops its own)."""
        warm, self._warm = self._warm, None
        if warm is not None and not warm.adopted:
            warm.executor.shutdown(cancel_futures=True)
            warm.queue.close()

    def __getstate__(self) -> dict[str, Any]:
        # Prefect pickles the flow, its runner with it, into each task's context: the started
        # workers stay with the process that started them.
        return {**self.__dict__, "_warm": None}

    def duplicate(self) -> Self:
        runner = super().duplicate()
        runner._warm = self._warm
        return runner

    def __enter__(self) -> Self:
        warm = self._warm
        if warm is None or warm.adopted:
            return super().__enter__()
        warm.adopted = True
        # What ProcessPoolTaskRunner.__enter__ sets up (prefect 3.9), with the started pool
        # and its queue in place of new ones; its __exit__ then stops them.
        TaskRunner.__enter__(self)
        self._subprocess_message_queue = warm.queue
        self._message_forwarding_thread = threading.Thread(
            target=self._forward_subprocess_messages,
            name="ProcessPoolTaskRunnerMessageForwarder",
            daemon=True,
        )
        self._message_forwarding_thread.start()
        self._executor = warm.executor
        self._resolver_executor = ThreadPoolExecutor(max_workers=self._max_workers)
        return self


def _is_started() -> bool:
    return True


def worker_start_method() -> str:
    """How `start_workers` starts workers: "fork" while this process runs no thread but the
    main one, else "spawn" (Prefect's runner always spawns).

    A forked worker begins with the modules the flow's process has imported (Prefect, spaCy,
    the transforms: about 3 s of CPU per worker when spawned, at a run's start, beside the
    Prefect server's own start); raw spaCy's `nlp.pipe(n_process=...)` forks too. It is
    safe only before any other thread exists: a lock another thread held at the fork
    would stay held in the child. The CLI starts its workers before Prefect's threads, the
    progress display or any pool exist (while the temporary server's process starts), so its
    runs fork.
    """
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return "fork" if forkable and threading.active_count() == 1 else "spawn"


def task_runner(settings: Settings) -> TaskRunner:
    """Dask when an address is set, else a process pool, or threads for a single process."""
    if settings.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.dask_address)
    if settings.processes > 1:
        return WarmProcessPoolTaskRunner(
            max_workers=settings.processes,
            initializer=prepare_worker,
            initargs=(
                resolve_model(settings.model),
                settings.recycle_after,
                read_alias_files(settings.alias_files),
            ),
        )
    return ThreadPoolTaskRunner(max_workers=1)


@contextlib.contextmanager
def started_task_runner(settings: Settings) -> Iterator[TaskRunner]:
    """The task runner the settings ask for, inside Prefect's API (`flows.runtime.prefect_api`),
    for the block; a process pool's workers are started at once.

    When a temporary server starts, its seconds are not waited idle: this process first loads
    what every forked worker would load on its first inputs (`load_before_fork`), then starts
    the workers, which load spaCy, then loads what its own planning reads
    (`load_for_planning`), all while the server starts.
    """
    from flows.runtime import prefect_api

    runner = task_runner(settings)
    if not isinstance(runner, WarmProcessPoolTaskRunner):
        with prefect_api():
            yield runner
        return

    def start_workers(server_starting: bool) -> None:
        if server_starting and worker_start_method() == "fork":
            load_before_fork()
        runner.start_workers()
        if server_starting:
            load_for_planning()

    try:
        with prefect_api(meanwhile=start_workers):
            yield runner
    finally:
        runner.stop_workers()


def load_before_fork() -> None:
    """Load, in this process, the data libraries load lazily on a worker's first inputs, so
    that forked workers begin with it.

    htmldate's extensive date search hands text to dateparser over every locale it knows: the
    first such search in a process loads them all (about 1.7 s of CPU; docs/benchmarks.md,
    session 15), and every worker that reads a web page without a date in its markup made it.
    """
    from htmldate.extractors import get_external_parser

    # A string with no date in any locale: dateparser tries, and so loads, each of them.
    get_external_parser().get_date_data("newsledger")


def load_for_planning() -> None:
    """Load what the flow's own process reads as it plans the first inputs: the language
    detector's model (about 0.4 s of CPU, otherwise spent once the workers wait for their
    first batch)."""
    from transforms.language import load_detector

    load_detector()
