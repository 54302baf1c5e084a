"""Prefect around a run: quiet defaults, and one API server every worker process shares."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator

# Prefect's temporary server reports telemetry by default, which fails noisily offline.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    "PREFECT_UI_ENABLED": "false",
    # Prefect's default (20 s) is too short for its server to start on a busy 2-core machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


def apply_prefect_defaults() -> None:
    """Set newsledger's Prefect defaults the user has not set; call before importing prefect."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)


@contextlib.contextmanager
def prefect_api() -> Iterator[str | None]:
    """Use the user's Prefect API if one is configured, else a temporary local server.

    Prefect would start a temporary server per process; worker processes inherit this one's
    URL instead, so a run is one flow run on one server and starts no extra servers.
    """
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    configured = get_current_settings().api.url
    if configured:
        yield configured
        return
    from prefect.server.api.server import SubprocessASGIServer

    logging.getLogger("prefect.server.api.server").setLevel(logging.WARNING)
    server = SubprocessASGIServer()
    server.start()
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            try:
                yield server.api_url
            finally:
                _drain_workers()  # a failed run's logs too, before the server stops
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        server.stop()


def quiet_failure_tracebacks() -> None:
    """Keep Prefect's failure tracebacks off the terminal; the CLI prints one line instead.

    Prefect logs a failed flow or task run, with its traceback, to the console. The records
    still reach the Prefect API (its handler is on the run loggers); only the console copy
    is dropped. `--verbose` skips this and shows everything.
    """
    from prefect.logging.configuration import setup_logging

    setup_logging()
    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler":
            handler.addFilter(_not_a_failure_traceback)


def _not_a_failure_traceback(record: logging.LogRecord) -> bool:
    # Failed-state and exception records of runs: the CLI's own error line says it once.
    return not (
        record.levelno >= logging.ERROR
        and record.name.startswith(("prefect.flow_runs", "prefect.task_runs"))
    )


def _drain_workers() -> None:
    # Logs and events still queued would be sent to a stopped server at exit: send them now.
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    with contextlib.suppress(RuntimeError):
        APILogWorker.drain_all(timeout=5)
    with contextlib.suppress(RuntimeError):
        EventsWorker.drain_all(timeout=5)
