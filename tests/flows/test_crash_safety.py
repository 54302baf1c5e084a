"""Crash safety and concurrency of `newsledger run` (issue 7).

A run is killed with SIGKILL at five points (tests/flows/kill_points.py). After each kill,
readers see exactly the last committed state; a rerun then gives what one clean run gives:
the same rows, no duplicate keys, and no file left that the manifest does not list. Two runs
against one warehouse at once: the second is refused, naming the first, and the warehouse
stays whole.

The runs under test are real `newsledger run` processes (processes=1), sharing the test
session's Prefect API so that none starts its own server; reruns and the reference run in
this process, where spaCy is loaded once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import run_ingest
from flows.settings import Settings
from schemas import TABLES
from tests.conftest import CORPUS, REPO, SEED, shared_or_skip
from tests.flows.kill_points import KILL_POINTS
from tests.flows.test_scale_out import RUNS_COMPARED, tables
from warehouse.catalog import quote_identifier
from warehouse.store import CATALOG, LOCK, MANIFEST, Manifest, Store

pytestmark = [pytest.mark.crash, pytest.mark.usefixtures("prefect_harness")]

MUC3_LINES = 20
# A process that runs longer than this is stuck, not slow.
RUN_TIMEOUT = 240
# Declared table names only, each checked and quoted.
COUNT_COLUMNS = ", ".join(
    f"(select count(*) from {quote_identifier(name)}) as {name}"  # noqa: S608
    for name in TABLES
)
COUNTS_SQL = f"select {COUNT_COLUMNS}"
N_NEW = RUNS_COMPARED.index("n_articles_new")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    muc3 = shared_or_skip(CORPUS / "muc3" / "muc3-tst1.jsonl")
    head = tmp_path_factory.mktemp("inputs") / "muc3-tst1-head.jsonl"
    lines = muc3.read_text(encoding="utf-8").splitlines(keepends=True)[:MUC3_LINES]
    head.write_text("".join(lines), encoding="utf-8")
    return [str(shared_or_skip(SEED.parent)), str(head)]


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory) -> dict[str, list[tuple]]:
    """The tables of one clean run of the inputs, without run identity."""
    warehouse = str(tmp_path_factory.mktemp("reference") / "wh")
    run_ingest(inputs, Settings(warehouse=warehouse, processes=1))
    return tables(warehouse)


@pytest.fixture(scope="module")
def environment(prefect_harness) -> dict[str, str]:
    """The environment of a `newsledger` process: this session's Prefect API, the tests."""
    from prefect.settings import get_current_settings

    return {
        **os.environ,
        "PREFECT_API_URL": str(get_current_settings().api.url),
        "PYTHONPATH": str(REPO),
    }


