"""The publish flow: one immutable, versioned release of the warehouse (see warehouse.snapshots)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from importlib import resources

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.extraction import code_version, commit_checked, lineage_for, run_row
from flows.nlp import resolve_model
from transforms.errors import RunError
from warehouse import snapshots
from warehouse.store import Store
from warehouse.writer import RunWriter, open_for_write

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
    started_at = dt.datetime.now(dt.UTC)
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-publish-{uuid.uuid4().hex[:8]}"
    with open_for_write(store) as manifest:
        release = snapshots.publish(
            store,
            manifest,
            to,
            version,
            license_id=license_id,
            provenance=snapshots.warehouse_provenance(store, manifest, code_version()),
            accuracy=shipped_accuracy(),
        )
        # The publish is a run of its own in `runs` (lineage): which release it wrote, with
        # the hash of the package that lists every file's hash. The release names the runs
        # behind its rows; this row, committed after, names the release.
        writer = RunWriter(store, manifest, run_id)
        writer.add(
            "runs",
            run_row(
                "publish",
                lineage_for(resolve_model("auto"), run_id),
                None,
                started_at=started_at,
                inputs=[
                    {
                        "path": f"{release.location}/{snapshots.PACKAGE}",
                        "sha256": snapshots.package_digest(release.location),
                    }
                ],
                settings_extra={"version": str(release.version), "to": to, "license": license_id},
            ),
        )
        commit_checked(store, writer, lambda stage: contextlib.nullcontext())
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
