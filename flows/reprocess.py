"""The reprocess flow: extract stored articles again with the current code, replace their
derived rows in one commit, and report what changed."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

import pyarrow as pa
from prefect import flow, get_run_logger

from flows import progress
from flows.extraction import LanguageBatch, LanguageBatcher, extract_articles, route_articles
from flows.memory import frozen_heap, release_memory
from flows.nlp import resolve_models
from flows.run_context import RunContext
from flows.settings import Settings
from flows.task_runners import started_task_runner
from schemas.errors import RunError
from schemas.runs import REPROCESS
from transforms.entities import EntityRegistry
from transforms.extract import entity_records_of
from warehouse.changes import ChangeReport, derived_changes
from warehouse.queries import (
    article_texts_between,
    articles_between,
    entities_referenced_outside,
)


@dataclass(slots=True)
class ReprocessSummary:
    """What a reprocess did, as the CLI prints it."""

    run_id: str
    warehouse: str
    since: dt.date | None
    until: dt.date | None
    extractor_version: str = ""
    n_articles: int = 0
    # Of those, the articles no installed pipeline reads (their derived rows are removed).
    n_not_extracted: int = 0
    rows_added: dict[str, int] = field(default_factory=dict)
    changes: ChangeReport = field(default_factory=ChangeReport)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


@flow(name="newsledger-reprocess", validate_parameters=False, log_prints=False)
def reprocess_flow(
    settings: Settings, since: dt.date | None = None, until: dt.date | None = None
) -> ReprocessSummary:
    """Re-extract the stored articles published in [since, until] (all when open)."""
    run = RunContext.begin(REPROCESS, settings.warehouse, settings)
    summary = ReprocessSummary(
        run.run_id,
        settings.warehouse,
        since,
        until,
        extractor_version=run.lineage.extractor_version,
        stage_seconds=run.stage_seconds,
    )
    run.store.require_existing()
    with run.writing() as writer:
        with run.timed("select"):
            selected = articles_between(run.store, run.manifest, since, until)
            selected_ids = selected.column("article_id").combine_chunks()
            # Entities only the reprocessed articles refer to are rebuilt from the new rows,
            # so the old extraction's entities cannot steer the new one's linking.
            kept = entities_referenced_outside(run.store, run.manifest, selected_ids)
            registry = EntityRegistry(entity_records_of(kept))
        summary.n_articles = selected.num_rows
        if not selected.num_rows:
            get_run_logger().warning("no stored article was published in the range: nothing to do")
            summary.seconds = run.seconds()
            return summary
        progress.report(articles_planned=selected.num_rows)
        writer.replace_derived(
            selected, pa.array(kept.column("entity_id").to_pylist(), pa.string())
        )
        with frozen_heap():
            extract_articles(run, registry, stored_article_batches(run, summary, since, until))
            del registry
            release_memory()
            with run.timed("changes"):
                summary.changes = derived_changes(
                    run.store, run.manifest.tables, writer.files_after_commit(), selected_ids
                )
            run.check_and_commit(
                inputs=[selection_input(settings.warehouse, since, until, selected_ids)],
                changes=summary.changes.summary(),
                settings_extra={"since": since, "until": until},
                n_articles_read=selected.num_rows,
            )
    summary.rows_added = {name: n for name, n in writer.rows_added.items() if n}
    summary.seconds = run.seconds()
    return summary


def stored_article_batches(
    run: RunContext, summary: ReprocessSummary, since: dt.date | None, until: dt.date | None
) -> Iterator[LanguageBatch]:
    """What extraction needs of the stored articles published in [since, until], a batch of
    one language at a time, in the order they were ingested (see `article_texts_between`);
    articles no installed pipeline reads are counted in `summary`."""
    assert run.settings is not None, "a reprocess has settings"
    languages = resolve_models(run.settings.model, run.settings.models).keys()
    batch_size = run.settings.batch_size
    batcher = LanguageBatcher(batch_size, run.settings.processes)
    for batch in article_texts_between(run.store, run.manifest, since, until, batch_size):
        routing = route_articles(batch.to_pylist(), languages)
        summary.n_not_extracted += routing.n_not_extracted
        yield from batcher.add(routing.by_language)
    yield from batcher.end()


def selection_input(
    warehouse: str, since: dt.date | None, until: dt.date | None, article_ids: pa.Array
) -> dict[str, str]:
    """The reprocess's input as `runs.inputs` records it: the stored articles it chose, named
    by their range, with the sha256 of their sorted ids."""
    ids = sorted(article_ids.to_pylist())
    digest = hashlib.sha256("\n".join(ids).encode()).hexdigest()
    bounds = f"published {since or '...'} to {until or '...'}"
    return {"path": f"{warehouse} articles, {bounds} ({len(ids)})", "sha256": digest}


def run_reprocess(
    settings: Settings, since: dt.date | None = None, until: dt.date | None = None
) -> ReprocessSummary:
    """Run the reprocess flow with the task runner the settings ask for."""
    if since is not None and until is not None and since > until:
        raise RunError(f"--since {since} is after --until {until}")
    with started_task_runner(settings) as runner:
        return reprocess_flow.with_options(task_runner=runner)(settings, since, until)
