"""`newsledger sql` reads the warehouse (or a release) and nothing else, tried from the outside.

Every case runs against a small warehouse and a release of it, each local and on the moto S3
server (`s3` marker). Locally each case runs the command itself: a refused query exits 1 with one
line that says the query surface is read-only and sandboxed, and nothing is written (no file
outside, no byte of the warehouse or release changed, nothing left in the temporary folder or the
working directory). On S3, opening the views costs about 2 s (some 190 requests to moto), so the
cases share one sandbox per place, opened as the command opens it, and the command runs once per
place (every view and macro).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.settings import Settings, resolve
from schemas.errors import RunError
from tests.warehouse.test_duckdb1_compat import counts_sql, declared_relations, warehouse
from tests.warehouse.test_object_store import BUCKET, s3
from warehouse.sandbox import (
    REFUSED,
    TEMPORARY_PREFIX,
    Limits,
    QueryRefused,
    Sandbox,
    snapshot_sandbox,
    warehouse_sandbox,
)
from warehouse.snapshots import publish, warehouse_provenance
from warehouse.store import Store

# Fixtures shared with other modules: the small warehouse of the DuckDB 1.x checks, the S3 server.
__all__ = ["s3", "warehouse"]

ROOT = Path(__file__).resolve().parents[2]
SECRET = b"name,password\nadmin,hunter2\n"

# Each refused query, `{outside}` a folder (or bucket prefix) beside the warehouse that holds
# `secret.csv` and `other.parquet`, `{own}` one of the warehouse's (release's) Parquet files.
REFUSALS = {
    "copy-to-outside": "copy (select 1 as x) to '{outside}/out.csv'",
    "copy-over-own-parquet": "copy (select 1 as x) to '{own}'",
    "export-database": "export database '{outside}/export'",
    "attach-file": "attach '{outside}/other.duckdb' as other",
    "attach-memory": "attach ':memory:' as scratch",
    "install-extension": "install httpfs",
    "load-extension": "load httpfs",
    "set-setting": "set enable_external_access = true",
    "set-memory": "set memory_limit = '64GB'",
    "reset-lock": "reset lock_configuration",
    "read-text-passwd": "select * from read_text('/etc/passwd')",
    "read-csv-outside": "select * from read_csv('{outside}/secret.csv')",
    "read-parquet-outside": "select * from read_parquet('{outside}/other.parquet')",
    "glob-outside": "select * from glob('{outside}/*')",
    "glob-own-folder": "select * from glob('{own_folder}/*')",
    "temp-table": "create temp table scratch as select 1 as x",
    "temp-view": "create temp view scratch as select 1 as x",
    "pragma-setting": "pragma memory_limit = '64GB'",
    "pragma-profiling": "pragma enable_profiling",
    "pragma-threads": "pragma threads = 1",
    "call-enable-logging": "call enable_logging()",
    "select-then-temp-table": "select 1; create temp table scratch as select 1 as x",
    "select-then-copy": "select 1; copy (select 1 as x) to '{outside}/multi.csv'",
    "drop-view": "drop view claims_timeline",
}


@dataclass(frozen=True)
class Place:
    """A warehouse or release to query, and where a refused query might have written."""

    name: str
    arguments: list[str]  # how `sql` names it
    root: str  # its folder or bucket prefix (URL)
    own: str  # one of its Parquet files, by path
    outside: str  # a folder or prefix beside it


@pytest.fixture(scope="module")
def local_places(warehouse, tmp_path_factory) -> dict[str, Place]:
    """The warehouse, and a release of it, with an outside folder holding two readable files."""
    folder = tmp_path_factory.mktemp("sandbox")
    outside = folder / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_bytes(SECRET)
    own = warehouse.path(_first_parquet(warehouse))
    (outside / "other.parquet").write_bytes(Path(own).read_bytes())
    manifest = warehouse.read_manifest()
    release = publish(
        warehouse,
        manifest,
        str(folder / "releases"),
        "1.0.0",
        license_id=None,
        provenance=warehouse_provenance(warehouse, manifest, "test"),
        accuracy={},
    )
    return {
        "warehouse": Place("warehouse", ["-w", warehouse.root], warehouse.root, own, str(outside)),
        "release": Place(
            "release",
            ["--snapshot", release.location],
            release.location,
            f"{release.location}/data/claims.parquet",
            str(outside),
        ),
    }


@pytest.fixture(scope="module")
def s3_places(s3, local_places) -> dict[str, Place]:
    """The same warehouse and release copied under a bucket prefix, with an outside prefix."""
    base = f"{BUCKET}/sandbox"
    places = {}
    for name, local in local_places.items():
        s3.put(local.root, f"{base}/{name}", recursive=True)
        own = f"{base}/{name}/{os.path.relpath(local.own, local.root)}"
        url = f"s3://{base}/{name}"
        places[f"s3-{name}"] = Place(
            f"s3-{name}", [local.arguments[0], url], url, f"s3://{own}", f"s3://{base}/outside"
        )
    s3.put(f"{local_places['warehouse'].outside}/", f"{base}/outside", recursive=True)
    return places


def _first_parquet(store: Store) -> str:
    # The first file of a table may be its empty schema file.
    return next(f.path for f in store.read_manifest().files("claims") if f.rows)


@pytest.fixture(scope="module")
def s3_sandboxes(s3_places) -> Iterator[dict[str, Sandbox]]:
    """One sandbox per place on S3, opened as `newsledger sql` opens it, shared by the cases."""
    defaults = Settings()
    limits = Limits(defaults.sql_memory_limit, defaults.sql_temp_directory_limit)
    warehouse_store = Store(s3_places["s3-warehouse"].root)
    sandboxes = {
        "s3-warehouse": warehouse_sandbox(warehouse_store, warehouse_store.read_manifest(), limits),
        "s3-release": snapshot_sandbox(s3_places["s3-release"].root, limits),
    }
    yield sandboxes
    for sandbox in sandboxes.values():
        sandbox.close()


@pytest.fixture(params=["warehouse", "release"])
def place(request, local_places) -> Place:
    return local_places[request.param]


@pytest.fixture(params=["s3-warehouse", "s3-release"])
def s3_place(request, s3_places) -> Place:
    return s3_places[request.param]


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """An empty working directory and temporary folder for the command (checked after)."""
    monkeypatch.chdir(tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    return tmp_path


def snapshot_of(root: str) -> dict[str, str]:
    """Every file under a folder or bucket prefix, with a hash of its bytes."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(root)
    fs.invalidate_cache()
    return {
        name: hashlib.sha256(fs.cat_file(name)).hexdigest()
        for name in fs.find(path)
        if fs.isfile(name)
    }


