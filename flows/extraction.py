"""What the ingest and reprocess flows share: the extractor's lineage, batching, the task
runner, and the extraction step, a queue that submits batches to workers and buffers their
rows."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib.metadata import version
from typing import TYPE_CHECKING, Any, TypeVar

import pyarrow as pa
from prefect.futures import PrefectFuture

from flows import progress
from flows.gazetteer import read_alias_files
from flows.memory import release_memory
from flows.nlp import model_version, prepare_worker, resolve_model
from flows.settings import Settings
from flows.tasks import extract_batch
from schemas.reference import AliasTable
from transforms.entities import EntityRegistry
from transforms.extract import (
    ArticleInput,
    Lineage,
    entity_records_of,
    remap_entities,
    rows_with_ids,
)
from warehouse.reference import aliases_digest

if TYPE_CHECKING:
    from flows.run_context import RunContext

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

    def __init__(self, run: RunContext, registry: EntityRegistry) -> None:
        assert run.settings is not None, "extraction runs have settings"
        self.writer = run.writer
        self.registry = registry
        self.model = resolve_model(run.settings.model)
        self.recycle_after = run.settings.recycle_after
        self.in_flight = 2 * run.settings.processes
        self.lineage = run.lineage
        self.timed = run.timed  # the run's stage timer
        self.aliases = run.aliases
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
            release_memory()
        progress.report(articles_done=n_articles)


def extract_articles(
    run: RunContext, registry: EntityRegistry, batches: Iterable[Sequence[ArticleInput]]
) -> None:
    """Extract every batch on the workers, and buffer the rows in the run's writer, their
    entities linked to the archive's as they come back."""
    queue = ExtractionQueue(run, registry)
    for batch in batches:
        queue.submit(batch)
    queue.drain()


def article_inputs(rows: Iterable[Mapping[str, Any]]) -> list[ArticleInput]:
    """What extraction needs of `articles` rows."""
    return [
        ArticleInput(row["article_id"], row["text"], row["published_date"], row["published_month"])
        for row in rows
    ]


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
