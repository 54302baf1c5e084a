"""The ingest flow: read inputs, keep new articles, extract in batches, commit once."""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from collections.abc import Collection, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice

from prefect import flow, get_run_logger
from prefect.futures import PrefectFuture

from flows import progress
from flows.extraction import (
    LanguageBatch,
    LanguageBatcher,
    extract_articles,
    language_counts,
    route_articles,
)
from flows.memory import frozen_heap, release_memory
from flows.nlp import resolve_models
from flows.run_context import RunContext
from flows.settings import Settings
from flows.task_runners import started_task_runner
from flows.tasks import ReadResult, discover_inputs, read_inputs
from flows.warc import parse_warc_chunk, read_warc_chunks
from schemas.runs import INGEST
from transforms.articles import new_reject_rows, plan_new_articles, reject_key
from transforms.entities import EntityRegistry
from transforms.extract import ArticleInput, entity_records_of
from transforms.near_duplicates import (
    SKETCH_COLUMNS,
    STORED_COLUMNS,
    NearDuplicateIndex,
    index_sketches,
    sketch_stored,
)
from transforms.urls import stored_urls
from warehouse.inputs import InputFile
from warehouse.queries import (
    ingested_sources,
    older_extractions,
    source_date_evidence,
    stored_entities,
)
from warehouse.tables import iter_batches, read_column
from warehouse.warc import WarcWindow, is_warc
from warehouse.writer import known_values

# Files read per read task: amortizes task overhead. The bytes bound keeps what the flow holds
# at once (texts, planned rows, queued batches) independent of the corpus size.
FILES_PER_READ = 64
BYTES_PER_READ = 16 * 1024 * 1024
# The stage that sums the workers' seconds reading and parsing inputs (`ReadResult.seconds`).
WORKER_READ = "read_on_workers"


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
    # WARC records that gave no article without being wrong, per reason (warehouse.warc).
    warc_skipped: dict[str, int] = field(default_factory=dict)
    # New articles per detected language ("und": too short or unclear to tell), and how many
    # of them no installed pipeline reads (stored and flagged, not extracted).
    languages: dict[str, int] = field(default_factory=dict)
    n_not_extracted: int = 0
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


@dataclass(slots=True)
class KnownArchive:
    """What the committed warehouse holds, as the lookups an ingest plans against."""

    article_ids: set[str]  # extended with each new article
    ingested: frozenset[str]  # sha256 of the input files committed ingests read
    reject_keys: set[str]  # `reject_key` of every recorded reject, extended likewise
    date_evidence: dict[str | None, Counter[str]]  # per source, its dates' day/month orders
    registry: EntityRegistry
    near_duplicates: NearDuplicateIndex
    urls: dict[str, str]  # normalized URL -> the stored article first seen under it, extended


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
def ingest_flow(
    inputs: list[str], settings: Settings, warc_window: WarcWindow | None = None
) -> RunSummary:
    """Ingest articles from files, folders, globs or URLs into the warehouse.

    `warc_window` chooses the records of WARC inputs (capture dates, a sample).
    """
    run = RunContext.begin(INGEST, settings.warehouse, settings)
    summary = RunSummary(
        run.run_id,
        settings.warehouse,
        extractor_version=run.lineage.extractor_version,
        stage_seconds=run.stage_seconds,
    )
    with run.timed("discover"):
        files = discover_inputs(inputs)
    summary.n_files = len(files)
    progress.report(total_bytes=sum(input_file.size or 0 for input_file in files))
    with run.writing() as writer:
        with run.timed("load_known"):
            known = load_known(run)
            backfill_sketches(run, known.near_duplicates, n_articles=len(known.article_ids))
            summary.older_extractions = older_extractions(
                run.store, run.manifest, run.lineage.extractor_version
            )
        warn_of_older_extractions(summary)
        with frozen_heap():
            inputs_read: list[dict[str, str]] = []
            extract_articles(
                run,
                known.registry,
                new_article_batches(
                    run, files, known, summary, inputs_read, warc_window or WarcWindow()
                ),
            )
            # The archive's lookups are done: drop them before the checks, which need memory
            # of their own, so the run's peak is not their sum.
            del known
            release_memory()
            run.check_and_commit(
                inputs=inputs_read,
                n_files=summary.n_files,
                n_articles_read=summary.n_articles_read,
                n_articles_new=summary.n_articles_new,
                n_duplicates=summary.n_duplicates,
                n_rejected=summary.n_rejected,
            )
    summary.rows_added = dict(writer.rows_added)
    summary.seconds = run.seconds()
    return summary


