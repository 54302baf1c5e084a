"""The publish flow: one immutable, versioned release of the warehouse (see warehouse.snapshots)."""

from __future__ import annotations

import json
from importlib import resources

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.ingest import code_version
from transforms.errors import RunError
from warehouse import snapshots
from warehouse.store import Store
from warehouse.writer import open_for_write

DEFAULT_LICENSE = "CC-BY-4.0"


def shipped_accuracy() -> dict[str, float]:
    """The evaluation gate's accuracy for this code (schemas/reference/accuracy.json)."""
    text = resources.files("schemas").joinpath("reference/accuracy.json").read_text("utf-8")
    return json.loads(text)["metrics"]


@task(name="publish-release", cache_policy=NO_CACHE)
def publish_release(warehouse: str, version: str, to: str, license_id: str) -> snapshots.Release:
    """Write the release under the warehouse lock, so no run commits halfway through it."""
    store = Store(warehouse)
    if not store.exists():
        raise RunError(f"no warehouse at {warehouse}", hint="run `newsledger run` first")
    with open_for_write(store) as manifest:
        return snapshots.publish(
            store,
            manifest,
            to,
            version,
            license_id=license_id,
            provenance=snapshots.warehouse_provenance(store, manifest, code_version()),
            accuracy=shipped_accuracy(),
        )


@flow(name="newsledger-publish", validate_parameters=False, log_prints=False)
def publish_flow(
    warehouse: str, version: str, to: str, license_id: str = DEFAULT_LICENSE
) -> snapshots.Release:
    """Publish the warehouse as release `version` under `to` (a folder or fsspec URL)."""
    return publish_release(warehouse, version, to, license_id)


def run_publish(warehouse: str, version: str, to: str, license_id: str) -> snapshots.Release:
    """Run the publish flow against the configured or a temporary Prefect API."""
    from flows.runtime import prefect_api

    with prefect_api():
        return publish_flow(warehouse, version, to, license_id)
