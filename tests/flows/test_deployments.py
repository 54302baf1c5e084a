"""Deployments: prefect.yaml matches the code, a served one runs, a failed run changes nothing."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml
from prefect import Flow, get_client
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL

import warehouse.writer
from flows.deployments import INGEST_FLOW_NAME, deployments, ingest
from schemas.errors import RunError
from tests.conftest import CASES, REPO, SEED, query, shared_or_skip
from warehouse.catalog import connect
from warehouse.store import LOCK, Store

READER_CASE = CASES / "readers" / "mdy_byline.txt"


def entrypoint_flow(entrypoint: str) -> Flow:
    """The flow a prefect.yaml entrypoint (`path/to/module.py:attribute`) names."""
    path, attribute = entrypoint.split(":")
    module = importlib.import_module(".".join(Path(path).with_suffix("").parts))
    return getattr(module, attribute)


def test_prefect_yaml_entrypoints_import_and_take_their_parameters():
    document = yaml.safe_load((REPO / "prefect.yaml").read_text())
    yaml_flows = set()
    for deployment in document["deployments"]:
        name = deployment["name"]
        flow = entrypoint_flow(deployment["entrypoint"])
        assert isinstance(flow, Flow), name
        yaml_flows.add(flow.name)
        signature = inspect.signature(flow.fn).parameters
        parameters = deployment.get("parameters", {})
        assert set(parameters) <= set(signature), name
        required = {key for key, value in signature.items() if value.default is value.empty}
        if required <= set(parameters):
            flow.validate_parameters(parameters)
        for schedule in deployment.get("schedules", []):
            assert len({"interval", "cron", "rrule"} & set(schedule)) == 1, name
        assert deployment["work_pool"]["name"] == "newsledger", name
    served = {built.flow_name for built in deployments(["inputs"], "warehouse")}
    assert yaml_flows == served


def test_deployments_carry_the_schedule_and_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    built = deployments(["articles", "https://example.org/feed.rss"], "wh", cron="0 * * * *")
    ingest_deployment = next(d for d in built if d.flow_name == INGEST_FLOW_NAME)
    assert ingest_deployment.entrypoint == "flows.deployments.ingest"
    assert ingest_deployment.parameters == {
        "inputs": [str(tmp_path / "articles"), "https://example.org/feed.rss"],
        "warehouse": str(tmp_path / "wh"),
    }
    (schedule,) = ingest_deployment.schedules
    assert schedule.schedule.cron == "0 * * * *"
    on_demand = deployments(["articles"], "wh")
    assert all(not d.schedules for d in on_demand)
    with pytest.raises(RunError, match="not both"):
        deployments(["articles"], "wh", interval_seconds=60, cron="0 * * * *")


def _wait_for_deployment(name: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            try:
                client.read_deployment_by_name(name)
                return
            except ObjectNotFound:
                time.sleep(0.5)
    pytest.fail(f"deployment {name} was not registered:\n{log.read_text()}")


@pytest.mark.served
@pytest.mark.usefixtures("prefect_harness")
def test_served_ingest_deployment_runs_through_the_api_and_writes_rows(tmp_path):
    seed = shared_or_skip(SEED.parent)
    warehouse_root = str(tmp_path / "wh")
    name = f"test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
    }
    code = "import sys; from flows.deployments import serve; serve(sys.argv[1:2], name=sys.argv[2])"
    with log.open("w") as output:
        # Another directory than the repository's: the module entrypoint loads from anywhere.
        server = subprocess.Popen(
            [sys.executable, "-c", code, str(seed), name],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deployment_name = f"{INGEST_FLOW_NAME}/{name}"
        _wait_for_deployment(deployment_name, server, log)
        flow_run = run_deployment(
            deployment_name,
            parameters={"warehouse": warehouse_root, "processes": 1},
            timeout=90,
            poll_interval=1,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        returncode = server.wait(timeout=30)

    assert flow_run.state.is_completed(), f"{flow_run.state!r}\n{log.read_text()}"
    assert returncode == 0, log.read_text()
    (articles,) = query(
        warehouse_root, "select count(*) from articles where source_path like ?", [f"{seed}/%"]
    )[0]
    (claims,) = query(warehouse_root, "select count(*) from claims")[0]
    assert articles == 1 and claims > 0
    # The work is the newsledger-ingest flow, run as a subflow of the deployment's run.
    (recorded,) = query(warehouse_root, "select flow_run_id from runs")[0]
    with get_client(sync_client=True) as client:
        subflow_run = client.read_flow_run(uuid.UUID(recorded))
        parent_task_run = client.read_task_run(subflow_run.parent_task_run_id)
    assert subflow_run.state.is_completed()
    assert parent_task_run.flow_run_id == flow_run.id


def _snapshot(root: str) -> dict[str, str]:
    """sha256 of every file under the warehouse but the lock and the catalog.

    Each writer notes itself in the lock, and rebuilds the catalog when it opens the
    warehouse; two builds of the same views differ byte-wise, so `_catalog` compares those.
    """
    found = {}
    for path in Path(root).rglob("*"):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in (LOCK, "newsledger.duckdb"):
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _catalog(root: str) -> list[tuple]:
    store = Store(root)
    with connect(store, store.read_manifest()) as connection:
        views = connection.execute(
            "select view_name, sql from duckdb_views() where not internal order by view_name"
        ).fetchall()
        (generation,) = connection.execute("select generation from newsledger_catalog").fetchone()
    return [*views, ("generation", generation)]


@pytest.mark.usefixtures("prefect_harness")
def test_failed_run_leaves_the_warehouse_as_it_was(tmp_path, monkeypatch):
    seed = shared_or_skip(SEED.parent)
    root = str(tmp_path / "wh")
    first = ingest([str(READER_CASE)], warehouse=root, processes=1, return_state=True)
    assert first.is_completed()
    before, catalog_before = _snapshot(root), _catalog(root)

    written = []
    write_table = warehouse.writer.write_table

    def recording_write_table(*args, **kwargs):
        files = write_table(*args, **kwargs)
        written.extend(data_file.path for data_file in files)
        return files

    def failing_write_manifest(self, manifest):
        raise OSError("No space left on device")

    monkeypatch.setattr(warehouse.writer, "write_table", recording_write_table)
    monkeypatch.setattr(Store, "write_manifest", failing_write_manifest)
    state = ingest([str(seed)], warehouse=root, processes=1, return_state=True)
    monkeypatch.undo()

    assert state.is_failed() and "No space left on device" in state.message
    assert written, "the run should have written parts before its commit failed"
    assert _snapshot(root) == before
    assert _catalog(root) == catalog_before
    (articles,) = query(root, "select count(*) from articles")[0]
    assert articles == 1


def test_cli_serve_dry_run_lists_the_deployments(tmp_path):
    from typer.testing import CliRunner

    from flows.cli import app

    result = CliRunner().invoke(
        app,
        ["serve", str(tmp_path), "-w", str(tmp_path / "wh"), "--interval", "3600", "--dry-run"],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.replace("\n", " ")
    assert "newsledger-ingest-deployment/default  every 3600 s" in lines
    assert "newsledger-publish/default  on demand" in lines
