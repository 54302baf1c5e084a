"""Prefect tasks: each a batch of work; retries only where the work is I/O."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging.loggers import task_run_logger

from flows.gazetteer import load_gazetteer
from flows.nlp import PIPELINES, ner_labels
from schemas import table_schema
from schemas.errors import InputError, NewsledgerError
from schemas.input_formats import format_for_name
from schemas.reference import AliasTable
from schemas.table import rows_to_table
from transforms.articles import SourceFile
from transforms.extract import ArticleInput, Extraction, Lineage, extract_article
from transforms.parse_selection import parse_articles
from transforms.readers import RawArticle, parse_file
from warehouse import inputs
from warehouse.inputs import InputFile


def log_retry(task, task_run, state) -> bool:
    """Retry condition of the I/O tasks: retry transient failures, and log why at WARNING.

    newsledger's own errors are final (a missing input path, bad settings: trying again
    gives the same answer); anything else (a storage or network error) is retried. Prefect
    calls this only while retries remain, and its own retry message is at INFO, below the
    level newsledger runs Prefect at, so without this a retry would go unexplained.
    """
    error = state.result(raise_on_failure=False)
    if isinstance(error, NewsledgerError):
        return False
    task_run_logger(task_run, task).warning(
        "%s failed on attempt %d of %d, retrying in %s s: %r",
        task.name,
        task_run.run_count,
        task.retries + 1,
        task.retry_delay_seconds,
        error,
    )
    return True


# Inputs are hashed by Prefect's default cache policy; articles are large, and a run's
# results must never come from a cache anyway.
IO_TASK = {
    "cache_policy": NO_CACHE,
    "retries": 2,
    "retry_delay_seconds": 1,
    "retry_condition_fn": log_retry,
}
CPU_TASK = {"cache_policy": NO_CACHE}


@dataclass(frozen=True, slots=True)
class ReadResult:
    """One input file read and parsed: its articles, or why (parts of) it were rejected."""

    source: SourceFile
    format: str | None
    articles: tuple[RawArticle, ...]
    rejects: tuple[InputError, ...]
    # Bytes an earlier run already ingested: not parsed (see `read_inputs`).
    is_unchanged: bool = False
    # Seconds the worker spent reading and parsing (the flow sums them: "read_on_workers").
    seconds: float = 0.0


@task(name="discover-inputs", **IO_TASK)
def discover_inputs(given: list[str]) -> list[InputFile]:
    """Expand files, folders and globs into the list of input files."""
    return inputs.discover(given)


@task(name="read-inputs", **IO_TASK)
def read_inputs(files: list[InputFile], ingested: frozenset[str] = frozenset()) -> list[ReadResult]:
    """Read and parse a batch of files; an unreadable file becomes a reject, not a failure.

    A file whose sha256 is in `ingested` (bytes a committed run read) is hashed but not
    parsed: everything in it is stored already.
    """
    results = []
    for input_file in files:
        started = time.perf_counter()
        result = _read_one(input_file, ingested)
        results.append(replace(result, seconds=time.perf_counter() - started))
    return results


def _read_one(input_file: InputFile, ingested: frozenset[str]) -> ReadResult:
    guessed = format_for_name(input_file.path)
    try:
        content = inputs.read(input_file)
    except InputError as error:
        return ReadResult(SourceFile(input_file.path, ""), guessed, (), (error,))
    source = SourceFile(content.path, content.sha256)
    if content.sha256 in ingested:
        return ReadResult(source, guessed, (), (), is_unchanged=True)
    try:
        parsed = parse_file(content.path, content.data)
    except InputError as error:
        return ReadResult(source, guessed, (), (error,))
    return ReadResult(source, parsed.format, parsed.articles, parsed.rejects)


@task(name="extract-batch", **CPU_TASK)
def extract_batch(
    articles: list[ArticleInput],
    model: str,
    lineage: Lineage,
    recycle_after: int,
    aliases: tuple[AliasTable, ...] = (),
) -> dict[str, pa.Table]:
    """NLP and extraction over a batch of articles; returns Arrow tables by table name."""
    nlp = PIPELINES.get(model, recycle_after, len(articles))
    gazetteer = load_gazetteer(aliases)
    extraction = Extraction()
    labels = ner_labels(nlp.lang)
    parsed = parse_articles(nlp, (article.text for article in articles), batch_size=32)
    for found, article in zip(parsed, articles, strict=True):
        extraction.extend(
            extract_article(
                found.doc, article, lineage, gazetteer, labels, quantities=found.quantities
            )
        )
    return {name: rows_to_table(table_schema(name), rows) for name, rows in extraction.rows.items()}
