"""Code run in a fresh interpreter, for the flow tests that must not see this process's state:
its Prefect harness (a temporary server of this process, conftest.py), its threads, its
imported modules."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_python(code: str) -> subprocess.CompletedProcess:
    """Run `code` (dedented) with the repository on the path and no PREFECT_API_URL."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    environment.pop("PREFECT_API_URL", None)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=180,
        check=False,
    )
