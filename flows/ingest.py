"""The ingest flow: read inputs, keep new articles, extract in batches, commit once."""

from __future__ import annotations

import datetime as dt
import gc
import time
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field

from prefect import flow, get_run_logger

from flows import progress
from flows.extraction import (
    ExtractionQueue,
    chunked,
    commit_checked,
    frozen_heap,
    lineage_for,
    run_row,
    stage_timer,
    tapered,
    task_runner,
)
from flows.nlp import resolve_model
from flows.runtime import return_freed_memory
from flows.settings import Settings
from flows.tasks import ReadResult, discover_inputs, read_inputs
from schemas import table_schema
from schemas.reference import read_alias_files
from schemas.table import rows_to_table
from transforms.articles import plan_new_articles, reject_key, reject_row
from transforms.entities import EntityRegistry
from transforms.extract import ArticleInput
from transforms.near_duplicates import (
    SKETCH_COLUMNS,
    STORED_COLUMNS,
    NearDuplicateIndex,
    index_sketches,
    sketch_stored,
)
from warehouse.inputs import InputFile
from warehouse.queries import (
    ingested_sources,
    older_extractions,
    source_date_evidence,
    stored_entities,
)
from warehouse.store import Store
from warehouse.tables import iter_batches, read_column
from warehouse.writer import RunWriter, known_values, open_for_write

# Files read per read task: amortizes task overhead. The bytes bound keeps what the flow holds
# at once (texts, planned rows, queued batches) independent of the corpus size.
FILES_PER_READ = 64
BYTES_PER_READ = 16 * 1024 * 1024


@dataclass(slots=True)
class RunSummary:
    """What a run did, as the CLI prints it."""

    run_id: str
    warehouse: str
    n_files: int = 0
    # Files whose bytes an earlier run ingested: hashed, not parsed.
    n_files_unchanged: int = 0
    n_articles_read: int = 0
    n_articles_new: int = 0
    n_duplicates: int = 0
    n_rejected: int = 0
    rows_added: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    extractor_version: str = ""
    # Stored articles whose derived rows an older extractor made, by its version.
    older_extractions: dict[str, int] = field(default_factory=dict)
    # Wall time per stage of the flow's own thread (NLP runs in workers: "extract_wait" is
    # the time the flow waited for them).
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    def timed(self, stage: str) -> AbstractContextManager[None]:
        return stage_timer(self.stage_seconds, stage)


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


@flow(name="newsledger-ingest", validate_parameters=False, log_prints=False)
def ingest_flow(inputs: list[str], settings: Settings) -> RunSummary:
    """Ingest articles from files, folders, globs or URLs into the warehouse."""
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC)
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    aliases = read_alias_files(settings.alias_files)
    lineage = lineage_for(resolve_model(settings.model), run_id, aliases)
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
            ingested = ingested_sources(store, manifest)
            known_rejects = {
                reject_key(row["source_sha256"], row["source_position"], row["reason"])
                for row in read_column(
                    store, manifest, "rejects", ["source_sha256", "source_position", "reason"]
                ).to_pylist()
            }
            stored_evidence = source_date_evidence(store, manifest)
            registry = EntityRegistry(stored_entities(store, manifest))
            near_duplicates = NearDuplicateIndex()
            sketched = index_sketches(
                iter_batches(store, manifest, "article_sketches", list(SKETCH_COLUMNS)),
                near_duplicates,
            )
            if len(sketched) < len(known_ids):
                # Articles stored without a sketch of this version (an older warehouse):
                # sketched from their texts once, and stored so later runs need not.
                for rows in sketch_stored(
                    iter_batches(store, manifest, "articles", list(STORED_COLUMNS)),
                    near_duplicates,
                    run_id,
                    skip=sketched,
                ):
                    sketch_table = rows_to_table(table_schema("article_sketches"), rows)
                    writer.add("article_sketches", sketch_table)
            del sketched
            summary.older_extractions = older_extractions(
                store, manifest, lineage.extractor_version
            )
        if summary.older_extractions:
            logger.warning(
                "%d stored articles were extracted by an older version (%s); new articles are "
                "extracted by %s. Run `newsledger reprocess --warehouse %s` to bring them up "
                "to date",
                sum(summary.older_extractions.values()),
                ", ".join(sorted(summary.older_extractions)),
                lineage.extractor_version,
                settings.warehouse,
            )
        with frozen_heap():
            queue = ExtractionQueue(writer, registry, settings, lineage, summary.timed, aliases)
            inputs_read = []
            groups = file_batches(files)
            for position, file_batch in enumerate(groups, start=1):
                with summary.timed("read"):
                    results: list[ReadResult] = read_inputs(file_batch, ingested)
                summary.n_files_unchanged += sum(result.is_unchanged for result in results)
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
                writer.add(
                    "article_sketches",
                    rows_to_table(table_schema("article_sketches"), plan.sketch_rows),
                )
                to_extract = [
                    ArticleInput(
                        row["article_id"],
                        row["text"],
                        row["published_date"],
                        row["published_month"],
                    )
                    for row in plan.rows
                ]
                # The batch's parsed articles and rows are not needed past this point: freed
                # before the extraction waits, so the next read batch does not find them alive.
                del results, plan, reject_rows
                # Only the last files' articles taper: earlier ones are followed by more work.
                batches = (
                    tapered(to_extract, settings.batch_size, settings.processes)
                    if position == len(groups)
                    else chunked(to_extract, settings.batch_size)
                )
                for article_batch in batches:
                    queue.submit(article_batch)
            queue.drain()
            # The archive's lookups are done: drop them before the checks, which need memory
            # of their own, so the run's peak is not their sum.
            del known_ids, known_rejects, stored_evidence, registry, near_duplicates, queue
            del ingested
            gc.collect()
            return_freed_memory()

            writer.add(
                "runs",
                run_row(
                    "ingest",
                    lineage,
                    settings,
                    started_at=started_at,
                    inputs=inputs_read,
                    n_files=summary.n_files,
                    n_articles_read=summary.n_articles_read,
                    n_articles_new=summary.n_articles_new,
                    n_duplicates=summary.n_duplicates,
                    n_rejected=summary.n_rejected,
                ),
            )
            commit_checked(store, writer, summary.timed)
    summary.rows_added = dict(writer.rows_added)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def run_ingest(inputs: list[str], settings: Settings) -> RunSummary:
    """Run the ingest flow with the task runner the settings ask for."""
    from flows.runtime import prefect_api

    with prefect_api():
        return ingest_flow.with_options(task_runner=task_runner(settings))(inputs, settings)
