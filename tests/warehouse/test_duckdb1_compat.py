"""The `.duckdb` files newsledger writes open in DuckDB 1.x as well as in the 2.x it uses.

The warehouse catalog and a release's database are written in `catalog.STORAGE_VERSION`. The
1.x reader is the DuckDB 1.5 CLI of the `duckdb-cli` wheel (a dev dependency); it opens each
file read-only from another working directory and runs every view and table macro the
catalog declares, beside the same queries in the Python duckdb 2.x.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import stat
import subprocess
from pathlib import Path

import duckdb
import pytest

from schemas import TABLES, table_schema
from schemas.table import rows_to_table
from warehouse.catalog import view_sql_files
from warehouse.checks import CheckResult, check_rows
from warehouse.snapshots import DATABASE, publish, verify, warehouse_provenance
from warehouse.store import CATALOG, Store
from warehouse.writer import RunWriter, open_for_write

NOW = dt.datetime(2025, 1, 13, tzinfo=dt.UTC)
TEXT = (
    "The health office said 14 people were killed in Port Selka. About 200 families fled the town."
)
# Sample arguments for each table macro of warehouse/views: a new macro needs its own here.
MACRO_ARGUMENTS = {"latest_estimates": "('people', 'killed', DATE '2025-12-31')"}
_MACRO = re.compile(r"create\s+or\s+replace\s+macro\s+(\w+)\s*\(.*?\)\s+as\s+table", re.I | re.S)


def duckdb1() -> str:
    """The DuckDB 1.x CLI shipped by the `duckdb-cli` wheel, made executable if it is not."""
    spec = importlib.util.find_spec("duckdb_cli")
    assert spec is not None and spec.origin, "duckdb-cli is a dev dependency: make install"
    binary = Path(spec.origin).with_name("duckdb")
    if not os.access(binary, os.X_OK):
        binary.chmod(binary.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(binary)


def run_duckdb1(database: Path, sql: str, cwd: Path) -> list[list[str]]:
    """CSV rows (no header) of `sql` in the 1.x CLI, the file opened read-only; any error fails."""
    result = subprocess.run(
        [duckdb1(), "-readonly", "-csv", "-noheader", str(database), "-c", sql],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and not result.stderr, (
        f"DuckDB 1.x could not read {database.name}: {result.stderr.strip()}"
    )
    return [line.split(",") for line in result.stdout.splitlines()]


def declared_relations() -> tuple[list[str], dict[str, str]]:
    """Every view (one per table, one per analytic view file) and every table macro."""
    views = list(TABLES)
    macros = {}
    for name, sql in view_sql_files():
        found = _MACRO.search(sql)
        if found:
            assert found.group(1) in MACRO_ARGUMENTS, f"give sample arguments for {found[1]}"
            macros[found.group(1)] = MACRO_ARGUMENTS[found.group(1)]
        else:
            views.append(name)
    return views, macros


def counts_sql() -> str:
    """One statement: the row count of every view and of every macro on sample arguments."""
    views, macros = declared_relations()
    parts = [f"select '{name}' as name, count(*) as n from {name}" for name in views]  # noqa: S608
    parts += [
        f"select '{name}' as name, count(*) as n from {name}{arguments}"  # noqa: S608
        for name, arguments in macros.items()
    ]
    return " union all ".join(parts) + " order by name;"


def counts_in_both(database: Path, elsewhere: Path) -> dict[str, int]:
    """The counts in DuckDB 1.x (CLI) and 2.x (Python), which must agree."""
    sql = counts_sql()
    old = {name: int(n) for name, n in run_duckdb1(database, sql, elsewhere)}
    with duckdb.connect(str(database), read_only=True) as connection:
        new = dict(connection.execute(sql).fetchall())
    assert old == new
    return new


def _row(table: str, **values) -> dict:
    """A row of `table` with a placeholder in every required column not given."""
    placeholders = {"string": "x", "int32": 0, "int64": 0, "double": 0.0, "bool": False}
    row: dict = {}
    for field in table_schema(table).arrow_schema:
        kind = str(field.type)
        if field.nullable:
            row[field.name] = None
        else:
            row[field.name] = NOW if kind.startswith("timestamp") else placeholders[kind]
    return row | values


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Store:
    """A small warehouse: one article, a claim and two quantities (no NLP needed)."""
    store = Store(str(tmp_path_factory.mktemp("compat") / "wh"))
    sentence = TEXT.split(". ")[0] + "."
    common = {"article_id": "a1", "published_month": "2025-01", "run_id": "r1"}
    rows = {
        "articles": [
            _row(
                "articles",
                **common,
                title="Shelling in Port Selka",
                text=TEXT,
                published_date=dt.date(2025, 1, 12),
                source="Harbor Wire",
                url="https://example.org/port-selka",
                format="text",
            )
        ],
        "claims": [
            _row(
                "claims",
                **common,
                category="killed",
                value=14.0,
                qualifier="exact",
                subject_text="people",
                claimant_text="The health office",
                sentence=sentence,
                sentence_index=0,
                start_char=TEXT.index("14"),
                end_char=TEXT.index("14") + 2,
            )
        ],
        "quantities": [
            _row(
                "quantities",
                **common,
                text=words,
                value=value,
                qualifier="exact",
                kind="count",
                start_char=TEXT.index(words),
                end_char=TEXT.index(words) + len(words),
                sentence_index=index,
            )
            for words, value, index in (("14 people", 14.0, 0), ("About 200 families", 200.0, 1))
        ],
    }
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        for table, table_rows in rows.items():
            writer.add(table, rows_to_table(table_schema(table), table_rows))
        # As a run commits (`RunContext.check_and_commit`): the catalog is built beside the
        # checks, whose rows are added meanwhile and relisted in it.
        with writer.catalog_beside() as catalog:
            result = CheckResult("claims", "a_check", "a check", 0, [], 0.1, NOW)
            writer.add("checks", check_rows([result], "r1"))
            writer.commit(catalog)
    return store


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_warehouse_catalog_opens_in_duckdb_1_and_2(warehouse, elsewhere):
    counts = counts_in_both(Path(warehouse.path(CATALOG)), elsewhere)
    assert counts["claims"] == 1 and counts["quantity_timeline"] == 2
    assert counts["latest_estimates"] == 1
    assert counts["checks"] == 1  # the view relisted in the catalog built beside the checks


@pytest.mark.parametrize("include_text", [False, True], ids=["text-less", "with bodies"])
def test_a_release_database_opens_in_duckdb_1_and_2(warehouse, elsewhere, include_text):
    target = elsewhere.parent / "releases"
    manifest = warehouse.read_manifest()
    release = publish(
        warehouse,
        manifest,
        str(target),
        "1.0.0",
        license_id="CC-BY-4.0" if include_text else None,
        provenance=warehouse_provenance(warehouse, manifest, "test"),
        accuracy={},
        include_text=include_text,
    )
    assert verify(release.location) == []
    database = Path(release.location) / DATABASE
    counts = counts_in_both(database, elsewhere)
    assert counts["articles"] == 1 and counts["quantity_timeline"] == 2
    # The context view works with and without the bodies: the text around each figure, or
    # the sentence a claim quotes, else the figure's own words.
    sql = "select context from quantity_timeline order by start_char"
    contexts = [row[0] for row in run_duckdb1(database, sql, elsewhere)]
    if include_text:
        assert all(context in TEXT for context in contexts)
    else:
        assert [context.strip('"') for context in contexts] == [
            TEXT.split(". ")[0] + ".",
            "About 200 families",
        ]


def test_a_file_in_the_2x_storage_format_fails_the_1x_check(tmp_path, elsewhere):
    """The check above can fail: DuckDB 2.x's own format is refused by the 1.x reader."""
    database = tmp_path / "default.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create table t as select 1 as x")
    with pytest.raises(AssertionError, match="version number"):
        run_duckdb1(database, "select count(*) from t", elsewhere)
