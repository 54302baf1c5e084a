"""Publishing releases: what a release holds, versions, verify, and querying a release."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import run_ingest
from flows.publish import run_publish
from flows.settings import Settings
from schemas import TABLES
from schemas.errors import RunError
from tests.conftest import SEED, query, shared_or_skip
from tests.warehouse.test_object_store import BUCKET, s3  # noqa: F401  (the S3 fixture)
from warehouse.snapshots import TableChange, Version, required_bump, snapshot_files, verify

pytestmark = pytest.mark.usefixtures("prefect_harness")

# An invented article (its figures are invented): the second release's new rows.
LATER_ARTICLE = """Aid convoy reaches Port Selka

By Harbor Wire, 2 February 2025

The regional health office said on Sunday that 14 people were killed and about 40 injured
when shelling hit the market of Port Selka. Officials said 200 families had fled the town.
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("publish")
    target = str(folder / "wh")
    run_ingest([str(shared_or_skip(SEED))], Settings(warehouse=target, processes=1))
    return target


@pytest.fixture(scope="module")
def first_release(warehouse, tmp_path_factory) -> Path:
    releases = tmp_path_factory.mktemp("releases")
    run_publish(warehouse, "1.0.0", str(releases), "CC-BY-4.0")
    return releases


def test_release_holds_tables_package_card_changelog_and_database(first_release):
    release = first_release / "1.0.0"
    package = json.loads((release / "datapackage.json").read_text())
    assert package["name"] == "newsledger"
    assert package["version"] == "1.0.0"
    assert package["created"].endswith("Z")
    assert package["licenses"] == [{"name": "CC-BY-4.0"}]
    assert package["sources"]
    assert [resource["name"] for resource in package["resources"]] == list(TABLES)
    for resource in package["resources"]:
        data = (release / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == list(TABLES[resource["name"]].column_names)
        assert all(field["type"] and field["description"] for field in fields)
        assert resource["schema"]["primaryKey"] == list(TABLES[resource["name"]].primary_key)
    provenance = package["newsledger"]
    assert provenance["run_ids"] and provenance["models"] and provenance["code_version"]
    assert [run["kind"] for run in provenance["runs"]] == ["ingest"]
    card = (release / "README.md").read_text()
    assert "Extraction accuracy" in card and "2025-01-13" in card
    assert "Runs behind this release: 1 (1 ingest)" in card
    assert "![claims timeline](claims-timeline.png)" in card
    assert (release / "claims-timeline.png").read_bytes()[:4] == b"\x89PNG"
    assert "First release" in (release / "CHANGELOG.md").read_text()
    with duckdb.connect(str(release / "newsledger.duckdb"), read_only=True) as connection:
        assert connection.execute("select count(*) from claims_timeline").fetchone() == (5,)
    assert verify(str(release)) == []


def test_a_publish_is_a_run_that_names_its_release(warehouse, first_release):
    package = first_release / "1.0.0" / "datapackage.json"
    rows = query(
        warehouse,
        "select inputs, settings_json from runs where kind = 'publish' "
        "and json_extract_string(settings_json, '$.version') = '1.0.0'",
    )
    ((inputs, settings_json),) = rows
    assert inputs == [
        {
            "path": str(package),
            "sha256": f"sha256:{hashlib.sha256(package.read_bytes()).hexdigest()}",
        }
    ]
    assert json.loads(settings_json)["to"] == str(first_release)


def test_release_is_queried_read_only_with_the_views(first_release):
    runner = CliRunner()
    release = str(first_release / "1.0.0")
    result = runner.invoke(
        app, ["sql", "--snapshot", release, "--format", "json", "select count(*) as n from claims"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 5}]
    result = runner.invoke(app, ["sql", "--snapshot", release, "drop view claims_timeline"])
    assert result.exit_code == 1
    assert verify(release) == []


def test_versions_must_grow_as_the_changes_require(warehouse, first_release, tmp_path):
    releases = str(first_release)
    with pytest.raises(RunError, match="already published"):
        run_publish(warehouse, "1.0.0", releases, "CC-BY-4.0")
    with pytest.raises(RunError, match="not greater") as refused:
        run_publish(warehouse, "0.9.0", releases, "CC-BY-4.0")
    assert "1.0.1" in refused.value.hint

    later = tmp_path / "later.txt"
    later.write_text(LATER_ARTICLE, encoding="utf-8")
    run_ingest([str(later)], Settings(warehouse=warehouse, processes=1))
    with pytest.raises(RunError, match="too small") as refused:
        run_publish(warehouse, "1.0.1", releases, "CC-BY-4.0")
    assert "1.1.0" in refused.value.hint
    release = run_publish(warehouse, "1.1.0", releases, "CC-BY-4.0")
    assert (release.previous, release.required_bump) == (Version(1, 0, 0), "minor")
    assert release.changes["articles"].added == 1
    assert release.changes["articles"].removed == 0
    changelog = (first_release / "1.1.0" / "CHANGELOG.md").read_text()
    assert "Changes since 1.0.0" in changelog and "| articles | 2 | 1 | 0 | 0 |" in changelog

    # A schema change needs a major version: pretend 1.1.0 stored `claims.value` as integers.
    package_path = first_release / "1.1.0" / "datapackage.json"
    package = json.loads(package_path.read_text())
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    next(f for f in claims["schema"]["fields"] if f["name"] == "value")["arrowType"] = "int64"
    package_path.write_text(json.dumps(package))
    with pytest.raises(RunError, match="major") as refused:
        run_publish(warehouse, "1.2.0", releases, "CC-BY-4.0")
    assert "2.0.0" in refused.value.hint


def test_verify_names_every_altered_missing_or_unlisted_file(first_release, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(first_release / "1.0.0", copy)
    with (copy / "data" / "claims.parquet").open("ab") as handle:
        handle.write(b"x")
    (copy / "README.md").unlink()
    (copy / "notes.txt").write_text("added later")
    problems = {problem.path: problem.reason for problem in verify(str(copy))}
    assert set(problems) == {"data/claims.parquet", "README.md", "notes.txt"}
    assert "size" in problems["data/claims.parquet"]
    assert problems["README.md"] == "missing"

    result = CliRunner().invoke(app, ["verify", str(copy)])
    assert result.exit_code == 1
    for path in problems:
        assert path in result.output


def test_versions_and_paths_cannot_leave_the_release_folder(first_release, tmp_path):
    for text in ("../1.0.0", "1.0", "1.0.0/..", "01.0.0", "v1.0.0"):
        with pytest.raises(RunError):
            Version.parse(text)
    copy = tmp_path / "evil"
    shutil.copytree(first_release / "1.0.0", copy)
    package = json.loads((copy / "datapackage.json").read_text())
    package["resources"][0]["path"] = "../../etc/passwd"
    (copy / "datapackage.json").write_text(json.dumps(package))
    with pytest.raises(RunError, match="unsafe path"):
        snapshot_files(str(copy))


def test_publish_verify_and_query_on_an_object_store(warehouse, s3):  # noqa: F811
    target = f"s3://{BUCKET}/releases"
    run_publish(warehouse, "3.0.0", target, "CC-BY-4.0")
    assert verify(f"{target}/3.0.0") == []
    result = CliRunner().invoke(
        app,
        [
            "sql",
            "--snapshot",
            f"{target}/3.0.0",
            "--format",
            "csv",
            "select count(*) from articles",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] in ("1", "2")
    s3.rm(f"{BUCKET}/releases/3.0.0/README.md")
    assert [problem.path for problem in verify(f"{target}/3.0.0")] == ["README.md"]


@pytest.mark.parametrize(
    "changes, bump",
    [
        ({"claims": TableChange(added=1)}, "minor"),
        ({"runs": TableChange(added=1), "checks": TableChange(added=39)}, "patch"),
        ({"claims": TableChange(changed=3), "runs": TableChange(added=1)}, "patch"),
        ({"claims": TableChange(schema_changes=["value: int64 -> double"])}, "major"),
    ],
    ids=["new data rows", "only records of runs", "corrected values", "schema change"],
)
def test_the_bump_follows_the_data_not_the_run_records(changes, bump):
    assert required_bump(changes) == bump