def newsledger(
    args: list[str], environment: dict[str, str], cwd: Path, point: str | None = None
) -> subprocess.Popen:
    """Start `newsledger ARGS`, or the same under a kill point of tests/flows/kill_points.py."""
    if point is None:
        command = [str(Path(sys.executable).with_name("newsledger")), *args]
    else:
        command = [sys.executable, "-m", "tests.flows.kill_points", point, *args]
    return subprocess.Popen(
        command,
        env=environment,
        cwd=cwd,  # no newsledger.toml there
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    """Wait for a process; its exit code and stderr. Kills it (and its group) if stuck."""
    try:
        _, stderr = process.communicate(timeout=RUN_TIMEOUT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    return process.returncode, stderr


def counts_seen_by_newsledger_sql(warehouse: str) -> dict[str, int]:
    result = CliRunner().invoke(app, ["sql", COUNTS_SQL, "-w", warehouse, "-f", "json"])
    assert result.exit_code == 0, result.output
    (counts,) = json.loads(result.stdout)
    return counts


def counts_seen_by_catalog(store: Store) -> tuple[int, dict[str, int]]:
    """The generation and counts of the catalog file, as the plain duckdb CLI would read it."""
    with duckdb.connect(store.path(CATALOG), read_only=True) as connection:
        (generation,) = connection.execute("select generation from newsledger_catalog").fetchone()
        row = connection.execute(COUNTS_SQL).fetchone()
    return generation, dict(zip(TABLES, row, strict=True))


def committed_counts(manifest: Manifest) -> dict[str, int]:
    return {name: sum(f.rows for f in manifest.files(name)) for name in TABLES}


def unlisted_files(store: Store) -> list[str]:
    """Files under the root that are neither listed by the manifest nor the root's own."""
    listed = {f.path for files in store.read_manifest().tables.values() for f in files}
    root = Path(store.root)
    found = (path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    return sorted(path for path in found if path not in listed | {MANIFEST, CATALOG, LOCK})


def duplicate_keys(warehouse: str) -> dict[str, int]:
    store = Store(warehouse)
    duplicates = {}
    with duckdb.connect(store.path(CATALOG), read_only=True) as connection:
        for name, schema in TABLES.items():
            key = ", ".join(quote_identifier(column) for column in schema.primary_key)
            (duplicates[name],) = connection.execute(
                f"select count(*) from (select {key} from {quote_identifier(name)} "  # noqa: S608
                f"group by {key} having count(*) > 1)"
            ).fetchone()
    return duplicates


def assert_equals_reference(warehouse: str, reference: dict, extra_runs: int = 0) -> None:
    """The warehouse holds the reference's rows, once each, and nothing unlisted.

    `extra_runs`: runs that found nothing new (after a committed run) add an audit row each.
    """
    actual = tables(warehouse)
    for name in TABLES:
        if name == "runs":
            assert [row for row in actual[name] if row[N_NEW]] == reference[name]
            assert len(actual[name]) == len(reference[name]) + extra_runs
        elif name == "checks":  # the same checks, passed, for each committed run
            assert actual[name] == reference[name] * len(actual["runs"])
        else:
            assert actual[name] == reference[name], name
    assert set(duplicate_keys(warehouse).values()) == {0}
    store = Store(warehouse)
    assert counts_seen_by_catalog(store) == (
        store.read_manifest().generation,
        committed_counts(store.read_manifest()),
    )
    assert unlisted_files(store) == []


# What each kill leaves on disk beside the committed state: proof the kill hit its point.
LEFTOVERS = {
    "while_reading": lambda found: found == [],
    "during_nlp": lambda found: found == [],
    # Two tables are written side by side (`warehouse.writer.WRITE_THREADS`): when the third
    # part dies, the other thread's part may still be under its temporary name, so one or
    # two of the three are in place.
    "while_writing_parts": lambda found: (
        sum(Path(path).name.startswith("part-") for path in found) >= 1
        and 1 <= sum(path.endswith(".tmp") for path in found) <= 2
    ),
    "before_manifest_replace": lambda found: (
        any(path.startswith(".manifest.json.") for path in found)
        and any(Path(path).name.startswith("part-") for path in found)
    ),
    "after_manifest_replace": lambda found: any(path.startswith(".catalog-") for path in found),
}


@dataclass(frozen=True)
class StartedRun:
    folder: Path
    process: subprocess.Popen

    @property
    def warehouse(self) -> str:
        return str(self.folder / "wh")


@pytest.fixture(scope="module")
def started_runs(inputs, environment, tmp_path_factory) -> Iterator[dict[str, StartedRun]]:
    """The runs under test, one per point, all started at once since they are independent:
    kill points, and a first run that pauses in its extraction holding the lock. Tests ask for
    it before `reference`, which is then computed while these run."""
    started = {}
    for point in [*KILL_POINTS, "pause_extraction"]:
        folder = tmp_path_factory.mktemp(point)
        run = ["run", *inputs, "-w", str(folder / "wh"), "--processes", "1"]
        hook = f"{point}={folder}" if point == "pause_extraction" else point
        started[point] = StartedRun(folder, newsledger(run, environment, folder, hook))
    yield started
    for run in started.values():
        if run.process.poll() is None:  # a test failed before waiting for it
            os.killpg(run.process.pid, signal.SIGKILL)
            run.process.communicate()


@pytest.mark.parametrize("point", KILL_POINTS)
def test_killed_run_leaves_the_committed_state_and_a_rerun_completes_it(
    point, started_runs, reference, inputs
):
    warehouse = started_runs[point].warehouse

    code, stderr = finish(started_runs[point].process)

    assert code == -signal.SIGKILL, stderr
    assert f"kill_points: SIGKILL {point}" in stderr
    store = Store(warehouse)
    committed = store.read_manifest()
    found = unlisted_files(store)
    assert LEFTOVERS[point](found), found
    # Readers see the last commit: the empty warehouse, or the whole run once its manifest
    # is in place, never a part of it.
    committed_whole = point == "after_manifest_replace"
    assert committed.generation == (2 if committed_whole else 1)
    expected = committed_counts(committed)
    assert counts_seen_by_newsledger_sql(warehouse) == expected
    assert (sum(expected.values()) > 0) == committed_whole
    # The catalog file is rebuilt after the commit: a kill in between leaves it one
    # generation behind (newsledger sql notices and builds its views afresh).
    generation, catalog_counts = counts_seen_by_catalog(store)
    if committed_whole:
        assert (generation, set(catalog_counts.values())) == (1, {0})
    else:
        assert (generation, catalog_counts) == (1, expected)

    rerun = run_ingest(inputs, Settings(warehouse=warehouse, processes=1))

    assert rerun.n_articles_new == (0 if committed_whole else len(reference["articles"]))
    assert_equals_reference(warehouse, reference, extra_runs=int(committed_whole))


def test_second_run_is_refused_while_the_first_holds_the_lock(
    started_runs, reference, inputs, environment
):
    paused = started_runs["pause_extraction"]
    folder, first, warehouse = paused.folder, paused.process, paused.warehouse
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while not (folder / "paused").exists():
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first run never reached its extraction"
            time.sleep(0.1)
        run = ["run", *inputs, "-w", warehouse, "--processes", "1"]

        code, stderr = finish(newsledger(run, environment, folder))

        assert code == 1, stderr
        assert "Traceback" not in stderr
        # Rich wraps at 80 columns when stderr is not a terminal: compare unwrapped.
        message = " ".join(stderr.split())
        assert message.startswith(f"error: warehouse {warehouse} is locked by a running newsledger")
        assert f"(pid {first.pid} since " in message
        assert "hint: wait for that run to finish, then run again" in message
        assert counts_seen_by_newsledger_sql(warehouse) == dict.fromkeys(TABLES, 0)
    finally:
        (folder / "release").touch()
        code, stderr = finish(first)
    assert code == 0, stderr
    assert_equals_reference(warehouse, reference)

    again = run_ingest(inputs, Settings(warehouse=warehouse, processes=1))

    # The committed run's input files are recognized by their bytes and not parsed again.
    assert (again.n_files_unchanged, again.n_articles_new) == (again.n_files, 0)
    assert_equals_reference(warehouse, reference, extra_runs=1)
