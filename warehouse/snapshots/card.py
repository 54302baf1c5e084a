"""The human side of a snapshot: its dataset card and its changelog, in Markdown."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from warehouse.snapshots.citation import with_front_matter

if TYPE_CHECKING:
    from warehouse.snapshots.versions import TableChange

# What the card says when the user gave no licence: newsledger claims no rights.
NO_LICENCE = "no licence given: all rights remain with the publishers of the articles"

# What a release is, for the card, CITATION.cff and DataCite's abstract.
ABSTRACT = (
    "Figures reported in news articles (people killed, injured, captured, deployed...), with"
    " who reported them, about whom, for which date, and in which article; plus the articles'"
    " entities, numbers, dates and quotations. Every figure is as reported by its claimant,"
    " not verified."
)

# The accuracy rows the card shows, in order: (gate key, field, corpus, measure).
ACCURACY_ROWS = (
    ("claims/claims-dev/category_value", "claims", "claims-dev", "F1, category and value"),
    ("claims/claims-test/category_value", "claims", "claims-test", "F1, category and value"),
    ("claims/claims-dev/claimant_on_matched", "claims", "claims-dev", "claimant agreement"),
    ("dates/meantime/timex3_value", "dates", "MEANTIME", "TIMEX3 value F1"),
    ("dates/meantime/timex3_span", "dates", "MEANTIME", "TIMEX3 span F1"),
    ("numbers/text2num/pass_rate", "numbers", "text2num", "pass rate"),
    ("numbers/duckling/pass_rate", "numbers", "Duckling", "pass rate"),
    ("entities/meantime/b_cubed", "entities", "MEANTIME", "B-cubed F1"),
    ("entities/meantime/type_accuracy", "entities", "MEANTIME", "type accuracy"),
    ("near_duplicates/constructed/pairs", "near-duplicates", "constructed set", "pair F1"),
)


def render_card(
    *,
    version: str,
    created: dt.datetime,
    license_id: str | None,
    include_text: bool,
    stats: dict,
    accuracy: dict[str, float],
    provenance: dict,
    chart: str | None,
    metadata: dict | None = None,
) -> str:
    """The dataset card (README.md) of a release, in Markdown; `metadata` (see
    `citation.card_metadata`) goes first as YAML front matter."""
    counts = stats["counts"]
    lines = [
        f"# newsledger dataset {version}",
        "",
        "Figures reported in news articles (people killed, injured, captured, deployed...),",
        "with who reported them, about whom, for which date, and in which article; plus the",
        "articles' entities, numbers, dates and quotations. Made by newsledger from the",
        "articles listed in `datapackage.json` (`sources`). Every figure is as reported by its",
        "claimant, not verified.",
        "",
        f"- Version: {version}, created {created.isoformat().replace('+00:00', 'Z')}",
        f"- Licence of this dataset: {license_id or NO_LICENCE}",
        f"- Coverage: articles published from {stats['first_date']} to {stats['last_date']}",
        f"- Articles: {counts.get('articles', 0):,}; claims: {counts.get('claims', 0):,}",
        "",
        "Query it with DuckDB: `duckdb newsledger.duckdb` (tables and views in one file), or",
        '`newsledger sql --snapshot <this folder> "select ..."`, or read `data/*.parquet`.',
        "`newsledger verify <this folder>` re-checks every file against `datapackage.json`.",
        "Cite it with `CITATION.cff`; `datacite.json` holds its DataCite metadata for an archive",
        "that mints a DOI. The YAML front matter of this card lets dataset tools load each table",
        '(`datasets.load_dataset("<this folder>", "claims")`).',
        "",
        *contents_section(include_text),
        "## Rows per table",
        "",
        "| table | rows |",
        "|---|---:|",
        *(f"| {name} | {count:,} |" for name, count in counts.items()),
        "",
        "## Top entities (by mentions)",
        "",
        "| entity | type | mentions |",
        "|---|---|---:|",
        *(f"| {_cell(name)} | {kind} | {n:,} |" for name, kind, n in stats["entities"]),
        "",
        "## Top outlets (by articles)",
        "",
        "| outlet | articles |",
        "|---|---:|",
        *(f"| {_cell(outlet)} | {n:,} |" for outlet, n in stats["outlets"]),
        "",
    ]
    if chart:
        lines += [
            "## Main claims timeline",
            "",
            f"The subject and category with the most claims ({_cell(stats['timeline_title'])}):"
            " each claimant's figures by publication date, with the low-high range the",
            "wording allows.",
            "",
            f"![claims timeline]({chart})",
            "",
        ]
    lines += [
        "## Extraction accuracy",
        "",
        "From newsledger's evaluation gate (`make eval`) for the code that made this release:",
        "",
        "| field | corpus | measure | value |",
        "|---|---|---|---:|",
        *(
            f"| {field} | {corpus} | {measure} | {accuracy[key]:.3f} |"
            for key, field, corpus, measure in ACCURACY_ROWS
            if key in accuracy
        ),
        "",
        "## Provenance",
        "",
        f"- newsledger code version: {provenance.get('code_version')}",
        "- spaCy models: "
        + ", ".join(
            f"{model['name']} {model['version']}" for model in provenance.get("models", [])
        ),
        f"- Extractor versions: {', '.join(provenance.get('extractor_versions', []))}",
        f"- Runs behind this release: {len(provenance.get('run_ids', []))}"
        + _kinds(provenance.get("runs", []))
        + " (listed in `datapackage.json`, and in the `runs` table)",
        "",
    ]
    text = "\n".join(lines)
    return with_front_matter(metadata, text) if metadata is not None else text


def contents_section(include_text: bool) -> list[str]:
    """What the release holds of the articles, and what it does not (the text policy)."""
    kept = (
        "titles, URLs, outlets, dates, the sha256 of each body (`articles.text_sha256`), and"
        " for every extracted figure, entity, date and quotation its offsets and its own words"
        " (`claims.sentence`, the `text` columns)"
    )
    if include_text:
        return [
            "## What this release contains",
            "",
            f"Article bodies: **included** (`articles.text`), besides {kept}. The publishers of"
            " the articles may hold rights to their texts: the licence above is the publisher"
            " of this release's choice.",
            "",
        ]
    return [
        "## What this release contains",
        "",
        f"Article bodies: **not included** (`articles.text` is null). It keeps {kept}: enough"
        " to cite each article and find it again, and to check a copy against its sha256.",
        "",
    ]


def _kinds(runs: list[dict]) -> str:
    """' (3 ingest, 1 reprocess)': the runs by kind, in the order kinds first occur."""
    counts: dict[str, int] = {}
    for run in runs:
        counts[run["kind"]] = counts.get(run["kind"], 0) + 1
    return f" ({', '.join(f'{n} {kind}' for kind, n in counts.items())})" if counts else ""


def changelog_text(
    version: str, previous: str | None, bump: str, changes: dict[str, TableChange]
) -> str:
    """CHANGELOG.md of a release: what changed per table since the previous version."""
    if previous is None:
        lines = [f"# {version}", "", "First release.", "", "| table | rows |", "|---|---:|"]
        lines += [f"| {name} | {change.rows:,} |" for name, change in changes.items()]
        return "\n".join([*lines, ""])
    lines = [
        f"# {version}",
        "",
        f"Changes since {previous} (a {bump} release: schema change -> major, new rows ->",
        "minor, corrections -> patch). Rows are matched by primary key; a changed row has the",
        "same key and other content.",
        "",
        "| table | rows | added | removed | changed |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {c.rows:,} | {c.added:,} | {c.removed:,} | {c.changed:,} |"
        for name, c in changes.items()
    ]
    schema_lines = [
        f"- {name}: {difference}"
        for name, change in changes.items()
        for difference in change.schema_changes
    ]
    lines += ["", "## Schema changes", "", *(schema_lines or ["None."]), ""]
    return "\n".join(lines)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
