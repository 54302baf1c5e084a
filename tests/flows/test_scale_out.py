"""Scale-out: the ingest flow on a Dask cluster (prefect-dask) gives the local run's tables.

A `LocalCluster` of two worker processes stands in for a real cluster. Its workers reach the
Prefect API through the settings Prefect sends with every task (no environment needed), and
each loads spaCy once: `PIPELINES` is a per-process cache.
"""

from __future__ import annotations

import os
import time

import pytest

from flows.extraction import tapered
from flows.ingest import RunSummary, run_ingest
from flows.settings import Settings
from schemas import TABLES
from tests.conftest import CORPUS, SEED, shared_or_skip
from warehouse.catalog import connect, quote_identifier
from warehouse.store import Store

distributed = pytest.importorskip("distributed")
pytest.importorskip("prefect_dask")

pytestmark = [pytest.mark.dask, pytest.mark.usefixtures("prefect_harness")]

MUC3_LINES = 20
BATCH_SIZE = 3  # 21 articles: 7 extraction tasks to share between the two workers
# Columns that name the run or the moment it ran, not what it extracted.
RUN_COLUMNS = {"run_id", "ingested_at", "rejected_at", "checked_at", "seconds"}
RUNS_COMPARED = ("n_files", "n_articles_read", "n_articles_new", "n_duplicates", "n_rejected")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    muc3 = shared_or_skip(CORPUS / "muc3" / "muc3-tst1.jsonl")
    head = tmp_path_factory.mktemp("inputs") / "muc3-tst1-head.jsonl"
    lines = muc3.read_text(encoding="utf-8").splitlines(keepends=True)[:MUC3_LINES]
    head.write_text("".join(lines), encoding="utf-8")
    return [str(shared_or_skip(SEED.parent)), str(head)]


@pytest.fixture(scope="module")
def cluster():
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        client.run(_count_pipeline_loads)
        yield cluster, client


def _count_pipeline_loads() -> None:
    """On a worker: count the spaCy pipelines this process loads from now on."""
    import spacy

    load = spacy.load

    def counted(*args, **kwargs):
        counted.calls += 1
        return load(*args, **kwargs)

    counted.calls = 0
    spacy.load = counted


def _pipeline_state() -> dict:
    """On a worker: its pid, the pipelines it loaded, the documents its pipeline parsed."""
    import spacy

    from flows.nlp import PIPELINES

    documents = sum(PIPELINES._documents.values())
    return {"pid": os.getpid(), "loads": spacy.load.calls, "documents": documents}


def tables(warehouse: str) -> dict[str, list[tuple]]:
    """Every table's rows without run identity, in primary-key order."""
    store = Store(warehouse)
    rows = {}
    with connect(store, store.read_manifest()) as connection:
        for name, schema in TABLES.items():
            if name == "runs":
                columns = RUNS_COMPARED
            else:
                columns = [column for column in schema.column_names if column not in RUN_COLUMNS]
            listing = ", ".join(quote_identifier(column) for column in columns)
            order = ", ".join(quote_identifier(column) for column in schema.primary_key)
            rows[name] = connection.execute(
                f"select {listing} from {quote_identifier(name)} order by {order}"  # noqa: S608
            ).fetchall()
    return rows


def extract_task_states(flow_run_id: str) -> list[str]:
    """States of the flow run's extraction tasks, as the Prefect API recorded them."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    return sorted(run.state_name for run in runs if run.name.startswith("extract-batch"))


@pytest.fixture(scope="module")
def local_run(inputs, tmp_path_factory) -> tuple[str, RunSummary]:
    """The reference: the same inputs extracted in the flow's own process."""
    warehouse = str(tmp_path_factory.mktemp("local") / "wh")
    summary = run_ingest(inputs, Settings(warehouse=warehouse, processes=1, batch_size=BATCH_SIZE))
    return warehouse, summary


def test_process_pool_run_equals_local_run(inputs, local_run, tmp_path):
    local_warehouse, local = local_run
    pool_warehouse = str(tmp_path / "pool")
    pooled = run_ingest(
        inputs, Settings(warehouse=pool_warehouse, processes=2, batch_size=BATCH_SIZE)
    )

    assert pooled.rows_added == local.rows_added
    expected, actual = tables(local_warehouse), tables(pool_warehouse)
    for name in TABLES:
        assert actual[name] == expected[name], name
    # Workers leave without tearing down (flows.nlp.prepare_worker): their task runs must
    # still all reach the API as completed.
    assert_extract_tasks_completed(pool_warehouse, pooled.n_articles_new, workers=2)


def test_dask_cluster_run_equals_local_run(inputs, local_run, cluster, tmp_path):
    local_warehouse, local = local_run
    dask_cluster, client = cluster
    dask_warehouse = str(tmp_path / "dask")
    settings = Settings(
        warehouse=dask_warehouse,
        processes=2,
        batch_size=BATCH_SIZE,
        dask_address=dask_cluster.scheduler_address,
    )
    scaled = run_ingest(inputs, settings)

    assert (scaled.n_files, scaled.n_articles_read) == (2, MUC3_LINES + 1)
    assert scaled.rows_added == local.rows_added
    assert scaled.rows_added["claims"] > 0
    expected, actual = tables(local_warehouse), tables(dask_warehouse)
    for name in TABLES:
        assert actual[name] == expected[name], name

    # The work ran on both workers, each loading spaCy once for all of its batches.
    workers = list(client.run(_pipeline_state).values())
    assert len({worker["pid"] for worker in workers} | {os.getpid()}) == 3
    assert [worker["loads"] for worker in workers] == [1, 1]
    assert all(worker["documents"] > 0 for worker in workers)
    assert sum(worker["documents"] for worker in workers) == scaled.n_articles_new

    # The workers reported their task runs to the flow's Prefect API.
    assert_extract_tasks_completed(dask_warehouse, scaled.n_articles_new, workers=2)


def assert_extract_tasks_completed(warehouse: str, n_articles: int, workers: int) -> None:
    store = Store(warehouse)
    with connect(store, store.read_manifest()) as connection:
        (flow_run_id,) = connection.execute("select flow_run_id from runs").fetchone()
    n_tasks = len(list(tapered(range(n_articles), BATCH_SIZE, workers)))
    expected_states = ["Completed"] * n_tasks
    deadline = time.monotonic() + 15  # task runs are recorded from events, asynchronously
    while (states := extract_task_states(flow_run_id)) != expected_states:
        if time.monotonic() > deadline:
            pytest.fail(f"extract-batch task runs on the API: {states}")
        time.sleep(0.5)


def test_extract_tasks_use_the_worker_process_spacy_cache():
    import cloudpickle

    from flows.nlp import PIPELINES
    from flows.tasks import extract_batch

    PIPELINES._loaded["model"] = object()  # as if this process had loaded spaCy: it must
    try:  # not travel
        pickled = cloudpickle.dumps(extract_batch)
    finally:
        del PIPELINES._loaded["model"]
    assert len(pickled) < 100_000
    assert cloudpickle.loads(pickled).fn.__globals__["PIPELINES"] is PIPELINES