def run_sql(place: Place, sql: str, *options: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["sql", *place.arguments, *options, sql])
    return result.exit_code, result.stdout, result.stderr


def fill(sql: str, place: Place) -> str:
    return sql.format(outside=place.outside, own=place.own, own_folder=place.own.rsplit("/", 1)[0])


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_each_refusal_exits_1_with_one_line_and_writes_nothing(place, scratch, case):
    before = {root: snapshot_of(root) for root in (place.root, place.outside, str(scratch))}
    code, stdout, stderr = run_sql(place, fill(REFUSALS[case], place))
    assert code == 1, stdout
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and REFUSED in lines[0], stderr
    assert stdout == ""
    after = {root: snapshot_of(root) for root in before}
    assert after == before
    assert os.listdir(scratch / "tmp") == []


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_each_refusal_on_s3_is_refused_and_writes_nothing(s3_place, s3_sandboxes, case):
    sandbox = s3_sandboxes[s3_place.name]
    roots = (s3_place.root, s3_place.outside, sandbox.temp_directory)
    before = {root: snapshot_of(root) for root in roots}
    with pytest.raises(QueryRefused) as refused:
        sandbox.query(fill(REFUSALS[case], s3_place))
    assert len(str(refused.value).splitlines()) == 1
    assert {root: snapshot_of(root) for root in roots} == before


