"""Issue 9: reprocess stored articles with the current code, replace their derived rows
atomically, report the changes; a normal run notices rows of an older extractor."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pyarrow.compute as pc
import pytest
from typer.testing import CliRunner

from flows import extraction
from flows.cli import app
from flows.extraction import ExtractionQueue
from flows.ingest import run_ingest
from flows.reprocess import run_reprocess
from flows.settings import Settings
from schemas import TABLES
from schemas.errors import RunError
from tests.conftest import query
from transforms.entities import local_entity_id
from warehouse.store import Store

pytestmark = pytest.mark.usefixtures("prefect_harness")

HTML = Path(__file__).parents[2] / "examples" / "sample-corpus" / "html"
DERIVED = [name for name, schema in TABLES.items() if schema.derived]
REPORTED = ["entities", *DERIVED]
# Every derived row, lineage left out: what reprocessing with unchanged code must reproduce.
ROWS = {
    name: f"select * exclude (run_id, extractor_version) from {name} order by all"  # noqa: S608
    for name in DERIVED
}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    """A warehouse of the sample corpus's HTML articles, ingested once for the module."""
    warehouse = tmp_path_factory.mktemp("ingested") / "wh"
    run_ingest([str(HTML)], Settings(warehouse=str(warehouse), processes=1))
    return warehouse


@pytest.fixture
def warehouse(ingested, tmp_path) -> Path:
    copy = tmp_path / "wh"
    shutil.copytree(ingested, copy)
    return copy


def _settings(warehouse: Path) -> Settings:
    return Settings(warehouse=str(warehouse), processes=1)


def _rows(warehouse: Path) -> dict[str, list[tuple]]:
    return {name: query(str(warehouse), sql) for name, sql in ROWS.items()}


def _listed(warehouse: Path) -> set[str]:
    manifest = Store(str(warehouse)).read_manifest()
    return {f.path for files in manifest.tables.values() for f in files}


def test_reprocess_with_the_same_code_changes_nothing_but_lineage(warehouse):
    before = _rows(warehouse)
    articles_before = query(str(warehouse), "select * from articles order by article_id")
    summary = run_reprocess(_settings(warehouse))

    assert summary.n_articles == len(articles_before) == 10
    assert _rows(warehouse) == before
    assert query(str(warehouse), "select * from articles order by article_id") == articles_before
    for change in summary.changes.tables:
        assert (change.added, change.removed, change.changed) == (0, 0, 0), change
    for change in summary.changes.tables[1:]:
        assert change.rows_before == change.rows_after == len(before[change.table])
    assert summary.changes.n_claims_changed == 0
    # Every derived row now comes from the reprocess run, and no replaced file stays behind.
    for name in DERIVED:
        assert query(str(warehouse), f"select distinct run_id from {name}") in (  # noqa: S608
            [(summary.run_id,)],
            [],
        )
    on_disk = {
        path.relative_to(warehouse).as_posix() for path in (warehouse / "tables").rglob("*.parquet")
    }
    assert on_disk == _listed(warehouse)


def test_the_runs_table_records_the_reprocess_and_its_changes(warehouse):
    summary = run_reprocess(_settings(warehouse), since=dt.date(2024, 1, 1))
    ((kind, n_read, settings_json, changes_json, inputs),) = query(
        str(warehouse),
        "select kind, n_articles_read, settings_json, changes_json, inputs from runs "
        "where run_id = ?",
        [summary.run_id],
    )
    assert kind == "reprocess"
    ids = query(
        str(warehouse),
        "select article_id from articles where published_date >= '2024-01-01' order by 1",
    )
    (chosen,) = inputs
    assert chosen["sha256"] == hashlib.sha256("\n".join(i for (i,) in ids).encode()).hexdigest()
    assert "published 2024-01-01 to ..." in chosen["path"]
    assert n_read == summary.n_articles
    assert json.loads(settings_json)["since"] == "2024-01-01"
    assert set(json.loads(changes_json)["tables"]) == set(REPORTED)
    ((passed, total),) = query(
        str(warehouse),
        "select count(*) filter (where is_passed), count(*) from checks where run_id = ?",
        [summary.run_id],
    )
    assert passed == total > 0


def _claims_plus_one(queue, tables):
    """An 'extractor change': every claim's figure one higher (bounds with it)."""
    claims = tables["claims"]
    for name in ("value", "low", "high"):
        claims = claims.set_column(
            claims.schema.get_field_index(name), name, pc.add(claims[name], 1)
        )
    tables["claims"] = claims
    _buffer(queue, tables)


_buffer = ExtractionQueue.buffer


def test_a_changed_extractor_is_reported_claim_by_claim(warehouse, monkeypatch):
    key = "article_id || '/' || start_char || category"
    before = dict(query(str(warehouse), f"select {key}, value from claims"))  # noqa: S608
    monkeypatch.setattr(ExtractionQueue, "buffer", _claims_plus_one)
    summary = run_reprocess(_settings(warehouse))

    claims = {change.table: change for change in summary.changes.tables}["claims"]
    assert claims.changed == len(before) > 0
    assert (claims.added, claims.removed) == (0, 0)
    assert summary.changes.n_claims_changed == len(before)
    for change in summary.changes.claims:
        key = f"{change.article_id}/{change.start_char}{change.category}"
        assert change.before["value"] == before[key]
        assert change.after["value"] == before[key] + 1
    others = [c for c in summary.changes.tables if c.table != "claims"]
    assert all(c.changed == c.added == c.removed == 0 for c in others)


