"""`newsledger compact`: prints the report, is a no-op the second time, fails with one line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import run_ingest
from flows.settings import Settings
from schemas import TABLES
from tests.conftest import REPO
from tests.warehouse.test_compact import build_warehouse
from warehouse.catalog import connect, view_sql_files
from warehouse.store import Store
from warehouse.writer import open_for_write

SAMPLE = REPO / "examples" / "sample-corpus"


def test_cli_compact_reports_then_has_nothing_to_do(tmp_path):
    store = build_warehouse(tmp_path / "wh", runs=2)
    generation = store.read_manifest().generation
    runner = CliRunner()

    result = runner.invoke(app, ["compact", "--warehouse", store.root])

    assert result.exit_code == 0, result.output
    assert f"generation {generation} -> {generation + 1}" in result.stdout
    assert "articles" in result.stdout and "7 -> 4" in result.stdout  # schema file + 3 months
    assert Store(store.root).read_manifest().generation == generation + 1

    again = runner.invoke(app, ["compact", "-w", store.root])

    assert again.exit_code == 0, again.output
    assert "nothing to compact" in again.stdout
    assert Store(store.root).read_manifest().generation == generation + 1


def test_cli_compact_takes_the_warehouse_from_the_environment(tmp_path):
    store = build_warehouse(tmp_path / "wh", runs=2)
    result = CliRunner().invoke(app, ["compact"], env={"NEWSLEDGER_WAREHOUSE": store.root})
    assert result.exit_code == 0, result.output
    assert "compacted" in result.stdout


def test_cli_compact_errors_are_one_line_with_a_hint(tmp_path):
    result = CliRunner().invoke(app, ["compact", "--warehouse", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "error: no warehouse at" in result.stderr
    assert "hint:" in result.stderr

    store = build_warehouse(tmp_path / "wh", runs=1)
    with open_for_write(store):
        locked = CliRunner().invoke(app, ["compact", "--warehouse", store.root])
    assert locked.exit_code == 1
    assert "locked" in locked.stderr and "hint: wait" in locked.stderr
    assert "Traceback" not in locked.output


# Columns left out of the comparison per view; none: every view breaks ties deterministically.
ORDER_DEPENDENT: dict[str, set[str]] = {}


def everything(warehouse: str) -> dict[str, list]:
    """Every table and analytic view, as sorted rows (order-dependent columns left out)."""
    store = Store(warehouse)
    names = [*TABLES, *(name for name, _ in view_sql_files() if name != "latest_estimates")]
    result = {}
    with connect(store, store.read_manifest()) as connection:
        for name in names:
            cursor = connection.execute(f"select * from {name}")  # noqa: S608 - declared names
            columns = [item[0] for item in cursor.description]
            keep = [i for i, c in enumerate(columns) if c not in ORDER_DEPENDENT.get(name, ())]
            rows = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
            result[name] = ([columns[i] for i in keep], sorted(rows, key=repr))
        result["latest_estimates"] = connection.execute(
            "select * from latest_estimates('Velmoran soldiers', 'killed', '2024-07-31')"
        ).fetchall()
    return result


@pytest.mark.usefixtures("prefect_harness")
def test_sample_corpus_in_several_runs_compacts_to_the_same_answers(tmp_path):
    warehouse = str(tmp_path / "wh")
    settings = Settings(warehouse=warehouse, processes=1)
    for folder in ("broken", "feeds", "html", "json", "txt"):  # five small runs
        run_ingest([str(SAMPLE / folder)], settings)
    before = everything(warehouse)
    files_before = Store(warehouse).read_manifest()

    result = CliRunner().invoke(app, ["compact", "--warehouse", warehouse])

    assert result.exit_code == 0, result.output
    assert everything(warehouse) == before
    assert before["claims_timeline"][1] and before["latest_estimates"]
    files_after = Store(warehouse).read_manifest()
    count = sum(len(files) for files in files_before.tables.values())
    assert sum(len(files) for files in files_after.tables.values()) < count
