"""Shared fixtures: paths to the real corpora beside the repository and to small test cases.

Under CI (the `CI` environment variable set, as `.ci/run` does) nothing may skip: CI has
../shared, Chromium and every dependency, so a test that skips there is a test that did not
run. On a developer machine without ../shared those tests skip, saying what is missing.
"""

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

# Markers given by the fixture that makes a test heavy, so a new test using it is marked too.
MARKERS_BY_FIXTURE = {"s3": "s3", "gate_run": "gate"}


def under_ci() -> bool:
    """Whether this run is CI's, where a missing ../shared or browser is a failure."""
    return bool(os.environ.get("CI"))


def shared_or_skip(path: Path) -> Path:
    """A path under ../shared; when it is absent, skip the test, or fail it under CI."""
    if not path.exists():
        if under_ci():
            pytest.fail(f"shared data not available: {path} (CI is set, and CI has ../shared)")
        pytest.skip(f"shared data not available: {path}")
    return path


def query(warehouse: str, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a read-only query against a warehouse's committed state."""
    from warehouse.catalog import connect
    from warehouse.store import Store

    store = Store(warehouse)
    with connect(store, store.read_manifest()) as connection:
        return connection.execute(sql, params or []).fetchall()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by the heavy fixtures it uses, before `-m` selects (hence tryfirst)."""
    for item in items:
        for fixture in MARKERS_BY_FIXTURE.keys() & set(item.fixturenames):
            item.add_marker(MARKERS_BY_FIXTURE[fixture])


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The reason a skip report gives (its longrepr is (path, line, "Skipped: reason"))."""
    if isinstance(report.longrepr, tuple):
        return report.longrepr[2].removeprefix("Skipped: ")
    return str(report.longrepr)


def _fail_skip_under_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    """Turn a skip into a failure when running under CI; an expected failure stays one."""
    if report.skipped and not hasattr(report, "wasxfail") and under_ci():
        reason = _skip_reason(report)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where nothing may skip: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    """A test's setup, call or teardown report; a skip fails under CI."""
    report = yield
    _fail_skip_under_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> pytest.CollectReport:
    """A module's collection report; a skip (a module-level importorskip) fails under CI."""
    report = yield
    _fail_skip_under_ci(report)
    return report
