"""`newsledger report`: one self-contained HTML page about a subject's claims, with charts.

The page reads the warehouse through its views (`claims_timeline`, `mention_trends`,
`source_coverage`). User text reaches SQL only as bound parameters. Charts are matplotlib
PNGs inlined as `data:` URIs, so the page needs no network, no other file and no JavaScript;
its Content-Security-Policy forbids anything else. The same data gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import os
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from transforms.errors import NewsledgerError
from warehouse.snapshot_card import render_chart

TREND_ENTITIES = 8  # lines in the mention-trends chart: more are unreadable
TOP_ENTITIES = 15
TOP_OUTLETS = 15
TABLE_ROWS = 500  # claims listed in the table; the chart and the counts use every claim
HINT_ITEMS = 8
UNSPECIFIED = "(unspecified)"  # claims_timeline's subject_key when a claim names no subject

# Chart file names, in page order. The claims chart is the card's (`render_chart`).
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
        (claim.published_date, claim.value, *_bounds(claim), _chart_text(claim.claimant))
        for claim in claims
        if claim.value is not None
    ]
    charts = {
        CLAIMS_CHART: render_chart(timeline, _chart_text(title)),
        TRENDS_CHART: _trends_chart(trends),
        ENTITIES_CHART: _bar_chart(
            [(f"{name} ({kind})" if kind else name, n) for _, name, kind, n in entities],
            "Most mentioned entities",
            "mentions",
        ),
        OUTLETS_CHART: _bar_chart(outlets, "Articles per outlet", "articles"),
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


def _chart_text(text: str) -> str:
    # Matplotlib reads text between two dollar signs as math; names are plain text.
    return text.replace("$", r"\$")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display: render to a buffer
    import matplotlib.pyplot as plt

    return plt


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    # No Software entry: the same data gives the same bytes, as with the card's chart.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _trends_chart(trends: list[tuple[str, list[tuple[dt.date, int]]]]) -> bytes | None:
    """Lines of monthly mentions, one per entity."""
    if not trends:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 4.5), dpi=100)
    try:
        for name, points in trends:
            axes.plot(
                [month for month, _ in points],
                [n for _, n in points],
                marker="o",
                label=_chart_text(name[:40]),
            )
        axes.set_title(f"Mentions per month, the {len(trends)} most mentioned entities")
        axes.set_xlabel("month")
        axes.set_ylabel("mentions")
        axes.grid(alpha=0.3)
        axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        figure.autofmt_xdate()
        figure.tight_layout()
        return _png(figure)
    finally:
        plt.close(figure)


def _bar_chart(rows: Iterable[tuple[str, int]], title: str, xlabel: str) -> bytes | None:
    """Horizontal bars, largest on top."""
    rows = list(rows)
    if not rows:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 1.2 + 0.32 * len(rows)), dpi=100)
    try:
        labels = [_chart_text(str(label)[:50]) for label, _ in reversed(rows)]
        counts = [n for _, n in reversed(rows)]
        bars = axes.barh(range(len(rows)), counts, color="#1f77b4")
        axes.bar_label(bars, padding=3, fontsize="small")
        axes.set_yticks(range(len(rows)), labels, fontsize="small")
        axes.set_title(title)
        axes.set_xlabel(xlabel)
        axes.margins(x=0.1)
        axes.grid(axis="x", alpha=0.3)
        figure.tight_layout()
        return _png(figure)
    finally:
        plt.close(figure)


_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d232b;
  background: #f6f7f9; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 1px solid #dde1e6; }
.lead { color: #4a5360; margin: 0 0 16px; }
.stats { display: flex; flex-wrap: wrap; gap: 10px; padding: 0; margin: 16px 0; }
.stats li { list-style: none; background: #eef2f7; border-radius: 6px; padding: 8px 14px; }
.stats b { display: block; font-size: 1.3em; }
figure { margin: 12px 0 24px; }
figure img { max-width: 100%; height: auto; border: 1px solid #e3e6ea; }
figcaption { color: #4a5360; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-size: 0.88em; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e6ea;
  vertical-align: top; }
th { background: #eef2f7; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.d { white-space: nowrap; }
footer { margin-top: 32px; color: #6b7480; font-size: 0.85em; }
"""

# The page may load nothing but its own inline style and data: images.
_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

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
    e = html.escape
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
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>newsledger report: {e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e(title)}</h1>",
        f'<p class="lead">Figures reported in category <code>{e(category)}</code> about '
        f"{_subject_line(subject, label, claims)}. Articles in the warehouse were published from "
        f"{_date(overview['first_date'])} to {_date(overview['last_date'])}.</p>",
        '<ul class="stats">',
        *(f"<li><b>{e(value)}</b>{e(name)}</li>" for name, value in stats),
        "</ul>",
    ]
    for name, png in images.items():
        data = base64.b64encode(png).decode("ascii")
        parts += [
            f"<h2>{e(_HEADINGS[name])}</h2>",
            "<figure>",
            f'<img src="data:image/png;base64,{data}" alt="{e(_HEADINGS[name])} chart">',
            f"<figcaption>{e(_CAPTIONS[name])}</figcaption>",
            "</figure>",
        ]
    shown = claims[:TABLE_ROWS]
    parts += [
        "<h2>Claims</h2>",
        f"<p>The first {len(shown):,} of {len(claims):,}, by publication date."
        if len(shown) < len(claims)
        else f"<p>All {len(claims):,}, by publication date.",
        " Hover an article title for the sentence the figure comes from; ✓ marks the first "
        "report of a figure (later ones repeat it).</p>",
        '<table id="claims">',
        "<thead><tr><th>published</th><th>claimant</th><th>figure</th><th>low</th>"
        "<th>high</th><th>qualifier</th><th>subject as written</th><th>outlet</th>"
        "<th>article</th><th>first</th></tr></thead>",
        "<tbody>",
        *(_row(claim) for claim in shown),
        "</tbody>",
        "</table>",
        "<footer>Made by newsledger from its warehouse. Every figure is as reported by its "
        "claimant, not verified.</footer>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _subject_line(subject: str, label: str, claims: list[_Claim]) -> str:
    """The subject as asked, the keys it matched and how it is mostly written, as HTML."""
    e = html.escape
    keys = sorted({claim.subject_key for claim in claims if claim.subject_key})
    written = f"mostly written “{e(label)}”"
    if [key.lower() for key in keys] == [subject.lower()]:
        return f"subject key <code>{e(keys[0])}</code> ({written})"
    listed = ", ".join(f"<code>{e(key)}</code>" for key in keys)
    return f"“{e(subject)}” (subject key {listed}; {written})"


def _row(claim: _Claim) -> str:
    e = html.escape
    cells = [
        f'<td class="d">{_date(claim.published_date)}</td>',
        f"<td>{e(claim.claimant)}</td>",
        f'<td class="n">{_number(claim.value)}</td>',
        f'<td class="n">{_number(claim.low)}</td>',
        f'<td class="n">{_number(claim.high)}</td>',
        f"<td>{e(claim.qualifier or '')}</td>",
        f"<td>{e(claim.subject_text or '')}</td>",
        f"<td>{e(claim.outlet or '')}</td>",
        f'<td title="{e(claim.sentence or "")}">{e(claim.title or "")}</td>',
        f"<td>{'✓' if claim.is_first_report else ''}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "-"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
