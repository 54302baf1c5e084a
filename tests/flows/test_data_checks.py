"""Issue 9, data checks: a run whose rows break a check fails and leaves the warehouse as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.compute as pc
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.extraction import ExtractionQueue
from flows.ingest import run_ingest
from flows.settings import Settings
from tests.conftest import SEED, query, shared_or_skip
from warehouse.checks import ChecksFailed, declared_checks

pytestmark = pytest.mark.usefixtures("prefect_harness")

ARTICLE = """Ministry reports losses
Capitol Dispatch 2024-05-21
The defence ministry said 540 soldiers were killed near the border last week.
"""


def _files(root: Path) -> dict[str, str]:
    """Every file of the warehouse but the lock and the catalog (rebuilt by each writer), with
    its sha256."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name not in (".lock", "newsledger.duckdb")
    }


def _low_above_value(queue, tables):
    claims = tables["claims"]
    low = claims.schema.get_field_index("low")
    tables["claims"] = claims.set_column(low, "low", pc.add(claims["value"], 1))
    _buffer(queue, tables)


_buffer = ExtractionQueue.buffer
COUNTS = "select (select count(*) from articles), (select count(*) from claims)"


def test_a_failed_check_fails_the_run_and_changes_nothing(tmp_path, monkeypatch):
    inputs = tmp_path / "first"
    inputs.mkdir()
    (inputs / "ministry.txt").write_text(ARTICLE, encoding="utf-8")
    warehouse = tmp_path / "wh"
    settings = Settings(warehouse=str(warehouse), processes=1)
    first = run_ingest([str(inputs)], settings)
    assert query(
        str(warehouse),
        "select count(*), count(*) filter (where is_passed) from checks where run_id = ?",
        [first.run_id],
    ) == [(len(declared_checks()), len(declared_checks()))]
    before = _files(warehouse)
    counts = query(str(warehouse), COUNTS)

    monkeypatch.setattr(ExtractionQueue, "buffer", _low_above_value)
    with pytest.raises(ChecksFailed) as failed:
        run_ingest([str(shared_or_skip(SEED))], settings)

    assert [(r.table, r.name) for r in failed.value.failed] == [("claims", "bounds_ordered")]
    assert failed.value.failed[0].n_failed == 5  # the seed's five claims
    first_line, detail = str(failed.value).splitlines()
    assert first_line.endswith("not committed: claims.bounds_ordered (5)")
    assert detail.count("/") >= 5  # keys: article_id/start_char/end_char/category
    assert _files(warehouse) == before
    assert query(str(warehouse), COUNTS) == counts
    status = CliRunner().invoke(app, ["status", "--warehouse", str(warehouse)])
    assert f"Data checks of run {first.run_id}: {len(declared_checks())} passed, 0 failed." in (
        " ".join(status.output.split())
    )
