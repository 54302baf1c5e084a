"""The reprocess flow: extract stored articles again with the current code, replace their
derived rows in one commit, and report what changed."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import time
import uuid
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field

import pyarrow as pa
from prefect import flow, get_run_logger

from flows import progress
from flows.extraction import (
    ExtractionQueue,
    commit_checked,
    frozen_heap,
    lineage_for,
    run_row,
    stage_timer,
    task_runner,
)
from flows.nlp import resolve_model
from flows.runtime import return_freed_memory
from flows.settings import Settings
from schemas.reference import read_alias_files
from transforms.entities import EntityRegistry
from transforms.errors import RunError
from transforms.extract import ArticleInput
from warehouse.changes import ChangeReport, derived_changes
from warehouse.queries import (
    article_texts_between,
    articles_between,
    entities_referenced_outside,
)
from warehouse.store import Store
from warehouse.writer import RunWriter, open_for_write


@dataclass(slots=True)
class ReprocessSummary:
    """What a reprocess did, as the CLI prints it."""

    run_id: str
    warehouse: str
    since: dt.date | None
    until: dt.date | None
    extractor_version: str = ""
    n_articles: int = 0
    rows_added: dict[str, int] = field(default_factory=dict)
    changes: ChangeReport = field(default_factory=ChangeReport)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    def timed(self, stage: str) -> AbstractContextManager[None]:
        return stage_timer(self.stage_seconds, stage)


@flow(name="newsledger-reprocess", validate_parameters=False, log_prints=False)
def reprocess_flow(
    settings: Settings, since: dt.date | None = None, until: dt.date | None = None
) -> ReprocessSummary:
    """Re-extract the stored articles published in [since, until] (all when open)."""
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC)
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-reprocess-{uuid.uuid4().hex[:8]}"
    aliases = read_alias_files(settings.alias_files)
    lineage = lineage_for(resolve_model(settings.model), run_id, aliases)
    summary = ReprocessSummary(
        run_id, settings.warehouse, since, until, extractor_version=lineage.extractor_version
    )
    store = Store(settings.warehouse)
    if not store.exists():
        raise RunError(f"no warehouse at {settings.warehouse}", hint="check --warehouse")
    with open_for_write(store) as manifest:
        with summary.timed("select"):
            selected = articles_between(store, manifest, since, until)
            selected_ids = selected.column("article_id").combine_chunks()
            # Entities only the reprocessed articles refer to are rebuilt from the new rows,
            # so the old extraction's entities cannot steer the new one's linking.
            kept = entities_referenced_outside(store, manifest, selected_ids)
            registry = EntityRegistry(kept)
        summary.n_articles = selected.num_rows
        if not selected.num_rows:
            logger.warning("no stored article was published in the range: nothing to do")
            summary.seconds = round(time.perf_counter() - started, 3)
            return summary
        progress.report(articles_planned=selected.num_rows)
        writer = RunWriter(store, manifest, run_id)
        writer.replace_derived(
            selected, pa.array([record.entity_id for record in kept], pa.string())
        )
        with frozen_heap():
            queue = ExtractionQueue(writer, registry, settings, lineage, summary.timed, aliases)
            batches = article_texts_between(store, manifest, since, until, settings.batch_size)
            for batch in batches:
                queue.submit(
                    [
                        ArticleInput(
                            row["article_id"],
                            row["text"],
                            row["published_date"],
                            row["published_month"],
                        )
                        for row in batch.to_pylist()
                    ]
                )
            queue.drain()
            del registry, queue
            gc.collect()
            return_freed_memory()
            with summary.timed("changes"):
                summary.changes = derived_changes(
                    store,
                    manifest.tables,
                    writer.files_after_commit(),
                    selected_ids,
                )
            writer.add(
                "runs",
                run_row(
                    "reprocess",
                    lineage,
                    settings,
                    started_at=started_at,
                    inputs=[_selection_input(settings.warehouse, since, until, selected_ids)],
                    changes=summary.changes.summary(),
                    settings_extra={"since": since, "until": until},
                    n_articles_read=selected.num_rows,
                ),
            )
            commit_checked(store, writer, summary.timed)
    summary.rows_added = {name: n for name, n in writer.rows_added.items() if n}
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _selection_input(
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
    from flows.runtime import prefect_api

    if since is not None and until is not None and since > until:
        raise RunError(f"--since {since} is after --until {until}")
    with prefect_api():
        return reprocess_flow.with_options(task_runner=task_runner(settings))(
            settings, since, until
        )
