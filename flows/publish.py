"""The publish flow: one immutable, versioned release of the warehouse (see warehouse.snapshots)."""

from __future__ import annotations

import json
from importlib import resources

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.extraction import code_version
from flows.run_context import RunContext
from schemas.runs import PUBLISH
from warehouse import snapshots

DEFAULT_LICENSE = "CC-BY-4.0"


def shipped_accuracy() -> dict[str, float]:
    """The evaluation gate's accuracy for this code (schemas/reference/accuracy.json)."""
    text = resources.files("schemas").joinpath("reference/accuracy.json").read_text("utf-8")
    return json.loads(text)["metrics"]


@task(name="publish-release", cache_policy=NO_CACHE)
def publish_release(warehouse: str, version: str, to: str, license_id: str) -> snapshots.Release:
    """Write the release under the warehouse lock, so no run commits halfway through it."""
    run = RunContext.begin(PUBLISH, warehouse)
    run.store.require_existing()
    with run.writing():
        release = snapshots.publish(
            run.store,
            run.manifest,
            to,
            version,
            license_id=license_id,
            provenance=snapshots.warehouse_provenance(run.store, run.manifest, code_version()),
            accuracy=shipped_accuracy(),
        )
        # The publish is a run of its own in `runs` (lineage): which release it wrote, with
        # the hash of the package that lists every file's hash. The release names the runs
        # behind its rows; this row, committed after, names the release.
        run.check_and_commit(
            inputs=[
                {
                    "path": f"{release.location}/{snapshots.PACKAGE}",
                    "sha256": snapshots.package_digest(release.location),
                }
            ],
            settings_extra={"version": str(release.version), "to": to, "license": license_id},
        )
        return release


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
