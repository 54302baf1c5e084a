"""The warehouse and its inputs on an object store: an S3 server on loopback (moto's server mode).

The server runs in this process on a free port; s3fs finds it through `AWS_ENDPOINT_URL`, which
botocore honours, so the code under test gets plain `s3://` URLs and no special options.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import duckdb
import pytest
from typer.testing import CliRunner

from schemas import table_schema
from schemas.table import rows_to_table
from tests.conftest import CORPUS, SEED, shared_or_skip
from warehouse.catalog import connect
from warehouse.inputs import discover
from warehouse.store import LOCK, MANIFEST, Manifest, Store
from warehouse.tables import read_column
from warehouse.writer import RunWriter, open_for_write

s3fs = pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")

BUCKET = "newsledger-test"
NOW = dt.datetime(2025, 1, 13, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """An S3 server on 127.0.0.1, a bucket on it, and the AWS environment that points there."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    missing = str(tmp_path_factory.mktemp("aws") / "none")
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in {
                "AWS_ENDPOINT_URL": f"http://{host}:{port}",
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_CONFIG_FILE": missing,
                "AWS_SHARED_CREDENTIALS_FILE": missing,
            }.items():
                patch.setenv(name, value)
            for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3"):
                patch.delenv(name, raising=False)
            s3fs.S3FileSystem.clear_instance_cache()  # an instance keeps its first endpoint
            fs = s3fs.S3FileSystem()
            # moto keeps its state per process: another module may have made the bucket.
            fs.makedirs(BUCKET, exist_ok=True)
            yield fs
    finally:
        s3fs.S3FileSystem.clear_instance_cache()
        server.stop()


