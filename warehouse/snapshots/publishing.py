"""Writing a release: tables, descriptor, card, changelog and database, staged then moved
into place (see the package docstring for the layout and the rules)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from schemas import TABLES
from schemas.errors import RunError
from warehouse.catalog import (
    build_database,
    create_table_views,
    quote_identifier,
    quote_literal,
    view_sql_files,
)
from warehouse.charts import render_chart
from warehouse.snapshots.card import ABSTRACT, changelog_text, render_card
from warehouse.snapshots.citation import (
    Credits,
    card_metadata,
    citation_document,
    datacite_document,
    to_yaml,
)
from warehouse.snapshots.comparison import compare
from warehouse.snapshots.package import (
    BODY_COLUMN,
    BODY_TABLE,
    CARD,
    CHANGELOG,
    CHART,
    CITATION,
    DATA_FOLDER,
    DATABASE,
    DATACITE,
    PACKAGE,
    TEXT_SHA256,
    filesystem,
    package_descriptor,
    read_package,
    released_schema,
    uri,
)
from warehouse.snapshots.versions import (
    TableChange,
    Version,
    check_version,
    published_versions,
    required_bump,
)
from warehouse.store import Manifest, Store
from warehouse.tables import read_column, sorted_by_key


@dataclass(slots=True)
class Release:
    """What `publish` wrote."""

    version: Version
    location: str
    previous: Version | None
    required_bump: str
    changes: dict[str, TableChange]
    files: dict[str, int]  # path in the release -> bytes


def warehouse_provenance(store: Store, manifest: Manifest, code_version: str) -> dict:
    """The code, models and runs behind the warehouse's rows, for the package and the card."""
    runs = read_column(
        store,
        manifest,
        "runs",
        ["run_id", "kind", "started_at", "model_name", "model_version", "extractor_version"],
    ).to_pylist()
    models = sorted(
        {(run["model_name"], run["model_version"]) for run in runs if run["model_name"]}
    )
    return {
        "code_version": code_version,
        "models": [{"name": name, "version": version} for name, version in models],
        "extractor_versions": sorted(
            {run["extractor_version"] for run in runs if run["extractor_version"]}
        ),
        "run_ids": sorted(run["run_id"] for run in runs),
        # The runs behind the rows, each with its kind (ingest, reprocess, publish).
        "runs": [
            {
                "run_id": run["run_id"],
                "kind": run["kind"],
                "started_at": run["started_at"].isoformat(),
                "extractor_version": run["extractor_version"],
            }
            for run in sorted(runs, key=lambda run: (run["started_at"], run["run_id"]))
        ],
    }


def publish(
    store: Store,
    manifest: Manifest,
    target: str,
    version: str,
    *,
    license_id: str | None,
    provenance: dict,
    accuracy: dict[str, float],
    include_text: bool = False,
    credits: Credits | None = None,
) -> Release:
    """Write the warehouse as release `version` under `target`; see the module docstring.

    Article bodies go in only with `include_text` (see `package.TEXT_SHA256`); `license_id`
    is the user's choice, None when they gave none. `credits` (title, authors, publisher,
    URL) go into CITATION.cff, the card's front matter and datacite.json.
    """
    credits = credits or Credits()
    wanted = Version.parse(version)
    fs, root = filesystem(target)
    destination = f"{root}/{wanted}"
    if fs.exists(f"{destination}/{PACKAGE}"):
        raise RunError(
            f"version {wanted} is already published at {target}", hint="releases are immutable"
        )
    versions = published_versions(target)
    previous = versions[-1] if versions else None
    with tempfile.TemporaryDirectory(prefix="newsledger-publish-") as staging_folder:
        staging = Path(staging_folder)
        written = _write_tables(store, manifest, staging, include_text)
        previous_package = read_package(fs, f"{root}/{previous}") if previous is not None else None
        changes = compare(written, previous_package, fs, f"{root}/{previous}" if previous else None)
        bump = required_bump(changes) if previous is not None else "initial"
        check_version(wanted, previous, bump)
        created = dt.datetime.now(dt.UTC).replace(microsecond=0)
        stats = _statistics(staging)
        _write_database(staging)
        chart = render_chart(stats["timeline"], stats["timeline_title"])
        if chart is not None:
            (staging / CHART).write_bytes(chart)
        (staging / CARD).write_text(
            render_card(
                version=str(wanted),
                created=created,
                license_id=license_id,
                include_text=include_text,
                stats=stats,
                accuracy=accuracy,
                provenance=provenance,
                chart=CHART if chart is not None else None,
                metadata=card_metadata(
                    credits,
                    version=str(wanted),
                    license_id=license_id,
                    languages=stats["languages"],
                    articles=stats["counts"].get("articles", 0),
                    data_files={
                        name: path.relative_to(staging).as_posix() for name, path in written.items()
                    },
                ),
            ),
            encoding="utf-8",
        )
        _write_citations(staging, credits, str(wanted), created, license_id, stats)
        (staging / CHANGELOG).write_text(
            changelog_text(str(wanted), previous and str(previous), bump, changes),
            encoding="utf-8",
        )
        package = package_descriptor(
            staging,
            wanted,
            created,
            license_id,
            stats["sources"],
            provenance,
            written,
            include_text=include_text,
            title=credits.title,
        )
        (staging / PACKAGE).write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
        files = {
            path.relative_to(staging).as_posix(): path.stat().st_size
            for path in sorted(staging.rglob("*"))
            if path.is_file()
        }
        _move_into_place(staging, fs, destination)
    return Release(wanted, uri(fs, destination), previous, bump, changes, files)