def test_a_date_range_replaces_only_its_articles(warehouse):
    months = query(
        str(warehouse),
        "select published_month, count(*) from articles group by 1 order by 1",
    )
    assert len(months) > 1, "the fixture needs articles of several months"
    month = months[-1][0]
    since = dt.date.fromisoformat(f"{month}-01")
    untouched = query(
        str(warehouse),
        "select article_id, start_char, run_id from entity_mentions where published_month < ? "
        "order by all",
        [month],
    )
    summary = run_reprocess(_settings(warehouse), since=since)

    assert summary.n_articles == months[-1][1]
    assert (
        query(
            str(warehouse),
            "select article_id, start_char, run_id from entity_mentions where published_month < ? "
            "order by all",
            [month],
        )
        == untouched
    )
    assert query(
        str(warehouse),
        "select distinct run_id from entity_mentions where published_month >= ?",
        [month],
    ) == [(summary.run_id,)]


def test_a_failed_reprocess_leaves_the_warehouse_as_it_was(warehouse, monkeypatch):
    before = _rows(warehouse)
    listed = _listed(warehouse)
    calls = []

    def fail_on_second_batch(queue, tables):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        _buffer(queue, tables)

    monkeypatch.setattr(ExtractionQueue, "buffer", fail_on_second_batch)
    with pytest.raises(Exception, match="disk full"):
        run_reprocess(Settings(warehouse=str(warehouse), processes=1, batch_size=2))
    assert _rows(warehouse) == before
    assert _listed(warehouse) == listed
    on_disk = {
        path.relative_to(warehouse).as_posix() for path in (warehouse / "tables").rglob("*.parquet")
    }
    assert on_disk == listed


def test_a_run_notices_articles_of_an_older_extractor(tmp_path, monkeypatch):
    warehouse = tmp_path / "wh"
    files = sorted(HTML.iterdir())
    monkeypatch.setattr(extraction, "code_version", lambda: "0.0.1")
    run_ingest([str(files[0])], _settings(warehouse))
    monkeypatch.undo()

    second = run_ingest([str(files[1])], _settings(warehouse))
    ((old_version, n),) = second.older_extractions.items()
    assert old_version.startswith("0.0.1+") and n == 1

    run_reprocess(_settings(warehouse))
    third = run_ingest([str(files[2])], _settings(warehouse))
    assert third.older_extractions == {}
    versions = query(
        str(warehouse), "select count(distinct extractor_version) from entity_mentions"
    )
    assert versions == [(1,)]


def test_the_cli_reprocesses_and_prints_the_changes(warehouse):
    result = CliRunner().invoke(
        app, ["reprocess", "--warehouse", str(warehouse), "--processes", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["n_articles"] == 10
    assert {table["table"] for table in report["changes"]["tables"]} == set(REPORTED)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--since", "2025-02-01", "--until", "2025-01-01"], "is after"),
        (["--since", "yesterday"], "YYYY-MM-DD"),
    ],
)
def test_the_cli_refuses_a_bad_range(warehouse, arguments, message):
    result = CliRunner().invoke(app, ["reprocess", "--warehouse", str(warehouse), *arguments])
    assert result.exit_code != 0
    assert message in result.output


def test_reprocess_needs_a_warehouse(tmp_path):
    with pytest.raises(RunError, match="no warehouse"):
        run_reprocess(_settings(tmp_path / "missing"))


# An invented article (its figures are invented) naming a person by a spelling that only a
# user alias file links to her canonical name.
ALIASED_ARTICLE = """Commander reports losses
Harbor Wire 2024-05-21
Orla Vantrase, the regional commander, said 40 soldiers were killed near Kessmir Bay.
"""


def test_reprocess_with_a_new_alias_file_relinks_the_mentions(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "commander.txt").write_text(ALIASED_ARTICLE, encoding="utf-8")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "canonical_name,entity_type,aliases\nOrla Vantrasse,PERSON,Orla Vantrase\n",
        encoding="utf-8",
    )
    warehouse = tmp_path / "wh"
    run_ingest([str(inputs)], _settings(warehouse))
    mention = (
        "select entity_id, extractor_version from entity_mentions where text = 'Orla Vantrase'"
    )
    ((before, _),) = query(str(warehouse), mention)

    settings = Settings(warehouse=str(warehouse), processes=1, alias_files=(str(aliases),))
    summary = run_reprocess(settings)
    ((after, version),) = query(str(warehouse), mention)
    assert before != after == local_entity_id("PERSON", "Orla Vantrasse")
    assert version == summary.extractor_version
    assert "+aliases-" in version
    mentions = {change.table: change for change in summary.changes.tables}["entity_mentions"]
    assert mentions.changed >= 1


def test_the_reprocess_deployment_flow_takes_dates_as_text(warehouse):
    from flows.deployments import reprocess

    months = query(str(warehouse), "select max(published_date) from articles")
    summary = reprocess(warehouse=str(warehouse), since=months[0][0].isoformat(), processes=1)
    assert summary["n_articles"] >= 1
    assert summary["since"] == months[0][0]


def test_the_cli_run_prints_how_to_reprocess_older_rows(tmp_path, monkeypatch):
    warehouse = tmp_path / "wh"
    files = sorted(HTML.iterdir())
    monkeypatch.setattr(extraction, "code_version", lambda: "0.0.1")
    run_ingest([str(files[0])], _settings(warehouse))
    monkeypatch.undo()
    result = CliRunner().invoke(
        app, ["run", str(files[1]), "--warehouse", str(warehouse), "--processes", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "1 stored articles were extracted by an older version (0.0.1+" in result.stderr
    assert f"newsledger reprocess --warehouse {warehouse}" in result.stderr
