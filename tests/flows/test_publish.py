"""Publishing releases: what a release holds, versions, verify, and querying a release."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
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
from warehouse.snapshots.citation import NO_LICENCE_RIGHTS, front_matter
from warehouse.snapshots.package import released_schema

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
        released = released_schema(TABLES[resource["name"]])
        assert [field["name"] for field in fields] == list(released.column_names)
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


def test_a_release_carries_no_bodies_by_default_but_their_sha256(warehouse, first_release):
    """Bodies are null, not dropped: every release of a warehouse keeps one schema, queries
    naming `text` still run, and verify checks that a text-less release holds none."""
    release = first_release / "1.0.0"
    package = json.loads((release / "datapackage.json").read_text())
    assert package["newsledger"]["article_text"] == "withheld"
    with duckdb.connect(str(release / "newsledger.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "select article_id, text, text_sha256, title, url, source from articles"
        ).fetchall()
        contexts = connection.execute("select context from quantity_timeline").fetchall()
        sentences = {s for (s,) in connection.execute("select sentence from claims").fetchall()}
    bodies = dict(query(warehouse, "select article_id, text from articles"))
    assert rows and all(text is None for _, text, *_ in rows)
    for article_id, _, digest, title, *_ in rows:
        assert digest == hashlib.sha256(bodies[article_id].encode()).hexdigest()
        assert title
    # The context view works without the bodies: a claim's sentence, else the figure's words.
    assert contexts and all(context for (context,) in contexts)
    assert sentences & {context for (context,) in contexts}
    card = (release / "README.md").read_text()
    assert "Article bodies: **not included**" in card
    assert "Licence of this dataset: CC-BY-4.0" in card


def test_bodies_need_an_explicit_licence(warehouse, tmp_path):
    target = tmp_path / "releases"
    runner = CliRunner()
    arguments = ["publish", "-w", warehouse, "--version", "1.0.0", "--to", str(target)]
    refused = runner.invoke(app, [*arguments, "--include-text"])
    assert refused.exit_code == 2
    assert "--license" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert not target.exists()

    result = runner.invoke(app, [*arguments, "--include-text", "--license", "CC-BY-4.0"])
    assert result.exit_code == 0, result.output
    warning = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1 and "publishers" in warning[0]
    release = target / "1.0.0"
    assert verify(str(release)) == []
    with duckdb.connect(str(release / "newsledger.duckdb"), read_only=True) as connection:
        texts = dict(connection.execute("select article_id, text from articles").fetchall())
    assert texts == dict(query(warehouse, "select article_id, text from articles"))
    package = json.loads((release / "datapackage.json").read_text())
    assert package["newsledger"]["article_text"] == "included"
    assert package["licenses"] == [{"name": "CC-BY-4.0"}]
    assert "Article bodies: **included**" in (release / "README.md").read_text()


def test_without_a_licence_the_release_claims_none(warehouse, tmp_path):
    target = tmp_path / "releases"
    arguments = ["publish", "-w", warehouse, "--version", "1.0.0", "--to", str(target)]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    release = target / "1.0.0"
    package = json.loads((release / "datapackage.json").read_text())
    assert "licenses" not in package
    card = (release / "README.md").read_text()
    assert "no licence given: all rights remain with the publishers of the articles" in card
    assert "CC-BY" not in card
    assert front_matter(card)["license"] == "unknown"
    citation = yaml.safe_load((release / "CITATION.cff").read_text())
    assert "license" not in citation
    datacite = json.loads((release / "datacite.json").read_text())["data"]["attributes"]
    assert datacite["rightsList"] == [{"rights": NO_LICENCE_RIGHTS}]
    assert verify(str(release)) == []


def test_publish_says_what_it_wrote_its_size_and_how_to_verify(warehouse, tmp_path):
    target = tmp_path / "releases"
    arguments = ["publish", "-w", warehouse, "--version", "1.0.0", "--to", str(target)]
    people = {"NEWSLEDGER_RELEASE_AUTHORS": "Doe, Jane;Example Lab"}
    result = CliRunner().invoke(app, arguments, env=people)
    assert result.exit_code == 0, result.output
    release = target / "1.0.0"
    files = sorted(
        path.relative_to(release).as_posix() for path in release.rglob("*") if path.is_file()
    )
    lines = result.stdout.splitlines()
    total = sum((release / path).stat().st_size for path in files)
    heading = next(line for line in lines if line.startswith("wrote "))
    assert heading.startswith(f"wrote {len(files)} files, ")
    assert f"{total / 1e6:.1f} MB" in heading or f"{total / 1e3:.1f} kB" in heading
    listed = [line.split()[0] for line in lines if line.startswith("    ")]
    assert sorted(listed) == files
    groups = [line.split()[0] for line in lines if line.startswith("  ") and line[2] != " "]
    assert groups == ["tables", "database", "metadata", "documentation"]
    metadata = lines.index(next(line for line in lines if line.startswith("  metadata")))
    assert {line.split()[0] for line in lines[metadata + 1 : metadata + 4]} == {
        "datapackage.json",
        "CITATION.cff",
        "datacite.json",
    }
    assert lines[-1] == f"verify it: newsledger verify {release}"
    # The authors come from the settings: a person ("Family, Given") and an organisation.
    citation = yaml.safe_load((release / "CITATION.cff").read_text())
    assert citation["authors"] == [
        {"family-names": "Doe", "given-names": "Jane"},
        {"name": "Example Lab"},
    ]
    datacite = json.loads((release / "datacite.json").read_text())["data"]["attributes"]
    assert [creator["name"] for creator in datacite["creators"]] == ["Doe, Jane", "Example Lab"]


def test_a_release_cites_itself_and_loads_as_a_dataset(first_release):
    release = first_release / "1.0.0"
    package = json.loads((release / "datapackage.json").read_text())
    for name in ("CITATION.cff", "datacite.json", "README.md"):
        listed = package["newsledger"]["files"][name]
        data = (release / name).read_bytes()
        assert listed == {"bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}"}
    citation = yaml.safe_load((release / "CITATION.cff").read_text())
    assert (citation["cff-version"], citation["type"]) == ("1.2.0", "dataset")
    assert (citation["version"], citation["license"]) == ("1.0.0", "CC-BY-4.0")
    assert citation["title"] == package["title"] and citation["authors"] == [{"name": "newsledger"}]
    assert citation["date-released"] == package["created"][:10]

    card = front_matter((release / "README.md").read_text())
    assert card["license"] == "cc-by-4.0" and "license_name" not in card
    assert card["pretty_name"].endswith(" 1.0.0")
    assert card["language"] == ["en"] and card["size_categories"] == ["n<1K"]
    assert [config["config_name"] for config in card["configs"]] == list(TABLES)
    for config in card["configs"]:
        (data_file,) = config["data_files"]
        assert (release / data_file["path"]).is_file()
        assert pq.read_schema(release / data_file["path"]).names == list(
            released_schema(TABLES[config["config_name"]]).column_names
        )

    attributes = json.loads((release / "datacite.json").read_text())["data"]["attributes"]
    assert attributes["types"]["resourceTypeGeneral"] == "Dataset"
    assert attributes["titles"] == [{"title": package["title"]}]
    assert attributes["version"] == "1.0.0"
    assert attributes["publicationYear"] == int(package["created"][:4])
    assert attributes["rightsList"][0]["rightsIdentifier"] == "cc-by-4.0"
    assert attributes["sizes"][0] == "1 articles"


def _rewrite(release: Path, name: str, text: str) -> None:
    """Change a file and its entry in datapackage.json, so only the content check can tell."""
    (release / name).write_text(text, encoding="utf-8")
    package = json.loads((release / "datapackage.json").read_text())
    data = (release / name).read_bytes()
    package["newsledger"]["files"][name] = {
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
    }
    (release / "datapackage.json").write_text(json.dumps(package))


@pytest.mark.parametrize("name", ["CITATION.cff", "datacite.json", "README.md"])
def test_verify_finds_citation_files_changed_or_removed(first_release, tmp_path, name):
    changed = tmp_path / "changed"
    shutil.copytree(first_release / "1.0.0", changed)
    with (changed / name).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert [(p.path, p.reason.split()[0]) for p in verify(str(changed))] == [(name, "size")]

    removed = tmp_path / "removed"
    shutil.copytree(first_release / "1.0.0", removed)
    (removed / name).unlink()
    assert [(p.path, p.reason) for p in verify(str(removed))] == [(name, "missing")]
    # Removed and unlisted too: still missing, every release holds it.
    package = json.loads((removed / "datapackage.json").read_text())
    del package["newsledger"]["files"][name]
    (removed / "datapackage.json").write_text(json.dumps(package))
    assert [p.path for p in verify(str(removed))] == [name]


def test_a_release_older_than_the_citation_files_still_verifies(first_release, tmp_path):
    # Written before CITATION.cff and datacite.json existed (its package has no
    # `article_text` either): immutable, so it stays valid without them.
    older = tmp_path / "older"
    shutil.copytree(first_release / "1.0.0", older)
    package = json.loads((older / "datapackage.json").read_text())
    del package["newsledger"]["article_text"]
    for name in ("CITATION.cff", "datacite.json"):
        (older / name).unlink()
        del package["newsledger"]["files"][name]
    (older / "datapackage.json").write_text(json.dumps(package))
    assert verify(str(older)) == []


@pytest.mark.parametrize(
    "name, old, new, reason",
    [
        ("CITATION.cff", "version: 1.0.0", "version: 1.0.1", "version is '1.0.1'"),
        ("CITATION.cff", "license: CC-BY-4.0", "license: MIT", "license is 'MIT'"),
        ("CITATION.cff", "cff-version: 1.2.0\n", "", "required key missing: cff-version"),
        ("CITATION.cff", "title: ", "title: [", "not YAML"),
        ("datacite.json", '"version": "1.0.0"', '"version": "2.0.0"', "version is '2.0.0'"),
        ("datacite.json", '"Dataset"', '"Text"', "resourceTypeGeneral"),
        ("datacite.json", '"data"', '"dato"', "not DataCite"),
        ("README.md", "license: cc-by-4.0", "license: mit", "license is 'mit'"),
        ("README.md", " 1.0.0'\n", " 0.9.0'\n", "version (pretty_name) is '0.9.0'"),
        ("README.md", "path: data/claims.parquet", "path: data/claim.parquet", "no file"),
        ("README.md", "---\n", "", "front matter"),
    ],
    ids=[
        "cff-version",
        "cff-licence",
        "cff-required-key",
        "cff-not-yaml",
        "datacite-version",
        "datacite-type",
        "datacite-shape",
        "card-licence",
        "card-version",
        "card-config-path",
        "card-no-front-matter",
    ],
)
def test_verify_checks_citation_files_parse_and_agree(
    first_release, tmp_path, name, old, new, reason
):
    copy = tmp_path / "copy"
    shutil.copytree(first_release / "1.0.0", copy)
    text = (copy / name).read_text()
    assert old in text
    _rewrite(copy, name, text.replace(old, new, 1))
    problems = verify(str(copy))
    assert problems and {problem.path for problem in problems} == {name}
    assert any(reason in problem.reason for problem in problems), problems


def test_verify_finds_bodies_in_a_release_that_withholds_them(first_release, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(first_release / "1.0.0", copy)
    path = copy / "data" / "articles.parquet"
    articles = pq.read_table(path)
    index = articles.schema.get_field_index("text")
    bodies = pa.array(["a body"] * articles.num_rows, pa.string())
    pq.write_table(articles.set_column(index, articles.schema.field(index), bodies), path)
    package = json.loads((copy / "datapackage.json").read_text())
    resource = next(r for r in package["resources"] if r["name"] == "articles")
    resource["bytes"] = path.stat().st_size
    resource["hash"] = f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}"
    (copy / "datapackage.json").write_text(json.dumps(package))
    problems = verify(str(copy))
    assert [problem.path for problem in problems] == ["data/articles.parquet"]
    assert "withholds" in problems[0].reason


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


def test_a_licence_the_hub_does_not_list_and_credits_from_settings(warehouse, tmp_path):
    credits = {
        "title": "Harbor Wire figures",
        "authors": ["Example Lab"],
        "publisher": "Example Lab",
        "url": "https://example.org/releases",
    }
    release = run_publish(warehouse, "1.0.0", str(tmp_path), "ODbL-1.0", credits=credits)
    folder = Path(release.location)
    assert verify(str(folder)) == []
    card = front_matter((folder / "README.md").read_text())
    assert (card["license"], card["license_name"]) == ("other", "odbl-1.0")
    assert card["pretty_name"] == "Harbor Wire figures 1.0.0"
    package = json.loads((folder / "datapackage.json").read_text())
    assert package["title"] == "Harbor Wire figures"
    citation = yaml.safe_load((folder / "CITATION.cff").read_text())
    assert (citation["license"], citation["url"]) == ("ODbL-1.0", credits["url"])
    assert citation["authors"] == [{"name": "Example Lab"}]
    attributes = json.loads((folder / "datacite.json").read_text())["data"]["attributes"]
    assert attributes["publisher"] == "Example Lab" and attributes["url"] == credits["url"]
    assert attributes["relatedIdentifiers"][0]["relatedIdentifier"] == credits["url"]
