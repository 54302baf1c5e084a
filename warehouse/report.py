"""`newsledger report`: one self-contained HTML page about a subject's claims, with charts.

The page reads the warehouse through its views (`claims_timeline`, `mention_trends`,
`source_coverage`). User text reaches SQL only as bound parameters. Charts are matplotlib
PNGs inlined as `data:` URIs, so the page needs no network, no other file and no JavaScript;
its Content-Security-Policy forbids anything else. The page is the Jinja2 template
`templates/report.html.j2`, every value escaped. The same data gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import os
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import jinja2
from markupsafe import Markup

from schemas.errors import NewsledgerError
from warehouse.charts import bar_chart, chart_text, render_chart, trends_chart

TREND_ENTITIES = 8  # lines in the mention-trends chart: more are unreadable
TOP_ENTITIES = 15
TOP_OUTLETS = 15
TABLE_ROWS = 500  # claims listed in the table; the chart and the counts use every claim
HINT_ITEMS = 8
UNSPECIFIED = "(unspecified)"  # claims_timeline's subject_key when a claim names no subject

# Chart file names, in page order. The claims chart is the release card's (`render_chart`).
CLAIMS_CHART = "claims-timeline.png"
TRENDS_CHART = "mention-trends.png"
ENTITIES_CHART = "top-entities.png"
OUTLETS_CHART = "outlets.png"


class ReportError(NewsledgerError):
    """A report that cannot be made: no claims, or no claims for the subject or category."""

    def __init__(
        self,
        message: str,
        hint: str = "",
        *,
        subject: str | None = None,
        category: str | None = None,
    ) -> None:
        super().__init__(message)
        self.hint = hint
        self.subject = subject
        self.category = category


@dataclass(frozen=True, slots=True)
class Report:
    """A rendered report: the HTML page and its charts as PNG bytes, by file name."""

    title: str
    subject: str  # as matched: the key the report picked, or the user's text
    subject_label: str  # the subject as most often written
    category: str
    n_claims: int
    html: str
    images: dict[str, bytes]


@dataclass(frozen=True, slots=True)
class _Claim:
    published_date: dt.date | None
    category: str | None
    subject_key: str | None
    claimant: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    subject_text: str | None
    outlet: str | None
    title: str | None
    sentence: str | None
    is_first_report: bool | None


def render_report(
    connection: duckdb.DuckDBPyConnection, subject: str | None = None, category: str | None = None
) -> Report:
    """The report of `subject` and `category`; without them, of the pair with the most claims.

    `subject` matches `claims_timeline.subject_key` or, ignoring case, `subject_text`.
    Raises ReportError, with a hint naming subjects or categories that exist, when nothing
    matches.
    """
    # Tables too: a release's single-file database holds the tables themselves.
    views = {
        row[0]
        for row in connection.execute(
            "select view_name from duckdb_views() union select table_name from duckdb_tables()"
        ).fetchall()
    }
    if "claims_timeline" not in views or not _one(
        connection, "select count(*) from claims_timeline"
    ):
        raise ReportError(
            "the warehouse has no claims",
            "ingest articles first: `newsledger run <files> --warehouse <dir>`",
        )
    subject, category, claims = _select(connection, subject, category)
    label = _most_written(claims) or subject
    overview = _overview(connection, views)
    entities = _top_entities(connection) if "entity_mentions" in views else []
    trends = _trends(connection, [row[0] for row in entities[:TREND_ENTITIES]])
    outlets = (
        connection.execute(
            "select source, sum(n_articles)::bigint as n from source_coverage "
            "group by source order by n desc, source limit ?",
            [TOP_OUTLETS],
        ).fetchall()
        if "articles" in views
        else []
    )
    title = f"{category}: {label}"
    timeline = [
        (claim.published_date, claim.value, *_bounds(claim), chart_text(claim.claimant))
        for claim in claims
        if claim.value is not None
    ]
    charts = {
        CLAIMS_CHART: render_chart(timeline, chart_text(title)),
        TRENDS_CHART: trends_chart(trends),
        ENTITIES_CHART: bar_chart(
            [(f"{name} ({kind})" if kind else name, n) for _, name, kind, n in entities],
            "Most mentioned entities",
            "mentions",
        ),
        OUTLETS_CHART: bar_chart(outlets, "Articles per outlet", "articles"),
    }
    images = {name: png for name, png in charts.items() if png is not None}
    page = _page(
        title=title,
        subject=subject,
        label=label,
        category=category,
        claims=claims,
        overview=overview,
        images=images,
    )
    return Report(title, subject, label, category, len(claims), page, images)


def write_report(
    report: Report, out_html: str | os.PathLike, png_dir: str | os.PathLike | None = None
) -> list[Path]:
    """Write the page (and each chart as a PNG in `png_dir`); returns the paths written.

    Each file appears whole or not at all: it is written under a temporary name and renamed.
    """
    written = [_write_atomically(Path(out_html), report.html.encode("utf-8"))]
    if png_dir is not None:
        folder = Path(png_dir)
        folder.mkdir(parents=True, exist_ok=True)
        written += [_write_atomically(folder / name, png) for name, png in report.images.items()]
    return written


def _write_atomically(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    # Not mkstemp: its files are private (0600); a report is made to be shared.
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "xb") as file:
            file.write(data)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def _one(connection: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> Any:
    row = connection.execute(sql, params or []).fetchone()
    return row[0] if row else None


def _select(
    connection: duckdb.DuckDBPyConnection, subject: str | None, category: str | None
) -> tuple[str, str, list[_Claim]]:
    """(subject, category, claims) of the report, or ReportError with a hint."""
    categories = [
        row[0]
        for row in connection.execute(
            "select category from claims_timeline where category is not null "
            "group by category order by count(*) desc, category"
        ).fetchall()
    ]
    if category is not None and category not in categories:
        raise ReportError(
            f"no claims in category {category!r}",
            f"categories with claims: {', '.join(categories[:HINT_ITEMS])}",
            subject=subject,
            category=category,
        )
    if subject is None:
        # The subject with the most claims (in `category` if given); a named one first.
        subject, picked = connection.execute(
            "select subject_key, category from claims_timeline "
            "where ($category is null or category = $category) and category is not null "
            "group by subject_key, category "
            "order by subject_key = $unspecified, count(*) desc, subject_key, category limit 1",
            {"category": category, "unspecified": UNSPECIFIED},
        ).fetchone()
        return subject, picked, _claims(connection, subject, picked, match_text=False)
    found = _claims(connection, subject, None, match_text=True)
    if not found:
        raise ReportError(
            f"no claims about {subject!r}",
            "subjects with the most claims"
            + (f" in {category!r}" if category else "")
            + f" (key, as written): {_subject_examples(connection, category)}",
            subject=subject,
            category=category,
        )
    per_category = Counter(claim.category for claim in found if claim.category is not None)
    ranked = sorted(per_category.items(), key=lambda item: (-item[1], item[0]))
    if category is None:
        category = ranked[0][0]
    elif category not in per_category:
        raise ReportError(
            f"no claims about {subject!r} in category {category!r}",
            f"categories with claims about {subject!r}: "
            + ", ".join(f"{name} ({n})" for name, n in ranked[:HINT_ITEMS]),
            subject=subject,
            category=category,
        )
    return subject, category, [claim for claim in found if claim.category == category]


def _subject_examples(connection: duckdb.DuckDBPyConnection, category: str | None) -> str:
    rows = connection.execute(
        "select subject_key, mode(subject_text), count(*) as n from claims_timeline "
        "where subject_key <> $unspecified and ($category is null or category = $category) "
        "group by subject_key order by n desc, subject_key limit $limit",
        {"category": category, "unspecified": UNSPECIFIED, "limit": HINT_ITEMS},
    ).fetchall()
    return ", ".join(
        key if not text or text.lower() == key else f"{key} ({text!r})" for key, text, _ in rows
    )


def _claims(
    connection: duckdb.DuckDBPyConnection,
    subject: str,
    category: str | None,
    *,
    match_text: bool,
) -> list[_Claim]:
    """Claims about `subject` (in `category`, or in any when None), by publication date.

    `subject` matches the key, ignoring case; with `match_text`, also the subject as written.
    A claimant is its entity's canonical name when known (spellings joined), else its text.
    """
    rows = connection.execute(
        "select t.published_date, t.category, t.subject_key, "
        "coalesce(e.canonical_name, t.claimant_text, '(unattributed)') as claimant, "
        "t.value, t.low, t.high, t.qualifier, t.subject_text, t.outlet, t.title, t.sentence, "
        "t.is_first_report "
        "from claims_timeline as t "
        "left join entities as e on e.entity_id = t.claimant_entity_id "
        "where (lower(t.subject_key) = lower($subject) "
        "       or ($match_text and lower(t.subject_text) = lower($subject))) "
        "  and ($category is null or t.category = $category) "
        "order by t.published_date nulls last, t.article_id, t.start_char",
        {"subject": subject, "match_text": match_text, "category": category},
    ).fetchall()
    return [_Claim(*row) for row in rows]


def _most_written(claims: list[_Claim]) -> str | None:
    counts: dict[str, int] = {}
    for claim in claims:
        if claim.subject_text:
            counts[claim.subject_text] = counts.get(claim.subject_text, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else None


def _bounds(claim: _Claim) -> tuple[float | None, float | None]:
    # Error bars need low <= value <= high; a bound on the wrong side is drawn at the value.
    low = None if claim.low is None else min(claim.low, claim.value)
    high = None if claim.high is None else max(claim.high, claim.value)
    return low, high


def _overview(connection: duckdb.DuckDBPyConnection, views: set[str]) -> dict[str, Any]:
    articles, outlets, first, last = (
        connection.execute(
            "select count(*), count(distinct source), min(published_date), max(published_date) "
            "from articles"
        ).fetchone()
        if "articles" in views
        else (0, 0, None, None)
    )
    return {
        "articles": articles,
        "outlets": outlets,
        "first_date": first,
        "last_date": last,
        "claims": _one(connection, "select count(*) from claims_timeline"),
    }


def _top_entities(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int]]:
    """(entity_id, name, type, mentions) of the most mentioned entities."""
    return connection.execute(
        "select m.entity_id, coalesce(e.canonical_name, m.entity_id) as name, e.entity_type, "
        "count(*) as n from entity_mentions as m left join entities as e using (entity_id) "
        "where m.entity_id is not null group by all order by n desc, name limit ?",
        [TOP_ENTITIES],
    ).fetchall()


def _trends(
    connection: duckdb.DuckDBPyConnection, entity_ids: list[str]
) -> list[tuple[str, list[tuple[dt.date, int]]]]:
    """Per entity (in the order given), its mentions per month."""
    if not entity_ids:
        return []
    rows = connection.execute(
        "select entity_id, coalesce(canonical_name, entity_id), period_start, n_mentions "
        "from mention_trends where granularity = 'month' and entity_id in (select unnest(?)) "
        "order by period_start",
        [entity_ids],
    ).fetchall()
    names = {entity_id: name for entity_id, name, _, _ in rows}
    return [
        (names[entity_id], [(month, n) for key, _, month, n in rows if key == entity_id])
        for entity_id in entity_ids
        if entity_id in names
    ]


_CAPTIONS = {
    CLAIMS_CHART: "Each claimant's figures by publication date, with the low-high range the "
    "wording allows as error bars (the 8 claimants with the most figures).",
    TRENDS_CHART: "Mentions per month of the most mentioned entities, in the whole warehouse.",
    ENTITIES_CHART: "Entities with the most mentions in the whole warehouse.",
    OUTLETS_CHART: "Articles per outlet in the whole warehouse.",
}
_HEADINGS = {
    CLAIMS_CHART: "Claims over time",
    TRENDS_CHART: "Mention trends",
    ENTITIES_CHART: "Top entities",
    OUTLETS_CHART: "Outlets",
}


def _page(
    *,
    title: str,
    subject: str,
    label: str,
    category: str,
    claims: list[_Claim],
    overview: dict[str, Any],
    images: dict[str, bytes],
) -> str:
    """The report page, from `templates/report.html.j2`."""
    dates = [claim.published_date for claim in claims if claim.published_date is not None]
    claimants = {claim.claimant for claim in claims}
    outlets = {claim.outlet for claim in claims if claim.outlet}
    stats = [
        ("claims shown", f"{len(claims):,}"),
        ("claimants", f"{len(claimants):,}"),
        ("outlets reporting them", f"{len(outlets):,}"),
        ("reported", f"{_date(min(dates))} to {_date(max(dates))}" if dates else "-"),
        ("articles in the warehouse", f"{overview['articles']:,}"),
        ("outlets in the warehouse", f"{overview['outlets']:,}"),
        ("claims in the warehouse", f"{overview['claims']:,}"),
    ]
    charts = [
        {
            "heading": _HEADINGS[name],
            "caption": _CAPTIONS[name],
            "base64": base64.b64encode(png).decode("ascii"),
        }
        for name, png in images.items()
    ]
    # The keys the subject matched: when it is one key, the lead names it alone.
    keys = sorted({claim.subject_key for claim in claims if claim.subject_key})
    return (
        templates()
        .get_template("report.html.j2")
        .render(
            title=title,
            subject=subject,
            label=label,
            category=category,
            keys=keys,
            key_is_subject=[key.lower() for key in keys] == [subject.lower()],
            first_date=overview["first_date"],
            last_date=overview["last_date"],
            stats=stats,
            charts=charts,
            claims=claims,
            shown=claims[:TABLE_ROWS],
        )
    )


@functools.cache
def templates() -> jinja2.Environment:
    """The HTML templates of `warehouse/templates/`, every value escaped."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("warehouse", "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(date=_date, figure=_number, count="{:,}".format)
    return environment


def _escaped(value: Any) -> Markup:
    # Escaped as html.escape does (&quot; and &#x27;, where markupsafe writes &#34; and &#39;),
    # so a page is the same bytes as those made before the templates. None prints as nothing.
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value)))


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "-"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