def _write_citations(
    staging: Path,
    credits: Credits,
    version: str,
    created: dt.datetime,
    license_id: str | None,
    stats: dict,
) -> None:
    """CITATION.cff and datacite.json of the staged release."""
    citation = citation_document(
        credits, version=version, created=created, license_id=license_id, abstract=ABSTRACT
    )
    (staging / CITATION).write_text(to_yaml(citation), encoding="utf-8")
    counts = stats["counts"]
    parquet_bytes = sum(path.stat().st_size for path in (staging / DATA_FOLDER).iterdir())
    datacite = datacite_document(
        credits,
        version=version,
        created=created,
        license_id=license_id,
        abstract=ABSTRACT,
        coverage=(stats["first_date"], stats["last_date"]),
        languages=stats["languages"],
        sizes=[
            f"{counts.get('articles', 0)} articles",
            f"{counts.get('claims', 0)} claims",
            f"{parquet_bytes} bytes of Parquet",
        ],
    )
    (staging / DATACITE).write_text(json.dumps(datacite, indent=2) + "\n", encoding="utf-8")


def _write_tables(
    store: Store, manifest: Manifest, staging: Path, include_text: bool
) -> dict[str, Path]:
    """Every table as one Parquet file sorted by its primary key (an empty table too)."""
    (staging / DATA_FOLDER).mkdir()
    written = {}
    for name, declared in TABLES.items():
        schema = released_schema(declared)
        table = read_column(store, manifest, name, list(declared.column_names))
        if name == BODY_TABLE:
            table = _apply_text_policy(table, include_text)
        if table.num_rows == 0:
            table = schema.arrow_schema.empty_table()
        table = sorted_by_key(schema, table.select(schema.column_names).cast(schema.arrow_schema))
        path = staging / DATA_FOLDER / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd", row_group_size=256 * 1024)
        written[name] = path
    return written


def _apply_text_policy(articles: pa.Table, include_text: bool) -> pa.Table:
    """The sha256 of every body beside it; the bodies themselves nulled unless included."""
    bodies = articles.column(BODY_COLUMN).to_pylist()
    digests = [
        None if body is None else hashlib.sha256(body.encode("utf-8")).hexdigest()
        for body in bodies
    ]
    articles = articles.append_column(TEXT_SHA256.name, pa.array(digests, pa.string()))
    if include_text:
        return articles
    index = articles.schema.get_field_index(BODY_COLUMN)
    return articles.set_column(index, BODY_COLUMN, pa.nulls(articles.num_rows, pa.string()))


