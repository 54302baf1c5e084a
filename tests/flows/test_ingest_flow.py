"""End to end: the ingest flow over the seed and real corpora, then DuckDB over the result."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import run_ingest
from flows.settings import Settings
from tests.conftest import CORPUS, SEED, query, shared_or_skip
from warehouse.catalog import quote_identifier
from warehouse.checks import declared_checks

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture(scope="module")
def real_warehouse(tmp_path_factory) -> tuple[str, list, object]:
    inputs = [
        str(shared_or_skip(SEED.parent)),
        str(shared_or_skip(CORPUS / "re3d" / "re3d-articles.jsonl")),
        str(shared_or_skip(CORPUS / "muc3" / "muc3-tst1.jsonl")),
    ]
    warehouse = str(tmp_path_factory.mktemp("real") / "wh")
    summary = run_ingest(inputs, Settings(warehouse=warehouse, processes=1))
    return warehouse, inputs, summary


def test_every_article_is_ingested_once(real_warehouse):
    warehouse, _, summary = real_warehouse
    assert (summary.n_files, summary.n_articles_read, summary.n_rejected) == (3, 191, 0)
    assert summary.n_articles_new + summary.n_duplicates == 191
    (count,) = query(warehouse, "select count(*) from articles")[0]
    assert count == summary.n_articles_new
    (distinct,) = query(warehouse, "select count(distinct article_id) from articles")[0]
    assert distinct == count


def test_seed_date_and_provenance(real_warehouse):
    warehouse, _, _ = real_warehouse
    rows = query(
        warehouse,
        "select published_date, published_raw, source, format, source_position, external_id"
        " from articles where source_path like ?",
        ["%nk-casualties-2025-01-13.txt"],
    )
    assert rows == [
        (
            dt.date(2025, 1, 13),
            "13-01-2025",
            "Department of Research, Studies and International News",
            "txt",
            0,
            None,
        )
    ]


def test_seed_figures(real_warehouse):
    warehouse, _, _ = real_warehouse
    rows = query(
        warehouse,
        "select q.text, q.value, q.low, q.high, q.qualifier from quantities q"
        " join articles a using (article_id) where a.format = 'txt' order by q.start_char",
    )
    by_value = {value: (low, high, qualifier) for _, value, low, high, qualifier in rows}
    assert by_value[300] == (300, None, "more_than")
    assert by_value[2700] == (2700, 2700, "exact")
    assert by_value[3000] == (3000, None, "more_than")
    assert by_value[2] == (2, 2, "exact")
    assert by_value[10000] == (10000, None, "more_than")
    assert not [row for row in rows if row[1] in (13, 2025)]


def test_seed_claims(real_warehouse):
    warehouse, _, _ = real_warehouse
    rows = query(
        warehouse,
        "select category, value, low, high, qualifier, claimant_entity_id, claimant_chain"
        " from claims join articles a using (article_id) where a.format = 'txt'"
        " order by start_char",
    )
    assert [row[:5] for row in rows] == [
        ("killed", 300, 300, None, "more_than"),
        ("injured", 2700, 2700, 2700, "exact"),
        ("casualties", 3000, 3000, None, "more_than"),
        ("captured", 2, 2, 2, "exact"),
        ("deployed", 10000, 10000, None, "more_than"),
    ]
    claimants = [row[5] for row in rows]
    assert claimants[0] == "org:national-intelligence-service"
    assert rows[0][6][0].endswith("Lee Seong-kweun")  # NIS via Lee: outermost first
    assert claimants[2] == "person:lee-seong-kweun"
    assert claimants[3] == "person:volodymyr-zelenskyy"
    assert claimants[4] is not None and "South Korea" in str(rows[4][6])


def test_seed_quotation_speakers(real_warehouse):
    warehouse, _, _ = real_warehouse
    speakers = dict(
        query(
            warehouse,
            "select speaker_entity_id, quote from quotations join articles a using (article_id)"
            " where a.format = 'txt'",
        )
    )
    assert speakers["person:dmitry-peskov"].startswith("We cannot verify the truth")
    assert "person:lee-seong-kweun" in speakers


def test_seed_entities_resolved(real_warehouse):
    warehouse, _, _ = real_warehouse
    rows = dict(
        query(
            warehouse,
            "select m.text || '/' || m.label, e.canonical_name from entity_mentions m"
            " join entities e using (entity_id) join articles a using (article_id)"
            " where a.format = 'txt'",
        )
    )
    assert rows["Kursk/GPE"] == "Kursk" and rows["Kyiv/GPE"] == "Kyiv"
    assert rows["NIS/ORG"] == "National Intelligence Service"
    assert rows["Lee/PERSON"] == "Lee Seong-kweun"
    assert rows["North Korean/NORP"] == "North Korea"


def test_offsets_index_into_article_text(real_warehouse):
    warehouse, _, _ = real_warehouse
    for table in ("entity_mentions", "quantities", "temporal_expressions", "claims"):
        bad = query(
            warehouse,
            f"select count(*) from {quote_identifier(table)} t join articles a using (article_id)"  # noqa: S608
            " where substr(a.text, t.start_char + 1, t.end_char - t.start_char) <> t.text",
        )
        assert bad == [(0,)], table


def test_every_data_check_passed_and_is_recorded(real_warehouse):
    warehouse, _, summary = real_warehouse
    n_checks = len(declared_checks())
    assert summary.rows_added["checks"] == n_checks
    recorded = query(
        warehouse,
        "select count(*), count(*) filter (where is_passed), sum(n_failed) from checks"
        " where run_id = ?",
        [summary.run_id],
    )
    assert recorded == [(n_checks, n_checks, 0)]
    result = CliRunner().invoke(app, ["status", "--warehouse", warehouse])
    assert f"{n_checks} passed, 0 failed." in result.output


def test_seed_mentions_and_timexes(real_warehouse):
    warehouse, _, _ = real_warehouse
    labels = dict(
        query(
            warehouse,
            "select m.text, m.label from entity_mentions m join articles a using (article_id)"
            " where a.format = 'txt'",
        )
    )
    assert labels["Lee Seong-kweun"] == "PERSON"
    assert labels["National Intelligence Service"] == "ORG"
    (n_timex,) = query(
        warehouse,
        "select count(*) from temporal_expressions t join articles a using (article_id)"
        " where a.format = 'jsonl' and t.value is not null",
    )[0]
    assert n_timex > 50


def test_rerun_adds_nothing(real_warehouse):
    warehouse, inputs, _ = real_warehouse
    before = {
        table: query(warehouse, f"select count(*) from {quote_identifier(table)}")[0][0]  # noqa: S608
        for table in ("articles", "entity_mentions", "quantities", "temporal_expressions")
    }
    summary = run_ingest(inputs, Settings(warehouse=warehouse, processes=1))
    # Every file's bytes were ingested by the first run: hashed, not parsed again.
    assert summary.n_files_unchanged == summary.n_files > 0
    assert (summary.n_articles_read, summary.n_articles_new, summary.n_duplicates) == (0, 0, 0)
    after = {
        table: query(warehouse, f"select count(*) from {quote_identifier(table)}")[0][0]  # noqa: S608
        for table in before
    }
    assert after == before
    assert query(warehouse, "select count(*) from runs")[0][0] == 2


def test_cli_sql_formats(real_warehouse):
    warehouse, _, _ = real_warehouse
    runner = CliRunner()
    sql = "select published_date, title from articles where format = 'txt'"
    result = runner.invoke(app, ["sql", sql, "--warehouse", warehouse, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "published_date": "2025-01-13",
            "title": "Reports Indicate Over 300 North Korean Soldiers Killed, 2,700 Injured "
            "While Supporting Russia in Ukraine Conflict",
        }
    ]
    result = runner.invoke(app, ["sql", sql, "-w", warehouse, "--format", "csv"])
    assert result.stdout.splitlines()[0] == "published_date,title"


def test_cli_sql_is_read_only(real_warehouse):
    warehouse, _, _ = real_warehouse
    result = CliRunner().invoke(app, ["sql", "drop view articles", "--warehouse", warehouse])
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    assert query(warehouse, "select count(*) from articles")[0][0] > 0


def test_cli_missing_input_is_an_error(tmp_path):
    result = CliRunner().invoke(
        app, ["run", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "wh")]
    )
    assert result.exit_code == 1
    assert "input not found" in result.stderr


def test_cli_status_summarizes_the_warehouse(real_warehouse, tmp_path):
    warehouse, _, summary = real_warehouse
    runner = CliRunner()
    result = runner.invoke(app, ["status", "--warehouse", warehouse])
    assert result.exit_code == 0, result.output
    (articles,) = query(warehouse, "select count(*) from articles")[0]
    (first, last) = query(
        warehouse, "select min(published_date), max(published_date) from articles"
    )[0]
    assert f"{articles:,} articles" in result.output
    assert f"published {first} to {last}" in result.output
    assert summary.run_id in result.output and "ingest" in result.output
    (claims,) = query(warehouse, "select count(*) from claims")[0]
    assert re.search(rf"│ claims\s+│ {claims:,}\s+│", result.output)

    missing = runner.invoke(app, ["status", "--warehouse", str(tmp_path / "none")])
    assert missing.exit_code == 1
    assert "no warehouse at" in missing.output and "Traceback" not in missing.output
