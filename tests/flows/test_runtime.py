"""Prefect around a run: the temporary API server a run starts when none is configured.

Each case runs in a fresh interpreter: the flow tests' own Prefect harness (conftest.py) is a
temporary server of this process, and the code under test must not find it.
"""

from __future__ import annotations

from tests.conftest import SEED, shared_or_skip
from tests.flows.fresh_python import run_python


def test_a_run_without_an_api_starts_one_server_every_thread_sees_and_stops_it():
    completed = run_python(
        """
        import os, sys, threading, urllib.request
        from flows.runtime import LOOPBACK, apply_prefect_defaults
        apply_prefect_defaults()
        from flows.runtime import prefect_api
        from prefect.settings import get_current_settings

        def in_a_thread():
            seen = []
            thread = threading.Thread(target=lambda: seen.append(get_current_settings().api.url))
            thread.start()
            thread.join()
            return seen[0]

        calls = []
        with prefect_api(meanwhile=calls.append) as url:
            # Run while the temporary server started, before the block.
            assert calls == [True], calls
            assert url == os.environ["PREFECT_API_URL"], url
            assert get_current_settings().api.url == url
            # No flow-run heartbeats for a server that dies with the run.
            assert get_current_settings().flows.heartbeat_frequency is None
            # Prefect's own threads read the process-wide settings: they find this server.
            assert in_a_thread() == url
            with LOOPBACK.open(url + "/health", timeout=5) as response:
                assert response.status == 200
            # A second entry (a nested command) finds the same server.
            with prefect_api(meanwhile=calls.append) as again:
                assert again == url
                assert calls == [True, False], calls  # a configured API: at once
        # After the run, Prefect's default again (a lasting server watches for heartbeats).
        assert get_current_settings().flows.heartbeat_frequency == 180
        try:
            LOOPBACK.open(url + "/health", timeout=5)
            raise SystemExit("the server outlived the run")
        except OSError:
            pass
        assert "PREFECT_API_URL" not in os.environ
        assert in_a_thread() is None
        # Prefect starts a server of its own only through its server package.
        assert "prefect.server.api.server" not in sys.modules
        print("ok")
        """
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip().endswith("ok")


def test_a_process_pool_run_starts_no_server_of_prefects_own(tmp_path):
    seed, warehouse = str(shared_or_skip(SEED)), str(tmp_path / "wh")
    completed = run_python(
        f"""
        import sys
        from flows.runtime import apply_prefect_defaults
        apply_prefect_defaults()
        from flows.ingest import run_ingest
        from flows.settings import Settings

        from flows.task_runners import worker_start_method

        # The CLI's way: no thread but the main one yet, so the workers are forked.
        assert worker_start_method() == "fork"
        summary = run_ingest([{seed!r}], Settings(warehouse={warehouse!r}, processes=2))
        assert summary.n_articles_new == 1 and summary.rows_added["claims"] > 0, summary
        assert "prefect.server.api.server" not in sys.modules
        # The forked workers extracted what the flow's own process extracts.
        local = run_ingest([{seed!r}], Settings(warehouse={warehouse!r} + "-1", processes=1))
        assert local.rows_added == summary.rows_added, (local.rows_added, summary.rows_added)
        print("ok")
        """
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip().endswith("ok")


def test_a_server_that_cannot_start_is_a_clear_error():
    completed = run_python(
        """
        import flows.runtime as runtime
        runtime.apply_prefect_defaults()
        from schemas.errors import RunError

        runtime.SERVER_APP = "no_such_module:create_app"
        try:
            with runtime.prefect_api():
                raise SystemExit("started")
        except RunError as error:
            assert "exited at start" in str(error), error
            assert "no_such_module" in error.hint, error.hint
            print("ok")
        """
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip().endswith("ok")


def test_a_server_launched_early_is_the_one_a_run_uses_and_is_stopped_when_unused():
    completed = run_python(
        """
        import subprocess
        import flows.runtime as runtime
        runtime.apply_prefect_defaults()
        from prefect.settings import PREFECT_API_URL, temporary_settings

        launched = []
        popen = subprocess.Popen

        def recording(command, *args, **kwargs):
            process = popen(command, *args, **kwargs)
            if "uvicorn" in command:
                launched.append(process)
            return process

        subprocess.Popen = recording
        # A configured API: nothing is launched.
        with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:9/api"}):
            with runtime.server_launched_early():
                assert launched == [], launched
        # No run adopts it: stopped at the end of the block.
        with runtime.server_launched_early():
            assert len(launched) == 1 and launched[0].poll() is None
        assert launched[0].poll() is not None, "the unused server outlived the block"
        # A run adopts it: its API is that server's, and no second server starts.
        with runtime.server_launched_early():
            with runtime.prefect_api() as url:
                assert len(launched) == 2, launched
                port = launched[1].args[launched[1].args.index("--port") + 1]
                assert url == f"http://127.0.0.1:{port}/api", (url, port)
            assert launched[1].poll() is not None, "the server outlived the run"
        print("ok")
        """
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip().endswith("ok")
