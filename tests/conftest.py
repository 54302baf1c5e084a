"""Shared fixtures: paths to the real corpora beside the repository and to small test cases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Prefect must not try to send telemetry from tests either.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "cases"
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "nk-casualties-2025-01-13.txt"
CORPUS = SHARED / "corpus"


def shared_or_skip(path: Path) -> Path:
    """A path under ../shared, or skip the test when the shared data is not beside the repo."""
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


def query(warehouse: str, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a read-only query against a warehouse's committed state."""
    from warehouse.catalog import connect
    from warehouse.store import Store

    store = Store(warehouse)
    with connect(store, store.read_manifest()) as connection:
        return connection.execute(sql, params or []).fetchall()