def load_known(run: RunContext) -> KnownArchive:
    """Read what the warehouse holds that decides which inputs and articles are new."""
    store, manifest = run.store, run.manifest
    return KnownArchive(
        article_ids=known_values(store, manifest, "articles", "article_id"),
        ingested=ingested_sources(store, manifest),
        reject_keys={
            reject_key(row["source_sha256"], row["source_position"], row["reason"])
            for row in read_column(
                store, manifest, "rejects", ["source_sha256", "source_position", "reason"]
            ).to_pylist()
        },
        date_evidence=source_date_evidence(store, manifest),
        registry=EntityRegistry(entity_records_of(stored_entities(store, manifest))),
        near_duplicates=NearDuplicateIndex(),
        urls=stored_urls(
            read_column(
                store, manifest, "articles", ["article_id", "url", "duplicate_of"]
            ).to_pylist()
        ),
    )


def backfill_sketches(run: RunContext, index: NearDuplicateIndex, n_articles: int) -> None:
    """Index the stored articles' sketches; sketch the articles stored without one."""
    sketched = index_sketches(
        iter_batches(run.store, run.manifest, "article_sketches", list(SKETCH_COLUMNS)), index
    )
    if len(sketched) < n_articles:
        # Articles stored without a sketch of this version (an older warehouse): sketched
        # from their texts once, and stored so later runs need not.
        stored = iter_batches(run.store, run.manifest, "articles", list(STORED_COLUMNS))
        for rows in sketch_stored(stored, index, run.run_id, skip=sketched):
            run.add_rows("article_sketches", rows)


def warn_of_older_extractions(summary: RunSummary) -> None:
    """Log that stored articles were extracted by an older version, and how to update them."""
    if summary.older_extractions:
        get_run_logger().warning(
            "%d stored articles were extracted by an older version (%s); new articles are "
            "extracted by %s. Run `newsledger reprocess --warehouse %s` to bring them up "
            "to date",
            sum(summary.older_extractions.values()),
            ", ".join(sorted(summary.older_extractions)),
            summary.extractor_version,
            summary.warehouse,
        )


def new_article_batches(
    run: RunContext,
    files: Sequence[InputFile],
    known: KnownArchive,
    summary: RunSummary,
    inputs_read: list[dict[str, str]],
    warc_window: WarcWindow | None = None,
) -> Iterator[LanguageBatch]:
    """The new articles of `files`, in batches of one language for the workers, read a group
    of files (or a chunk of a WARC file) at a time as the extraction asks for more; each file
    read is appended to `inputs_read`."""
    assert run.settings is not None, "an ingest has settings"
    batch_size, processes = run.settings.batch_size, run.settings.processes
    languages = resolve_models(run.settings.model, run.settings.models).keys()
    warc_files = [input_file for input_file in files if is_warc(input_file.path)]
    groups = file_batches([input_file for input_file in files if not is_warc(input_file.path)])
    # Groups are read on the workers, `processes` groups ahead of the one being planned: the
    # HTML extraction of one group runs beside the NLP of the last, instead of the workers
    # waiting on the flow while it reads (measured in docs/benchmarks.md, issue 21).
    reads: deque[PrefectFuture] = deque()
    upcoming = iter(groups)
    for group in islice(upcoming, processes):
        reads.append(read_inputs.submit(group, known.ingested))
    batcher = LanguageBatcher(batch_size, processes)
    for position, group in enumerate(groups, start=1):
        read = reads.popleft()
        for later in islice(upcoming, 1):
            reads.append(read_inputs.submit(later, known.ingested))
        by_language = read_and_plan(run, group, read, known, summary, inputs_read, languages)
        # The last files' articles taper: earlier ones are followed by more work.
        yield from batcher.add(by_language, last=position == len(groups) and not warc_files)
    for input_file in warc_files:
        for by_language in read_and_plan_warc(
            run, input_file, known, summary, inputs_read, languages, warc_window or WarcWindow()
        ):
            yield from batcher.add(by_language)
    yield from batcher.end()


def read_and_plan_warc(
    run: RunContext,
    input_file: InputFile,
    known: KnownArchive,
    summary: RunSummary,
    inputs_read: list[dict[str, str]],
    languages: Collection[str],
    window: WarcWindow,
) -> Iterator[dict[str, list[ArticleInput]]]:
    """The new articles of one WARC file, a bounded chunk of records at a time (`flows.warc`).

    The file's sha256 is recorded as ingested only when every record was read: a run with
    --since, --until or --max-records leaves the rest for a later run.
    """
    assert run.settings is not None, "an ingest has settings"
    sha256 = ""
    chunks = read_warc_chunks(input_file.path, known.ingested, window)
    # Chunks are parsed on the workers, `processes` chunks ahead of the one being planned.
    parsing: deque[PrefectFuture] = deque()
    while True:
        while len(parsing) < run.settings.processes:
            with run.timed("read"):
                chunk = next(chunks, None)
            if chunk is None:
                break
            summary.n_files_unchanged += chunk.is_unchanged
            skipped = Counter(summary.warc_skipped) + chunk.skipped
            summary.warc_skipped = dict(sorted(skipped.items()))
            parsing.append(parse_warc_chunk.submit(chunk))
            del chunk
        if not parsing:
            break
        with run.timed("read_wait"):
            result: ReadResult = parsing.popleft().result()
        add_worker_read_seconds(run, [result])
        sha256 = result.source.sha256
        # The file's bytes count once, when it is done: a chunk's payload is decompressed.
        yield plan_read(run, [result], 0, known, summary, languages)
    progress.report(bytes_read=input_file.size or 0)
    inputs_read.append({"path": input_file.path, "sha256": sha256 if window.is_whole else ""})


