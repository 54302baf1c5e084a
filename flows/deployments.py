"""Prefect deployments: ingest on a schedule or on demand; reprocess and publish on demand.

`serve` registers them with the Prefect API and runs their flow runs in this process, which
is `newsledger serve`; `prefect.yaml` describes the same deployments for `prefect deploy`
and a process work pool. Either way a run is triggered with
`prefect deployment run 'newsledger-ingest-deployment/<name>' --param ...`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import TYPE_CHECKING, Any

from prefect import flow
from prefect.types.entrypoint import EntrypointType

from flows.ingest import ingest_flow
from flows.publish import publish_flow
from flows.reprocess import reprocess_flow
from flows.settings import resolve, run_settings
from flows.task_runners import task_runner
from schemas.errors import RunError

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

INGEST_FLOW_NAME = "newsledger-ingest-deployment"
REPROCESS_FLOW_NAME = "newsledger-reprocess-deployment"
TAGS = ["newsledger"]
logger = logging.getLogger(__name__)


@flow(name=INGEST_FLOW_NAME, log_prints=False)
def ingest(
    inputs: list[str],
    warehouse: str | None = None,
    config: str | None = None,
    processes: int | None = None,
    batch_size: int | None = None,
    model: str | None = None,
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Ingest files, folders, globs or feed URLs; returns the run's summary.

    Settings left unset come from newsledger.toml (or `config`) and NEWSLEDGER_* variables
    where the run executes, as for `newsledger run`. The work is the `newsledger-ingest`
    flow, run as a subflow with the task runner the settings ask for.
    """
    settings = run_settings(warehouse, processes, batch_size, model, dask_address, config)
    summary = ingest_flow.with_options(task_runner=task_runner(settings))(inputs, settings)
    return summary.as_dict()


@flow(name=REPROCESS_FLOW_NAME, log_prints=False)
def reprocess(
    warehouse: str | None = None,
    since: str | None = None,
    until: str | None = None,
    config: str | None = None,
    processes: int | None = None,
    batch_size: int | None = None,
    model: str | None = None,
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Extract the stored articles published in [since, until] (YYYY-MM-DD, either may be
    left open) again with the installed code; returns the run's summary and change report.

    Settings are resolved as for `ingest`; the work is the `newsledger-reprocess` flow, run
    as a subflow with the task runner the settings ask for.
    """
    settings = run_settings(warehouse, processes, batch_size, model, dask_address, config)
    bounds = [dt.date.fromisoformat(value) if value else None for value in (since, until)]
    summary = reprocess_flow.with_options(task_runner=task_runner(settings))(settings, *bounds)
    return summary.as_dict()


def deployments(
    inputs: list[str],
    warehouse: str | None = None,
    *,
    name: str = "default",
    interval_seconds: float | None = None,
    cron: str | None = None,
    config: str | None = None,
    processes: int | None = None,
    batch_size: int | None = None,
) -> list[RunnerDeployment]:
    """The deployments `serve` runs, without serving them.

    Ingest of `inputs` every `interval_seconds` or on `cron` (or only on demand when neither
    is given); reprocess and publish of the same warehouse on demand (publish's `version`
    and `to` are given per run). The warehouse is resolved now, so every run writes where
    the listing says; the other settings are resolved per run.
    """
    if not inputs:
        raise RunError("nothing to ingest", hint="give files, folders, globs or feed URLs")
    if interval_seconds is not None and cron is not None:
        raise RunError("a schedule is an interval or a cron expression, not both")
    if interval_seconds is not None and interval_seconds <= 0:
        raise RunError(f"the interval must be positive, not {interval_seconds}")
    settings, _ = resolve(
        {"warehouse": warehouse, "processes": processes, "batch_size": batch_size}, config
    )
    target = _absolute(settings.warehouse)
    parameters = {
        "inputs": [_absolute(given) for given in inputs],
        "warehouse": target,
        "config": _absolute(config) if config else None,
        "processes": processes,
        "batch_size": batch_size,
    }
    built = [
        ingest.to_deployment(
            name=name,
            parameters={key: value for key, value in parameters.items() if value is not None},
            interval=interval_seconds,
            cron=cron,
            description=f"Ingest {', '.join(inputs)} into {target}.",
            tags=TAGS,
            # A module path loads wherever newsledger is installed, whatever the directory.
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
    ]
    on_demand = [
        (reprocess, f"Reprocess {target} with the installed code: `since`, `until` optional."),
        (publish_flow, f"Publish {target} as a release: give `version` and `to` per run."),
    ]
    for work, description in on_demand:
        built.append(
            work.to_deployment(
                name=name,
                parameters={"warehouse": target},
                description=description,
                tags=TAGS,
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
    return built


def serve(
    inputs: list[str],
    warehouse: str | None = None,
    *,
    name: str = "default",
    interval_seconds: float | None = None,
    cron: str | None = None,
    config: str | None = None,
    processes: int | None = None,
    batch_size: int | None = None,
    limit: int | None = 1,
) -> None:
    """Register `deployments(...)` and run their flow runs here until interrupted.

    `limit` bounds concurrent runs; runs of one warehouse cannot overlap anyway (its lock
    refuses the second). Without PREFECT_API_URL the API is a temporary local server that
    lives as long as this call.
    """
    from prefect import serve as prefect_serve
    from prefect.settings import get_current_settings

    from flows.runtime import prefect_api

    built = deployments(
        inputs,
        warehouse,
        name=name,
        interval_seconds=interval_seconds,
        cron=cron,
        config=config,
        processes=processes,
        batch_size=batch_size,
    )
    temporary = not get_current_settings().api.url
    with prefect_api() as api_url:
        if temporary:
            logger.warning(
                "PREFECT_API_URL is not set: serving on a temporary Prefect server at %s, "
                "which stops with this command",
                api_url,
            )
        prefect_serve(*built, limit=limit)


def _absolute(location: str) -> str:
    """A local path made absolute, so runs do not depend on their directory; URLs as given."""
    return location if "://" in location else os.path.abspath(location)
