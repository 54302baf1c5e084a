"""One run's context (id, start, warehouse, writer, lineage, stage timers) and the step every
run ends with: its `runs` row, the data checks, the commit."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

import pyarrow as pa
from prefect.runtime import flow_run

from flows.extraction import code_version, lineage_for
from flows.gazetteer import read_alias_files
from flows.nlp import model_version, resolve_model
from flows.settings import Settings
from schemas import table_schema
from schemas.reference import AliasTable
from schemas.runs import COMPLETED, INGEST
from schemas.table import rows_to_table
from transforms.extract import Lineage
from warehouse.checks import check_files, check_rows, raise_if_failed
from warehouse.store import Manifest, Store
from warehouse.writer import RunWriter, open_for_write


def new_run_id(kind: str, started_at: dt.datetime) -> str:
    """A run's id: its start (UTC, to the second), its kind, and 8 random hex digits.

    Ingest, the common run, leaves its kind out: `20250101T120000Z-1a2b3c4d`.
    """
    tag = "" if kind == INGEST else f"{kind}-"
    return f"{started_at:%Y%m%dT%H%M%SZ}-{tag}{uuid.uuid4().hex[:8]}"


@dataclass(slots=True)
class RunContext:
    """What the steps of one run share.

    `writing()` holds the warehouse's write lock; inside it `manifest` is the committed state
    the run started from and `writer` buffers the run's rows until `check_and_commit`.
    """

    kind: str  # `runs.kind`: one of schemas.runs.RUN_KINDS
    run_id: str
    started_at: dt.datetime
    store: Store
    lineage: Lineage
    settings: Settings | None = None
    aliases: tuple[AliasTable, ...] = ()
    # Wall time per stage of the flow's own thread, shared with the run's summary.
    stage_seconds: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    _manifest: Manifest | None = field(default=None, init=False, repr=False)
    _writer: RunWriter | None = field(default=None, init=False, repr=False)

    @classmethod
    def begin(cls, kind: str, warehouse: str, settings: Settings | None = None) -> RunContext:
        """A run of `kind` into `warehouse`, starting now; without settings, the model is
        "auto" and there are no alias files."""
        started = time.perf_counter()
        started_at = dt.datetime.now(dt.UTC)
        run_id = new_run_id(kind, started_at)
        aliases = read_alias_files(settings.alias_files) if settings else ()
        model = resolve_model(settings.model if settings else "auto")
        return cls(
            kind,
            run_id,
            started_at,
            Store(warehouse),
            lineage_for(model, run_id, aliases),
            settings,
            aliases,
            started=started,
        )

    def timed(self, stage: str) -> AbstractContextManager[None]:
        """Add the block's wall time to the stage's seconds."""
        return stage_timer(self.stage_seconds, stage)

    def seconds(self) -> float:
        """Seconds since the run began."""
        return round(time.perf_counter() - self.started, 3)

    @contextlib.contextmanager
    def writing(self) -> Iterator[RunWriter]:
        """Hold the warehouse's write lock while the block runs, with the run's writer."""
        with open_for_write(self.store) as manifest:
            self._manifest = manifest
            self._writer = RunWriter(self.store, manifest, self.run_id)
            yield self._writer

    @property
    def manifest(self) -> Manifest:
        if self._manifest is None:
            raise RuntimeError("the run has not opened the warehouse for writing")
        return self._manifest

    @property
    def writer(self) -> RunWriter:
        if self._writer is None:
            raise RuntimeError("the run has not opened the warehouse for writing")
        return self._writer

    def add_rows(self, table: str, rows: list[dict]) -> None:
        """Buffer row dicts of a declared table (checked against its schema)."""
        self.writer.add(table, rows_to_table(table_schema(table), rows))

    def check_and_commit(
        self,
        *,
        inputs: list[dict[str, str]],
        changes: dict | None = None,
        settings_extra: dict | None = None,
        **counts: int,
    ) -> None:
        """Add the run's `runs` row, run the data checks on the state the run would commit,
        record them, then commit.

        A failed check raises `ChecksFailed` before the manifest is written: the warehouse
        stays as it was.
        """
        self.writer.add(
            "runs",
            run_row(
                self.kind,
                self.lineage,
                self.settings,
                started_at=self.started_at,
                inputs=inputs,
                changes=changes,
                settings_extra=settings_extra,
                **counts,
            ),
        )
        with contextlib.ExitStack() as stack:
            with self.timed("checks"):
                files = self.writer.files_after_commit()
                # The checks' queries leave a core idle: the catalog is built meanwhile.
                catalog = stack.enter_context(self.writer.catalog_beside())
                results = check_files(self.store, files, self.run_id)
                self.writer.add("checks", check_rows(results, self.run_id))
                raise_if_failed(results, self.run_id)
            with self.timed("commit"):
                self.writer.commit(catalog)


@contextlib.contextmanager
def stage_timer(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Add the block's wall time to `seconds[stage]`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        seconds[stage] = round(seconds.get(stage, 0.0) + elapsed, 3)


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
                "outcome": COMPLETED,
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