def read_and_plan(
    run: RunContext,
    files: list[InputFile],
    read: PrefectFuture,
    known: KnownArchive,
    summary: RunSummary,
    inputs_read: list[dict[str, str]],
    languages: Collection[str] = ("en",),
) -> dict[str, list[ArticleInput]]:
    """Take the read of a group of files (`read`, the `read_inputs` task submitted for
    `files`), buffer their new rejects and articles, and return what the extraction needs of
    the new articles, by the language of the pipeline (in `languages`)
    that reads them; the others are counted as not extracted.

    A function of its own so that the group's parsed articles and rows are freed when it
    returns, before the extraction waits: the next group's read does not find them alive.
    """
    assert run.settings is not None, "an ingest has settings"
    with run.timed("read_wait"):
        results: list[ReadResult] = read.result()
    add_worker_read_seconds(run, results)
    summary.n_files_unchanged += sum(result.is_unchanged for result in results)
    inputs_read += [{"path": r.source.path, "sha256": r.source.sha256} for r in results]
    n_bytes = sum(input_file.size or 0 for input_file in files)
    return plan_read(run, results, n_bytes, known, summary, languages)


def add_worker_read_seconds(run: RunContext, results: list[ReadResult]) -> None:
    """Add the workers' reading and parsing time of `results` to the run's "read_on_workers"
    (summed worker seconds, beside the flow's own stages: the share of the run's capacity that
    reading takes is (read + read_on_workers) / (seconds * processes))."""
    stages = run.stage_seconds
    stages[WORKER_READ] = stages.get(WORKER_READ, 0.0) + sum(r.seconds for r in results)


def plan_read(
    run: RunContext,
    results: list[ReadResult],
    n_bytes: int,
    known: KnownArchive,
    summary: RunSummary,
    languages: Collection[str],
) -> dict[str, list[ArticleInput]]:
    """Buffer the new rejects and articles of what was read (`n_bytes` of input), and return
    the new articles by the language of the pipeline that reads them."""
    assert run.settings is not None, "an ingest has settings"
    now = dt.datetime.now(dt.UTC)
    record_rejects(run, results, known.reject_keys, summary, now)
    with run.timed("plan"):
        plan = plan_new_articles(
            [(result.source, result.articles) for result in results],
            known.article_ids,
            stored_evidence=known.date_evidence,
            date_order_hints=run.settings.date_order_hints,
            run_id=run.run_id,
            ingested_at=now,
            near_duplicates=known.near_duplicates,
            known_urls=known.urls,
        )
    summary.n_articles_read += plan.n_read
    summary.n_duplicates += plan.n_duplicates
    summary.n_articles_new += len(plan.rows)
    progress.report(
        bytes_read=n_bytes,
        articles_planned=len(plan.rows),
        rejected=sum(len(result.rejects) for result in results),
    )
    run.add_rows("articles", plan.rows)
    run.add_rows("article_sketches", plan.sketch_rows)
    counts = Counter(summary.languages) + language_counts(plan.rows)
    summary.languages = dict(sorted(counts.items()))
    routing = route_articles(plan.rows, languages)
    summary.n_not_extracted += routing.n_not_extracted
    return routing.by_language


def record_rejects(
    run: RunContext,
    results: list[ReadResult],
    known_keys: set[str],
    summary: RunSummary,
    rejected_at: dt.datetime,
) -> None:
    """Count the files' rejects; log and buffer those not recorded before."""
    summary.n_rejected += sum(len(result.rejects) for result in results)
    rows = new_reject_rows(
        ((result.source, result.format, error) for result in results for error in result.rejects),
        known_keys,
        run_id=run.run_id,
        rejected_at=rejected_at,
    )
    logger = get_run_logger()
    for row in rows:
        logger.warning("rejected %s: %s", row["source_path"], row["reason"])
    run.add_rows("rejects", rows)


def run_ingest(
    inputs: list[str], settings: Settings, warc_window: WarcWindow | None = None
) -> RunSummary:
    """Run the ingest flow with the task runner the settings ask for."""
    with started_task_runner(settings) as runner:
        return ingest_flow.with_options(task_runner=runner)(inputs, settings, warc_window)
