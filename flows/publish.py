"""The publish flow: one immutable, versioned release of the warehouse (see warehouse.snapshots)."""

from __future__ import annotations

import json
from importlib import resources

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.extraction import code_version
from flows.run_context import RunContext
from flows.settings import Settings
from schemas.errors import RunError
from schemas.runs import PUBLISH
from warehouse import snapshots
from warehouse.snapshots.citation import Credits


def shipped_accuracy() -> dict[str, float]:
    """The evaluation gate's accuracy for this code (schemas/reference/accuracy.json)."""
    text = resources.files("schemas").joinpath("reference/accuracy.json").read_text("utf-8")
    return json.loads(text)["metrics"]


@task(name="publish-release", cache_policy=NO_CACHE)
def publish_release(
    warehouse: str,
    version: str,
    to: str,
    license_id: str | None,
    include_text: bool,
    credits: dict | None = None,
) -> snapshots.Release:
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
            include_text=include_text,
            credits=Credits.from_mapping(credits),
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
            settings_extra={
                "version": str(release.version),
                "to": to,
                "license": license_id,
                "include_text": include_text,
                "credits": credits or {},
            },
        )
        return release


@flow(name="newsledger-publish", validate_parameters=False, log_prints=False)
def publish_flow(
    warehouse: str,
    version: str,
    to: str,
    license_id: str | None = None,
    include_text: bool = False,
    credits: dict | None = None,
) -> snapshots.Release:
    """Publish the warehouse as release `version` under `to` (a folder or fsspec URL).

    `credits`: title, authors, publisher and url of the release (`release_credits`).

    No licence by default (the release claims none), and no article bodies unless
    `include_text`, which needs a licence.
    """
    if include_text and not license_id:
        raise RunError(
            "including article bodies needs a licence", hint="give license_id (an SPDX id)"
        )
    return publish_release(warehouse, version, to, license_id, include_text, credits)


def run_publish(
    warehouse: str,
    version: str,
    to: str,
    license_id: str | None = None,
    include_text: bool = False,
    credits: dict | None = None,
) -> snapshots.Release:
    """Run the publish flow against the configured or a temporary Prefect API."""
    from flows.runtime import prefect_api

    with prefect_api():
        return publish_flow(warehouse, version, to, license_id, include_text, credits)


def release_credits(settings: Settings) -> dict:
    """The `release_*` settings as the publish flow takes them (plain values)."""
    return {
        "title": settings.release_title,
        "authors": list(settings.release_authors),
        "publisher": settings.release_publisher,
        "url": settings.release_url,
    }