def test_a_parquet_file_of_its_own_on_s3_is_read_by_path(s3_place, s3_sandboxes):
    sandbox = s3_sandboxes[s3_place.name]
    result = sandbox.query(f"select count(*) as n from read_parquet('{s3_place.own}')")  # noqa: S608
    assert result.rows == [(1,)]


@pytest.mark.parametrize("where", ["local", pytest.param("s3", marks=pytest.mark.s3)])
def test_every_view_and_table_macro_answers_inside_the_sandbox(where, request, scratch):
    places = request.getfixturevalue("s3_places" if where == "s3" else "local_places")
    for place in places.values():
        assert_every_relation_answers(place)


def assert_every_relation_answers(place: Place) -> None:
    code, stdout, stderr = run_sql(place, counts_sql(), "-f", "json")
    assert code == 0, stderr
    counts = {row["name"]: row["n"] for row in json.loads(stdout)}
    views, macros = declared_relations()
    assert set(counts) == set(views) | set(macros)
    assert counts["claims"] == 1 and counts["quantity_timeline"] == 2
    assert counts["latest_estimates"] == 1


def test_a_parquet_file_of_its_own_is_read_by_path(place, scratch):
    sql = f"select count(*) as n from read_parquet('{place.own}')"  # noqa: S608
    code, stdout, stderr = run_sql(place, sql, "-f", "json")
    assert code == 0, stderr
    assert json.loads(stdout) == [{"n": 1}]


def test_allow_files_lets_a_query_write_where_it_is_told(local_places, scratch):
    place = local_places["warehouse"]
    sql = "copy (select count(*) as n from claims) to 'claims.csv'"
    assert run_sql(place, sql)[0] == 1 and not (scratch / "claims.csv").exists()
    code, _, stderr = run_sql(place, sql, "--allow-files")
    assert code == 0, stderr
    assert (scratch / "claims.csv").read_text().split() == ["n", "1"]


def test_a_query_past_the_limits_exits_1_naming_them(local_places, scratch, monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_SQL_MEMORY_LIMIT", "20MB")
    monkeypatch.setenv("NEWSLEDGER_SQL_TEMP_DIRECTORY_LIMIT", "2MB")
    sql = "select count(*) from (select * from range(5000000) order by random())"
    code, _, stderr = run_sql(local_places["warehouse"], sql)
    assert code == 1
    assert "sql_memory_limit 20MB, sql_temp_directory_limit 2MB" in stderr
    assert "Out of Memory" in stderr
    assert os.listdir(scratch / "tmp") == []
    monkeypatch.delenv("NEWSLEDGER_SQL_TEMP_DIRECTORY_LIMIT")
    monkeypatch.setenv("NEWSLEDGER_SQL_MEMORY_LIMIT", "200MB")
    code, _, stderr = run_sql(local_places["warehouse"], sql, "-f", "json")
    assert code == 0, stderr  # the same query within the limits
    assert not [name for name in os.listdir(scratch / "tmp") if name.startswith(TEMPORARY_PREFIX)]


@pytest.mark.parametrize("value", ["lots", "2 GiB", "512mb", "0.5GB"])
def test_sizes_are_checked_when_settings_are_read(value):
    if value == "lots":
        with pytest.raises(RunError, match=r"sql_memory_limit .* must be a size"):
            resolve({"sql_memory_limit": value}, environ={})
    else:
        settings, _ = resolve({"sql_memory_limit": value}, environ={})
        assert settings.sql_memory_limit == value


def test_deployments_never_run_sql_with_allow_files():
    source = (ROOT / "flows" / "deployments.py").read_text()
    assert "allow_files" not in source and "allow-files" not in source
