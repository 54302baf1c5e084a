"""What the ingest and reprocess flows share: batching, the task runner, and the extraction
queue that submits batches to workers and buffers their rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from importlib.metadata import version
from typing import TypeVar

import pyarrow as pa
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run

from flows import progress
from flows.nlp import model_version, prepare_worker, resolve_model
from flows.runtime import return_freed_memory
from flows.settings import Settings
from flows.tasks import extract_batch
from schemas import table_schema
from schemas.reference import AliasTable, aliases_digest, read_alias_files
from schemas.table import rows_to_table
from transforms.entities import EntityRegistry
from transforms.extract import (
    ArticleInput,
    Lineage,
    entity_records_of,
    remap_entities,
    rows_with_ids,
)
from warehouse.checks import check_files, check_rows, raise_if_failed
from warehouse.store import Store
from warehouse.writer import RunWriter

T = TypeVar("T")


def code_version() -> str:
    """The installed newsledger version."""
    return version("newsledger")


def lineage_for(model: str, run_id: str, aliases: tuple[AliasTable, ...] = ()) -> Lineage:
    """The lineage stamped on a run's derived rows: code version plus model name and version,
    plus a hash of the user's alias files when there are any (they change the output too)."""
    version = f"{code_version()}+{model}-{model_version(model)}"
    if aliases:
        version += f"+aliases-{aliases_digest(aliases)}"
    return Lineage(version, run_id)


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def tapered(items: Sequence[T], size: int, workers: int) -> Iterator[Sequence[T]]:
    """Batches of at most `size` that shrink as the end nears (guided self-scheduling).

    Each batch takes `remaining / (2 * workers)` items, bounded by `size` and by a floor of
    `size // 16`: large batches keep the per-task overhead low, and small ones at the end
    keep every worker busy until the last article instead of one finishing a full batch
    alone.
    """
    floor = max(1, size // 16)
    start = 0
    while start < len(items):
        take = min(size, max(floor, -(-(len(items) - start) // (2 * workers))))
        yield items[start : start + take]
        start += take


class ExtractionQueue:
    """Sends article batches to the workers and buffers their rows in the run's writer.

    At most `2 * processes` batches are in flight: enough to keep every worker busy while
    the flow links the previous results, few enough that the flow's memory does not follow
    the corpus. Each result's entities are linked to the archive's (`EntityRegistry`) before
    its rows are buffered.
    """

    def __init__(
        self,
        writer: RunWriter,
        registry: EntityRegistry,
        settings: Settings,
        lineage: Lineage,
        timed: Callable[[str], AbstractContextManager[None]],
        aliases: tuple[AliasTable, ...] = (),
    ) -> None:
        self.writer = writer
        self.registry = registry
        self.model = resolve_model(settings.model)
        self.recycle_after = settings.recycle_after
        self.in_flight = 2 * settings.processes
        self.lineage = lineage
        self.timed = timed  # the run summary's stage timer
        self.aliases = aliases
        self._pending: deque[tuple[PrefectFuture, int]] = deque()

    def submit(self, articles: Sequence[ArticleInput]) -> None:
        future = extract_batch.submit(
            list(articles), self.model, self.lineage, self.recycle_after, self.aliases
        )
        self._pending.append((future, len(articles)))
        del future
        while len(self._pending) > self.in_flight:
            self._write(*self._pending.popleft())

    def drain(self) -> None:
        """Wait for every submitted batch and buffer its rows."""
        while self._pending:
            self._write(*self._pending.popleft())

    def buffer(self, tables: dict[str, pa.Table]) -> None:
        """Link a batch's entities to the archive's, then buffer all its rows."""
        entities = tables.pop("entities")
        mapping, admitted = self.registry.admit(entity_records_of(entities))
        self.writer.add(
            "entities", rows_with_ids(entities, [record.entity_id for record in admitted])
        )
        for name, table in remap_entities(tables, mapping).items():
            self.writer.add(name, table)

    def _write(self, future: PrefectFuture, n_articles: int) -> None:
        with self.timed("extract_wait"):
            tables = dict(future.result())
        with self.timed("link_write"):
            self.buffer(tables)
            # A finished task's future sits in reference cycles (Prefect's chained futures and
            # their callbacks) with its pickled and unpickled result, about 1.5 MB per batch;
            # collecting now keeps the flow's memory flat instead of growing until Python's
            # next full collection.
            del tables, future
            gc.collect()
            return_freed_memory()
        progress.report(articles_done=n_articles)


@contextlib.contextmanager
def stage_timer(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Add the block's wall time to `seconds[stage]`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        seconds[stage] = round(seconds.get(stage, 0.0) + elapsed, 3)


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Leave the objects that exist now out of garbage collection until the block ends.

    The queue collects garbage after every batch; with the imports, Prefect and the loaded
    archive state frozen, a collection scans only what batches created, in milliseconds
    instead of about half a second for the whole heap.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def task_runner(settings: Settings):
    """Dask when an address is set, else a process pool, or threads for a single process."""
    if settings.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.dask_address)
    if settings.processes > 1:
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(
            max_workers=settings.processes,
            initializer=prepare_worker,
            initargs=(
                resolve_model(settings.model),
                settings.recycle_after,
                read_alias_files(settings.alias_files),
            ),
        )
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=1)


def run_row(
    kind: str,
    lineage: Lineage,
    settings: Settings | None,
    *,
    started_at: dt.datetime,
    inputs: list[dict[str, str]],
    changes: dict | None = None,
    settings_extra: dict | None = None,
    **counts: int,
) -> pa.Table:
    """The run's row of the `runs` table (lineage): kind, inputs, counts, versions, settings."""
    model = resolve_model(settings.model if settings else "auto")
    return rows_to_table(
        table_schema("runs"),
        [
            {
                "run_id": lineage.run_id,
                "kind": kind,
                "flow_run_id": flow_run.id,
                "started_at": started_at,
                "ended_at": dt.datetime.now(dt.UTC),
                "outcome": "completed",
                "inputs": inputs,
                "n_files": 0,
                "n_articles_read": 0,
                "n_articles_new": 0,
                "n_duplicates": 0,
                "n_rejected": 0,
                **counts,
                "code_version": code_version(),
                "model_name": model,
                "model_version": model_version(model),
                "extractor_version": lineage.extractor_version,
                "settings_json": json.dumps(
                    {**(settings.as_dict() if settings else {}), **(settings_extra or {})},
                    sort_keys=True,
                    default=str,
                ),
                "changes_json": json.dumps(changes, sort_keys=True) if changes else None,
            }
        ],
    )


def commit_checked(
    store: Store, writer: RunWriter, timed: Callable[[str], AbstractContextManager[None]]
) -> None:
    """Run the data checks on the state the run would commit, record them, then commit.

    A failed check raises `ChecksFailed` before the manifest is written: the warehouse
    stays as it was.
    """
    with timed("checks"):
        results = check_files(store, writer.files_after_commit(), writer.run_id)
        writer.add("checks", check_rows(results, writer.run_id))
        raise_if_failed(results, writer.run_id)
    with timed("commit"):
        writer.commit()