def _move_into_place(staging: Path, fs: fsspec.AbstractFileSystem, destination: str) -> None:
    if isinstance(fs, LocalFileSystem):
        parent = os.path.dirname(destination)
        os.makedirs(parent, exist_ok=True)
        if os.path.exists(destination):
            # An earlier upload died before its package: not a release, safe to replace.
            shutil.rmtree(destination)
        temporary = os.path.join(parent, f".staging-{uuid.uuid4().hex[:8]}")
        shutil.copytree(staging, temporary)
        os.chmod(temporary, 0o755)  # the staging folder was private; a release is for reading
        os.rename(temporary, destination)  # the release appears whole, or not at all
        return
    for path in sorted(staging.rglob("*")):
        relative = path.relative_to(staging).as_posix()
        if path.is_file() and relative != PACKAGE:
            fs.put_file(str(path), f"{destination}/{relative}")
    fs.put_file(str(staging / PACKAGE), f"{destination}/{PACKAGE}")


def _statistics(staging: Path) -> dict:
    """What the card reports, queried from the staged tables."""
    connection = duckdb.connect(":memory:")
    try:
        create_table_views(
            connection,
            {name: [str(staging / DATA_FOLDER / f"{name}.parquet")] for name in TABLES},
        )

        def rows(sql: str) -> list[tuple]:
            return connection.execute(sql).fetchall()

        counts = {
            name: rows(f"select count(*) from {quote_identifier(name)}")[0][0]  # noqa: S608
            for name in TABLES
        }
        (first, last) = rows("select min(published_date), max(published_date) from articles")[0]
        outlets = rows(
            "select coalesce(source, '(unknown)') as outlet, count(*) as n from articles "
            "group by all order by n desc, outlet limit 10"
        )
        entities = rows(
            "select e.canonical_name, e.entity_type, count(*) as n "
            "from entity_mentions as m join entities as e using (entity_id) "
            "group by all order by n desc, e.canonical_name limit 10"
        )
        main = rows(
            "select subject_key, category, count(*) as n from claims_timeline "
            "where subject_key <> '(unspecified)' group by all "
            "order by n desc, subject_key, category limit 1"
        )
        timeline: list[tuple] = []
        title = ""
        if main:
            subject, category, _ = main[0]
            timeline = connection.execute(
                "select t.published_date, t.value, t.low, t.high, "
                "coalesce(e.canonical_name, t.claimant_text, '(unattributed)') "
                "from claims_timeline as t "
                "left join entities as e on e.entity_id = t.claimant_entity_id "
                "where t.subject_key = ? and t.category = ? "
                "order by t.published_date, t.start_char",
                [subject, category],
            ).fetchall()
            (label,) = connection.execute(
                "select coalesce(max(subject_text), ?) from claims_timeline "
                "where subject_key = ? and category = ?",
                [subject, subject, category],
            ).fetchone()
            title = f"{category}: {label}"
        # The articles' languages, commonest first (ISO 639-1 codes; null ones left out).
        languages = [
            language
            for (language,) in rows(
                "select language from articles where language is not null "
                "group by all order by count(*) desc, language"
            )
        ]
        sources = [
            {"title": outlet}
            for (outlet,) in rows(
                "select distinct coalesce(source, '(unknown)') from articles order by 1"
            )
        ]
    finally:
        connection.close()
    return {
        "counts": counts,
        "first_date": first,
        "last_date": last,
        "outlets": outlets,
        "entities": entities,
        "timeline": timeline,
        "timeline_title": title,
        "sources": sources,
        "languages": languages,
    }


def _write_database(staging: Path) -> None:
    """One DuckDB file with every table copied in and the analytic views over them, in the
    storage version DuckDB 1.1 and later read (`catalog.STORAGE_VERSION`)."""

    def fill(connection: duckdb.DuckDBPyConnection) -> None:
        for name in TABLES:
            path = staging / DATA_FOLDER / f"{name}.parquet"
            # DDL takes no bound parameters: the name is declared, the path a quoted literal.
            connection.execute(
                f"create table {quote_identifier(name)} as "  # noqa: S608
                f"select * from read_parquet({quote_literal(str(path))})"
            )
        for _, sql in view_sql_files():
            connection.execute(sql)

    build_database(str(staging / DATABASE), fill)
