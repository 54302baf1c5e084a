"""The ingest flow: read inputs, keep new articles, extract in batches, commit once."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from typing import TypeVar

from prefect import flow, get_run_logger
from prefect.context import get_run_context
from prefect.futures import PrefectFuture

from flows import progress
from flows.nlp import model_version, prepare_worker, resolve_model
from flows.runtime import return_freed_memory
from flows.settings import Settings
from flows.tasks import ReadResult, discover_inputs, extract_batch, read_inputs
from schemas import table_schema
from schemas.table import rows_to_table
from transforms.articles import plan_new_articles, reject_key, reject_row
from transforms.entities import EntityRegistry
from transforms.extract import (
    ArticleInput,
    Lineage,
    entity_records_of,
    remap_entities,
    rows_with_ids,
)
from transforms.near_duplicates import STORED_COLUMNS, index_stored
from warehouse.checks import check_files, check_rows, raise_if_failed
from warehouse.inputs import InputFile
from warehouse.queries import source_date_evidence, stored_entities
from warehouse.store import Store
from warehouse.tables import read_column
from warehouse.writer import RunWriter, known_values, open_for_write

# Files read per read task: amortizes task overhead. The bytes bound keeps what the flow holds
# at once (texts, planned rows, queued batches) independent of the corpus size.
FILES_PER_READ = 64
BYTES_PER_READ = 16 * 1024 * 1024
T = TypeVar("T")


@dataclass(slots=True)
class RunSummary:
    """What a run did, as the CLI prints it."""

    run_id: str
    warehouse: str
    n_files: int = 0
    n_articles_read: int = 0
    n_articles_new: int = 0
    n_duplicates: int = 0
    n_rejected: int = 0
    rows_added: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    extractor_version: str = ""
    # Wall time per stage of the flow's own thread (NLP runs in workers: "extract_wait" is
    # the time the flow waited for them).
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.stage_seconds[stage] = round(self.stage_seconds.get(stage, 0.0) + elapsed, 3)


def code_version() -> str:
    """The installed newsledger version."""
    return version("newsledger")


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def file_batches(
    files: Sequence[InputFile], max_files: int = FILES_PER_READ, max_bytes: int = BYTES_PER_READ
) -> list[list[InputFile]]:
    """Consecutive groups of at most `max_files` files and, past the first, `max_bytes` bytes."""
    batches: list[list[InputFile]] = []
    current: list[InputFile] = []
    current_bytes = 0
    for input_file in files:
        size = input_file.size or 0
        if current and (len(current) >= max_files or current_bytes + size > max_bytes):
            batches.append(current)
            current, current_bytes = [], 0
        current.append(input_file)
        current_bytes += size
    if current:
        batches.append(current)
    return batches


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


@flow(name="newsledger-ingest", validate_parameters=False, log_prints=False)
def ingest_flow(inputs: list[str], settings: Settings) -> RunSummary:
    """Ingest articles from files, folders, globs or URLs into the warehouse."""
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC)
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    model = resolve_model(settings.model)
    lineage = Lineage(f"{code_version()}+{model}-{model_version(model)}", run_id)
    summary = RunSummary(run_id, settings.warehouse, extractor_version=lineage.extractor_version)
    store = Store(settings.warehouse)

    with summary.timed("discover"):
        files = discover_inputs(inputs)
    summary.n_files = len(files)
    progress.report(total_bytes=sum(input_file.size or 0 for input_file in files))
    with open_for_write(store) as manifest:
        with summary.timed("load_known"):
            writer = RunWriter(store, manifest, run_id)
            known_ids = known_values(store, manifest, "articles", "article_id")
            known_rejects = {
                reject_key(row["source_sha256"], row["source_position"], row["reason"])
                for row in read_column(
                    store, manifest, "rejects", ["source_sha256", "source_position", "reason"]
                ).to_pylist()
            }
            stored_evidence = source_date_evidence(store, manifest)
            registry = EntityRegistry(stored_entities(store, manifest))
            near_duplicates = index_stored(
                read_column(store, manifest, "articles", list(STORED_COLUMNS))
            )
        with frozen_heap():
            pending: deque[tuple[PrefectFuture, int]] = deque()
            in_flight = 2 * settings.processes
            inputs_read = []
            groups = file_batches(files)
            for position, file_batch in enumerate(groups, start=1):
                with summary.timed("read"):
                    results: list[ReadResult] = read_inputs(file_batch)
                now = dt.datetime.now(dt.UTC)
                inputs_read += [{"path": r.source.path, "sha256": r.source.sha256} for r in results]
                reject_rows = []
                for result in results:
                    for error in result.rejects:
                        summary.n_rejected += 1
                        key = reject_key(result.source.sha256, error.position, error.reason)
                        if key in known_rejects:
                            continue
                        known_rejects.add(key)
                        logger.warning("rejected %s: %s", result.source.path, error.reason)
                        reject_rows.append(
                            reject_row(
                                result.source.path,
                                result.source.sha256,
                                result.format,
                                error.position,
                                error.reason,
                                run_id=run_id,
                                rejected_at=now,
                            )
                        )
                writer.add("rejects", rows_to_table(table_schema("rejects"), reject_rows))
                with summary.timed("plan"):
                    plan = plan_new_articles(
                        [(result.source, result.articles) for result in results],
                        known_ids,
                        stored_evidence=stored_evidence,
                        date_order_hints=settings.date_order_hints,
                        run_id=run_id,
                        ingested_at=now,
                        near_duplicates=near_duplicates,
                    )
                summary.n_articles_read += plan.n_read
                summary.n_duplicates += plan.n_duplicates
                summary.n_articles_new += len(plan.rows)
                progress.report(
                    bytes_read=sum(input_file.size or 0 for input_file in file_batch),
                    articles_planned=len(plan.rows),
                    rejected=sum(len(result.rejects) for result in results),
                )
                writer.add("articles", rows_to_table(table_schema("articles"), plan.rows))
                to_extract = [
                    ArticleInput(
                        row["article_id"],
                        row["text"],
                        row["published_date"],
                        row["published_month"],
                    )
                    for row in plan.rows
                ]
                # Only the last files' articles taper: earlier ones are followed by more work.
                batches = (
                    tapered(to_extract, settings.batch_size, settings.processes)
                    if position == len(groups)
                    else chunked(to_extract, settings.batch_size)
                )
                for article_batch in batches:
                    future = extract_batch.submit(
                        list(article_batch), model, lineage, settings.recycle_after
                    )
                    pending.append((future, len(article_batch)))
                    del future
                    while len(pending) > in_flight:
                        _write_extraction(writer, registry, *pending.popleft(), summary)
            while pending:
                _write_extraction(writer, registry, *pending.popleft(), summary)
            # The archive's lookups are done: drop them before the checks, which need memory
            # of their own, so the run's peak is not their sum.
            del known_ids, known_rejects, stored_evidence, registry, near_duplicates
            gc.collect()
            return_freed_memory()

            ended_at = dt.datetime.now(dt.UTC)
            writer.add(
                "runs",
                rows_to_table(
                    table_schema("runs"),
                    [
                        {
                            "run_id": run_id,
                            "kind": "ingest",
                            "flow_run_id": str(get_run_context().flow_run.id),
                            "started_at": started_at,
                            "ended_at": ended_at,
                            "outcome": "completed",
                            "inputs": inputs_read,
                            "n_files": summary.n_files,
                            "n_articles_read": summary.n_articles_read,
                            "n_articles_new": summary.n_articles_new,
                            "n_duplicates": summary.n_duplicates,
                            "n_rejected": summary.n_rejected,
                            "code_version": code_version(),
                            "model_name": model,
                            "model_version": model_version(model),
                            "extractor_version": lineage.extractor_version,
                            "settings_json": json.dumps(settings.as_dict(), sort_keys=True),
                        }
                    ],
                ),
            )
            with summary.timed("checks"):
                results = check_files(store, writer.files_after_commit(), run_id)
                writer.add("checks", check_rows(results, run_id))
                raise_if_failed(results, run_id)
            with summary.timed("commit"):
                writer.commit()
    summary.rows_added = dict(writer.rows_added)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Leave the objects that exist now out of garbage collection until the block ends.

    The run collects garbage after every batch (see `_write_extraction`); with the imports,
    Prefect and the loaded archive state frozen, a collection scans only what batches
    created, in milliseconds instead of about half a second for the whole heap.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _write_extraction(
    writer: RunWriter,
    registry: EntityRegistry,
    future: PrefectFuture,
    n_articles: int,
    summary: RunSummary,
) -> None:
    """Link the batch's entities to the archive's, then buffer its rows."""
    with summary.timed("extract_wait"):
        tables = dict(future.result())
    with summary.timed("link_write"):
        _link_and_buffer(writer, registry, tables)
        # A finished task's future sits in reference cycles (Prefect's chained futures and
        # their callbacks) with its pickled and unpickled result, about 1.5 MB per batch;
        # collecting now keeps the flow's memory flat instead of growing until Python's
        # next full collection.
        del tables, future
        gc.collect()
        return_freed_memory()
    progress.report(articles_done=n_articles)


def _link_and_buffer(writer: RunWriter, registry: EntityRegistry, tables: dict) -> None:
    entities = tables.pop("entities")
    mapping, admitted = registry.admit(entity_records_of(entities))
    writer.add("entities", rows_with_ids(entities, [record.entity_id for record in admitted]))
    for name, table in remap_entities(tables, mapping).items():
        writer.add(name, table)


def run_ingest(inputs: list[str], settings: Settings) -> RunSummary:
    """Run the ingest flow with the task runner the settings ask for."""
    from flows.runtime import prefect_api

    with prefect_api():
        return ingest_flow.with_options(task_runner=task_runner(settings))(inputs, settings)


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
            initargs=(resolve_model(settings.model), settings.recycle_after),
        )
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=1)
