"""Prefect around a run: quiet defaults, and one API server every worker process shares."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from schemas.errors import RunError

# Prefect's temporary server reports telemetry by default, which fails noisily offline.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    "PREFECT_UI_ENABLED": "false",
    # Prefect's default (20 s) is too short for its server to start on a busy 2-core machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}
# The app Prefect's temporary server serves (what `SubprocessASGIServer` runs under uvicorn).
SERVER_APP = "prefect.server.api.server:create_app"
# Requests to the server on loopback, never through a proxy the environment names.
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def apply_prefect_defaults() -> None:
    """Set newsledger's Prefect defaults the user has not set; call before importing prefect."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)


@contextlib.contextmanager
def prefect_api(meanwhile: Callable[[bool], None] | None = None) -> Iterator[str | None]:
    """Use the user's Prefect API if one is configured, else a temporary local server.

    Prefect would start a temporary server per process; worker processes inherit this one's
    URL instead, so a run is one flow run on one server and starts no extra servers.
    `meanwhile(True)` runs while a temporary server starts (seconds this process would spend
    waiting); `meanwhile(False)` runs at once when the user's API is used.
    """
    from prefect.context import refresh_global_settings_context
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        get_current_settings,
        temporary_settings,
    )

    configured = get_current_settings().api.url
    if configured:
        if meanwhile is not None:
            meanwhile(False)
        yield configured
        return
    previous = os.environ.get("PREFECT_API_URL")
    with temporary_server(meanwhile=lambda: meanwhile(True) if meanwhile else None) as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        # Threads Prefect starts (its event and log workers, the process pool's forwarder)
        # read the process-wide settings, not this thread's: made from the environment again,
        # they name this server, and no thread starts a temporary server of its own.
        refresh_global_settings_context()
        try:
            # No flow-run heartbeats: they tell a lasting server that a run's process died,
            # and this server dies with it. Their thread sleeps in whole seconds, and the end
            # of the flow run waited up to one for it to wake and stop (0.5 s on average).
            with temporary_settings(
                {PREFECT_API_URL: api_url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
            ):
                try:
                    yield api_url
                finally:
                    _drain_workers()  # a failed run's logs too, before the server stops
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous
            refresh_global_settings_context()


@dataclass(frozen=True, slots=True)
class ServerLaunch:
    """A temporary server's process, its API URL, and the file its errors go to."""

    process: subprocess.Popen
    url: str
    errors: IO[bytes]


# A server launched ahead of its run (`server_launched_early`), until a run adopts it.
_early: list[ServerLaunch] = []


@contextlib.contextmanager
def server_launched_early() -> Iterator[None]:
    """Launch Prefect's temporary server at once when no API is configured, for the block's
    run to adopt (`temporary_server`): it starts while this process imports and loads what the
    run needs, on the core those single-threaded seconds leave free: the server answered
    about 3 s sooner on the bench corpus (docs/benchmarks.md, session 18). A server no run
    adopted is stopped at the end of the block."""
    apply_prefect_defaults()
    from prefect.settings import get_current_settings

    if get_current_settings().api.url:
        yield
        return
    launch = _launch()
    _early.append(launch)
    try:
        yield
    finally:
        if launch in _early:
            _early.remove(launch)
            _stop(launch)


@contextlib.contextmanager
def temporary_server(meanwhile: Callable[[], None] | None = None) -> Iterator[str]:
    """Prefect's temporary API server, on a free loopback port, for the block; its URL.

    The server Prefect itself starts when no API is configured (`SubprocessASGIServer`: the
    same command and environment), started without importing Prefect's server package in this
    process (about 3.5 s of CPU, at a run's start, when the server and the workers load too).
    A server launched early (`server_launched_early`) is adopted rather than a second one
    started. `meanwhile()` runs once the server's process is launched, before waiting for it
    to answer.
    """
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    launch = _early.pop() if _early else _launch()
    try:
        if meanwhile is not None:
            meanwhile()
        timeout = PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
        _wait_until_healthy(launch, timeout)
        yield launch.url
    finally:
        _stop(launch)


def _launch() -> ServerLaunch:
    """Start the temporary server's process (not waiting for it to answer)."""
    from prefect.settings import get_current_settings

    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    environment = {
        **os.environ,
        # What Prefect's temporary server runs with: no UI, the ephemeral server's mode.
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        **get_current_settings().to_environment_variables(exclude_unset=True),
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", SERVER_APP, "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "error", "--lifespan", "on"]
    # Its errors go to a file, not a pipe: a pipe nobody reads would stall the server once
    # full; the file says why it failed to start, when it does.
    errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed when the server stops: _stop)
    try:
        process = subprocess.Popen(command, env=environment, stderr=errors)
    except BaseException:
        errors.close()
        raise
    return ServerLaunch(process, url, errors)


def _stop(launch: ServerLaunch) -> None:
    process = launch.process
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    finally:
        launch.errors.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(launch: ServerLaunch, timeout: float) -> None:
    server, url = launch.process, launch.url
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            launch.errors.seek(0)
            stderr = launch.errors.read().decode(errors="replace")
            raise RunError(
                f"Prefect's temporary server exited at start (code {server.returncode})",
                hint=stderr.strip()[-500:] or "set PREFECT_API_URL to a running Prefect server",
            )
        try:
            with LOOPBACK.open(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RunError(
                f"Prefect's temporary server did not answer within {timeout:.0f} s",
                hint="raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or set "
                "PREFECT_API_URL to a running Prefect server",
            )
        time.sleep(0.1)


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