@pytest.fixture(scope="module")
def harness():
    """Prefect's test harness: the flow tests' one if it is running (it lives for the session,
    started by tests/flows/conftest.py), else one for this module. A server takes ~20 s."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import get_current_settings
    from prefect.testing.utilities import prefect_test_harness

    running = getattr(SubprocessASGIServer, "_instances", {}).get(None)
    if running is not None and running.api_url == get_current_settings().api.url:
        yield
        return
    with prefect_test_harness(server_startup_timeout=60):
        yield


def reject(position: int, run_id: str = "r1") -> dict:
    return {
        "source_path": "s3://in/x.jsonl",
        "source_position": position,
        "source_sha256": "ab" * 32,
        "format": "jsonl",
        "reason": f"line {position + 1}: invalid JSON",
        "rejected_at": NOW,
        "run_id": run_id,
    }


def count(store: Store, table: str) -> int:
    with connect(store, store.read_manifest()) as connection:
        return connection.execute(f'select count(*) from "{table}"').fetchone()[0]  # noqa: S608


def test_rows_appear_only_after_commit(s3):
    store = Store(f"s3://{BUCKET}/commit")
    assert not store.is_local and store.uri("x") == f"s3://{BUCKET}/commit/x"
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0), reject(1)]))
        writer._flush("rejects")  # the part is in the bucket, but no manifest lists it
        parts = [key for key in s3.find(store.path("tables/rejects")) if "part-r1" in key]
        assert len(parts) == 1
        assert count(store, "rejects") == 0
        writer.commit()
    assert count(store, "rejects") == 2
    manifest = store.read_manifest()
    assert [f.path for f in manifest.files("rejects")][-1] == parts[0][len(store.root) + 1 :]
    columns = read_column(store, manifest, "rejects", ["source_position", "reason"])
    assert sorted(columns.column("source_position").to_pylist()) == [0, 1]
    # Object stores have no advisory lock and no catalog file: the manifest is the state.
    assert s3.exists(store.path(MANIFEST))
    assert not s3.exists(store.path(LOCK))
    assert not s3.exists(store.path("newsledger.duckdb"))


def test_views_read_the_listed_s3_files(s3):
    store = Store(f"s3://{BUCKET}/views/")
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "r1")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0)]))
        writer.commit()
    with connect(store, store.read_manifest()) as connection:
        (ddl,) = connection.execute(
            "select sql from duckdb_views() where view_name = 'rejects'"
        ).fetchone()
        assert f"'s3://{BUCKET}/views/tables/rejects/part-r1-" in ddl
        rows = connection.execute("select view_name from duckdb_views()").fetchall()
        views = {row[0] for row in rows}
        assert {"articles", "claims_timeline", "source_coverage"} <= views
        assert connection.execute("select count(*) from source_coverage").fetchone() == (0,)
        assert connection.execute("select reason from rejects").fetchall() == [
            ("line 1: invalid JSON",)
        ]
        # Read-only on an object store too, though its views live in a temporary catalog.
        with pytest.raises(duckdb.InvalidInputException, match="read-only"):
            connection.execute("create table scratch as select 1")


def test_dead_run_leftovers_are_never_read_and_are_collected(s3):
    store = Store(f"s3://{BUCKET}/dead")
    with open_for_write(store) as manifest:
        writer = RunWriter(store, manifest, "dead")
        writer.add("rejects", rows_to_table(table_schema("rejects"), [reject(0, "dead")]))
        writer._flush("rejects")
        # the run dies here: no commit
    assert [key for key in s3.find(store.path("tables")) if "part-dead" in key]
    assert count(store, "rejects") == 0
    with open_for_write(store) as manifest:
        live = {store.path(f.path) for files in manifest.tables.values() for f in files}
    remaining = set(s3.find(store.path("tables")))
    assert not [key for key in remaining if "part-dead" in key]
    assert remaining == live


def test_a_listing_cached_before_another_writer_committed_does_not_hide_its_manifest(s3):
    store = Store(f"s3://{BUCKET}/stale")
    store.fs.pipe_file(store.path("tables/x"), b"")
    assert store.fs.ls(store.root) == [store.path("tables")]  # cached: no manifest yet
    other_process = s3fs.S3FileSystem(skip_instance_cache=True)
    other_process.pipe_file(store.path(MANIFEST), json.dumps(Manifest(7).as_json()).encode())
    assert store.exists()
    assert store.read_manifest().generation == 7


def test_a_failed_write_leaves_no_object(s3):
    store = Store(f"s3://{BUCKET}/failed")
    with pytest.raises(RuntimeError), store.writing("tables/x/part.parquet") as handle:
        handle.write(b"half a file")
        raise RuntimeError("the writer died")
    assert not s3.exists(store.path("tables/x/part.parquet"))
    store.write_atomic("notes/a.json", b"{}")
    assert s3.cat_file(store.path("notes/a.json")) == b"{}"


def test_inputs_are_found_in_folders_and_globs(s3):
    for name in ("a.jsonl", "sub/b.txt", "sub/.hidden.txt", "c.bin"):
        s3.pipe_file(f"{BUCKET}/found/{name}", b"x")
    s3.ls(f"{BUCKET}/found")  # the listing is cached from here on
    folder = [f.path for f in discover([f"s3://{BUCKET}/found"])]
    assert folder == [f"s3://{BUCKET}/found/a.jsonl", f"s3://{BUCKET}/found/sub/b.txt"]
    globbed = [f.path for f in discover([f"s3://{BUCKET}/found/*.bin"])]
    assert globbed == [f"s3://{BUCKET}/found/c.bin"]
    # A file another process uploaded after this one listed the folder is found all the same.
    s3fs.S3FileSystem(skip_instance_cache=True).pipe_file(f"{BUCKET}/found/late.txt", b"x")
    late = [f.path for f in discover([f"s3://{BUCKET}/found/late.txt"])]
    assert late == [f"s3://{BUCKET}/found/late.txt"]


@pytest.mark.usefixtures("harness")
def test_ingest_from_s3_into_s3_then_sql(s3):
    from flows.cli import app
    from flows.ingest import run_ingest
    from flows.settings import Settings

    seed = shared_or_skip(SEED)
    muc = shared_or_skip(CORPUS / "muc3" / "muc3-tst1.jsonl")
    lines = muc.read_text(encoding="utf-8").splitlines(keepends=True)[:5]
    s3.pipe_file(f"{BUCKET}/input/{seed.name}", seed.read_bytes())
    s3.pipe_file(f"{BUCKET}/input/muc/muc3-head.jsonl", "".join(lines).encode())
    warehouse = f"s3://{BUCKET}/ingest"
    settings = Settings(warehouse=warehouse, processes=1)

    summary = run_ingest([f"s3://{BUCKET}/input"], settings)
    assert (summary.n_files, summary.n_articles_read, summary.n_rejected) == (2, 6, 0)
    assert summary.n_articles_new == 6 and summary.rows_added["claims"] > 0

    runner = CliRunner()
    sql = "select source_path, count(*) as n from articles group by 1 order by 1"
    result = runner.invoke(app, ["sql", sql, "--warehouse", warehouse, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"source_path": f"s3://{BUCKET}/input/muc/muc3-head.jsonl", "n": 5},
        {"source_path": f"s3://{BUCKET}/input/{seed.name}", "n": 1},
    ]
    sql = "select value, qualifier from claims_timeline where category = 'killed' and value = 300"
    result = runner.invoke(app, ["sql", sql, "-w", warehouse, "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["value,qualifier", "300.0,more_than"]

    again = run_ingest([f"s3://{BUCKET}/input/*.txt"], settings)
    assert (again.n_files_unchanged, again.n_articles_new, again.n_duplicates) == (1, 0, 0)
    store = Store(warehouse)
    assert count(store, "runs") == 2 and count(store, "articles") == 6

    # Reprocessing on the object store replaces the derived rows and removes replaced files.
    from flows.reprocess import run_reprocess

    claims = "select article_id, start_char, category, value from claims order by all"
    with connect(store, store.read_manifest()) as connection:
        before = connection.execute(claims).fetchall()
    reprocessed = run_reprocess(settings)
    assert reprocessed.n_articles == 6
    assert all(not (t.added or t.removed or t.changed) for t in reprocessed.changes.tables)
    manifest = store.read_manifest()
    with connect(store, manifest) as connection:
        assert connection.execute(claims).fetchall() == before
        assert connection.execute("select distinct run_id from claims").fetchall() == [
            (reprocessed.run_id,)
        ]
    listed = {f.path for files in manifest.tables.values() for f in files}
    stored = {
        path.removeprefix(f"{BUCKET}/ingest/")
        for path in s3.find(f"{BUCKET}/ingest/tables")
        if path.endswith(".parquet")
    }
    assert stored == listed


@pytest.mark.usefixtures("harness")
def test_a_warc_on_s3_is_read_like_a_local_one(s3, tmp_path):
    from flows.ingest import run_ingest
    from flows.settings import Settings
    from tests.accuracy.web_pages import ZYTE
    from tests.benchmarks.warc_files import build_warc, real_pages

    shared_or_skip(ZYTE)
    local = tmp_path / "crawl.warc.gz"
    written = build_warc(local, real_pages(2), corrupt_at=1)
    s3.pipe_file(f"{BUCKET}/warc/crawl.warc.gz", local.read_bytes())
    warehouse = f"s3://{BUCKET}/warc-ingest"
    settings = Settings(warehouse=warehouse, processes=1)

    summary = run_ingest([f"s3://{BUCKET}/warc/*.warc.gz"], settings)
    assert (summary.n_files, summary.n_articles_read, summary.n_rejected) == (1, 2, 1)
    store = Store(warehouse)
    with connect(store, store.read_manifest()) as connection:
        rows = connection.execute(
            "select external_id, source_position, source_path from articles order by 2"
        ).fetchall()
    path = f"s3://{BUCKET}/warc/crawl.warc.gz"
    assert rows == [(w.record_id, w.offset, path) for w in written]

    again = run_ingest([path], settings)
    assert (again.n_files_unchanged, again.n_articles_read, again.warc_skipped) == (1, 0, {})
