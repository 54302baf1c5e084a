"""The bundled sample corpus end to end, and flow runs recorded on the user's Prefect API."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL

from flows.ingest import run_ingest
from flows.settings import Settings
from tests.conftest import REPO, query

pytestmark = pytest.mark.usefixtures("prefect_harness")
SAMPLE = REPO / "examples" / "sample-corpus"


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory):
    warehouse = str(tmp_path_factory.mktemp("sample") / "wh")
    return warehouse, run_ingest([str(SAMPLE)], Settings(warehouse=warehouse, processes=1))


def test_sample_corpus_counts(sample_warehouse):
    warehouse, summary = sample_warehouse
    # 61 readable articles, one exact duplicate (the same wire story in JSONL and RSS).
    assert (summary.n_articles_read, summary.n_articles_new, summary.n_duplicates) == (61, 60, 1)
    formats = dict(query(warehouse, "select format, count(*) from articles group by format"))
    assert set(formats) == {"txt", "html", "json", "jsonl", "rss", "atom"}


def test_bad_files_are_rejects_with_reasons(sample_warehouse):
    warehouse, summary = sample_warehouse
    rows = query(
        warehouse, "select source_path, source_position, reason from rejects order by source_path"
    )
    assert summary.n_rejected == 2
    assert [(os.path.basename(path), position) for path, position, _ in rows] == [
        ("corrupt.json", -1),
        ("harbor-wire_backfill.jsonl", 2),
    ]
    assert all("invalid JSON" in reason for _, _, reason in rows)
    # the good lines around the malformed one are kept
    (kept,) = query(
        warehouse, "select count(*) from articles where source_path like ?", ["%backfill.jsonl"]
    )[0]
    assert kept == 4


def test_day_month_order_decided_by_source_evidence(sample_warehouse):
    warehouse, _ = sample_warehouse
    rows = dict(
        query(
            warehouse,
            "select published_raw, date_order_rule || ':' || published_date from articles"
            " where published_raw in ('06-03-2024', '03/08/2024')",
        )
    )
    assert rows == {
        "06-03-2024": "source_evidence_dmy:2024-03-06",
        "03/08/2024": "source_evidence_mdy:2024-03-08",
    }


def test_claims_timeline_follows_a_figure_over_time(sample_warehouse):
    warehouse, _ = sample_warehouse
    rows = query(
        warehouse,
        "select published_date, value from claims_timeline where category = 'killed'"
        " and subject_text ilike '%velmoran soldiers%' and value >= 100 order by 1",
    )
    dates = [row[0] for row in rows]
    assert dates == sorted(dates) and len(rows) >= 6
    # the ministry's running total rises from March to October (invented figures)
    assert rows[0][1] < rows[-1][1]


def test_latest_estimates_is_point_in_time(sample_warehouse):
    warehouse, _ = sample_warehouse
    july = query(
        warehouse,
        "select claimant, published_date from latest_estimates(?, ?, ?)",
        ["Velmoran soldiers", "killed", "2024-07-31"],
    )
    assert july and all(str(published) <= "2024-07-31" for _, published in july)
    claimants = [claimant for claimant, _ in july]
    assert len(claimants) == len(set(claimants))


def test_claim_clusters_count_repeats_across_outlets(sample_warehouse):
    warehouse, _ = sample_warehouse
    (n_claims,) = query(warehouse, "select count(*) from claims")[0]
    (n_clusters, max_articles) = query(
        warehouse, "select count(*), max(n_articles) from claim_clusters"
    )[0]
    assert 0 < n_clusters <= n_claims and max_articles >= 2
    (firsts,) = query(
        warehouse, "select count(distinct cluster_id) from claims_timeline where is_first_report"
    )[0]
    assert firsts == n_clusters


def test_divergence_and_cooccurrence_views(sample_warehouse):
    warehouse, _ = sample_warehouse
    rows = query(warehouse, "select lowest, median, highest from claimant_divergence")
    assert rows and all(low <= median <= high for low, median, high in rows)
    (pairs,) = query(warehouse, "select count(*) from entity_cooccurrence where n_articles > 1")[0]
    assert pairs > 0


def test_flow_run_is_recorded_on_the_configured_prefect_api(sample_warehouse):
    _, summary = sample_warehouse
    warehouse = sample_warehouse[0]
    (flow_run_id,) = query(
        warehouse, "select flow_run_id from runs where run_id = ?", [summary.run_id]
    )[0]
    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(uuid.UUID(flow_run_id))
    assert flow_run.state.is_completed()


def test_cli_uses_prefect_api_url_from_the_environment(tmp_path):
    warehouse = str(tmp_path / "wh")
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", str(SAMPLE / "txt"), "-w", warehouse],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "analytics" not in result.stderr.lower()
    assert "Starting temporary server" not in result.stdout + result.stderr
    (flow_run_id,) = query(warehouse, "select flow_run_id from runs")[0]
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(uuid.UUID(flow_run_id)).state.is_completed()
