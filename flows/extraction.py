"""What the ingest and reprocess flows share: the extractor's lineage, batching, and the
extraction step, a queue that submits batches to workers and buffers their rows (the task
runner is `flows.task_runners`)."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import pyarrow as pa
from prefect.futures import PrefectFuture

from flows import progress
from flows.memory import release_memory
from flows.nlp import ENGLISH, model_version, resolve_model, resolve_models
from flows.tasks import extract_batch
from schemas.articles import UNDETERMINED_LANGUAGE
from schemas.reference import AliasTable
from transforms.articles import extraction_language
from transforms.entities import EntityRegistry
from transforms.extract import (
    ArticleInput,
    Lineage,
    entity_records_of,
    remap_entities,
    rows_with_ids,
)
from transforms.language import detect_language, primary_subtag
from warehouse.reference import aliases_digest

if TYPE_CHECKING:
    from flows.run_context import RunContext

T = TypeVar("T")


class LanguageBatch(NamedTuple):
    """Articles of one language, for that language's pipeline."""

    language: str
    articles: Sequence[ArticleInput]


@dataclass(slots=True)
class Routing:
    """Articles sent to a pipeline, by language, and the count of those no pipeline reads."""

    by_language: dict[str, list[ArticleInput]]
    n_not_extracted: int


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


class LanguageBatcher:
    """Cuts articles that arrive a group at a time (the files of a read, a stored batch) into
    batches of one language for the workers.

    A batch goes out when it is full; what is left of a language waits for the next group,
    so a group's few articles of another language do not become a task of their own: each
    such task would make a worker load that language's pipeline (French: about 4 s the
    first time in a process, docs/benchmarks.md) for a handful of articles. At the end
    (`end`), the other languages' rest goes out first, in full batches (one worker loads
    its pipeline for them), then the rest of `tapered_language` tapered (`tapered`), so the
    workers finish together.
    """

    def __init__(self, batch_size: int, workers: int, tapered_language: str = ENGLISH) -> None:
        self.batch_size, self.workers = batch_size, workers
        self.tapered_language = tapered_language
        self._waiting: dict[str, list[ArticleInput]] = {}

    def add(
        self, by_language: Mapping[str, Sequence[ArticleInput]], last: bool = False
    ) -> Iterator[LanguageBatch]:
        """Take a group's articles by language; the batches now ready: the full ones, or
        after the `last` group all of them (`end`: the whole last group tapered)."""
        for language, articles in by_language.items():
            self._waiting.setdefault(language, []).extend(articles)
        if last:
            yield from self.end()
            return
        for language, waiting in self._waiting.items():
            while len(waiting) >= self.batch_size:
                yield LanguageBatch(language, waiting[: self.batch_size])
                del waiting[: self.batch_size]

    def end(self) -> Iterator[LanguageBatch]:
        """Every article still waiting, the tapered language's last."""
        waiting, self._waiting = self._waiting, {}
        rest = waiting.pop(self.tapered_language, [])
        for language, articles in waiting.items():
            yield from (
                LanguageBatch(language, batch) for batch in chunked(articles, self.batch_size)
            )
        for batch in tapered(rest, self.batch_size, self.workers):
            yield LanguageBatch(self.tapered_language, batch)


# The tables a run's planning fills (articles, their sketches, rejected inputs) and its
# extraction never adds to.
PLANNED_TABLES = ("articles", "article_sketches", "rejects")


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
        self.models = resolve_models(run.settings.model, run.settings.models)
        self.recycle_after = run.settings.recycle_after
        self.in_flight = 2 * run.settings.processes
        # The run's lineage names the English model; another language's rows name its own.
        self.lineages = {
            language: run.lineage
            if model == resolve_model(run.settings.model)
            else lineage_for(model, run.run_id, run.aliases)
            for language, model in self.models.items()
        }
        self.timed = run.timed  # the run's stage timer
        self.aliases = run.aliases
        self._pending: deque[tuple[PrefectFuture, int]] = deque()

    def submit(self, batch: LanguageBatch) -> None:
        language, articles = batch
        future = extract_batch.submit(
            list(articles),
            self.models[language],
            self.lineages[language],
            self.recycle_after,
            self.aliases,
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
    run: RunContext, registry: EntityRegistry, batches: Iterable[LanguageBatch]
) -> None:
    """Extract every batch on the workers with its language's pipeline, and buffer the rows
    in the run's writer, their entities linked to the archive's as they come back."""
    queue = ExtractionQueue(run, registry)
    for batch in batches:
        queue.submit(batch)
    # Planning is over: the tables it fills are complete. Written now, while the last batches
    # are on the workers, rather than after them with the rest, when the cores wait on this.
    run.writer.flush(PLANNED_TABLES)
    queue.drain()


def article_inputs(rows: Iterable[Mapping[str, Any]]) -> list[ArticleInput]:
    """What extraction needs of `articles` rows."""
    return [
        ArticleInput(row["article_id"], row["text"], row["published_date"], row["published_month"])
        for row in rows
    ]


def row_language(row: Mapping[str, Any]) -> str | None:
    """The language whose pipeline reads an `articles` row (`extraction_language`).

    A row stored before detection (no `language_confidence`, its `language` the declared
    one) is detected from its text now, so a reprocess routes it as an ingest would.
    """
    if "language_confidence" in row and row["language_confidence"] is not None:
        language, declared = row["language"], row.get("declared_language")
    else:
        language = detect_language(row["text"]).language
        declared = row.get("declared_language") or primary_subtag(row.get("language"))
    return extraction_language(language, declared, row["text"])


def route_articles(rows: Iterable[Mapping[str, Any]], languages: Collection[str]) -> Routing:
    """What extraction needs of `articles` rows, by the language whose pipeline reads them;
    rows whose language has no pipeline in `languages` are only counted: they get no
    derived rows (their text_flags say NOT_ENGLISH)."""
    by_language: dict[str, list[ArticleInput]] = {}
    not_extracted = 0
    for row in rows:
        language = row_language(row)
        if language in languages:
            by_language.setdefault(language, []).extend(article_inputs([row]))
        else:
            not_extracted += 1
    return Routing(by_language, not_extracted)


def language_counts(rows: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """Articles per detected language (UNDETERMINED_LANGUAGE when too short or unclear to tell)."""
    return Counter(row["language"] or UNDETERMINED_LANGUAGE for row in rows)
