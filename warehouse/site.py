"""`newsledger site`: a static site over a release, opened from the file system.

One page per subject (`subjects/<slug>.html`) with its claims over time, each claimant's
figures drawn as low-high bars, buttons that filter by claimant and category, and every
figure linked to its article (URL, outlet, title) and its sentence (article offsets, the
sentence with the figure's span marked). An `index.html` lists the subjects.

Each page is one self-contained file, written from the Jinja2 templates
`templates/site_*.html.j2`: inline CSS and JavaScript, the page's data as an inline JSON
block, no CDN, no fetch. Precomputed JSON rather than DuckDB-WASM: under file:// Chromium
refuses fetch(), XMLHttpRequest and workers loaded from files (measured; see
docs/usage.md), so DuckDB-WASM would need its 34 MB wasm and the Parquet inlined in every
page, where a subject's JSON is a few kB. The page reads only the claims' own columns
(sentence, span text, offsets), never the article bodies, which releases may leave out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb
from markupsafe import Markup

from schemas.errors import NewsledgerError
from warehouse.report import _write_atomically, templates

INDEX_PAGE = "index.html"
SUBJECT_FOLDER = "subjects"
UNATTRIBUTED = "(unattributed)"
SLUG_WORDS = 48  # characters of the subject key kept in a page's file name
# Characters that could end the inline <script> block or open markup, written as JSON escapes.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


class SiteError(NewsledgerError):
    """A site that cannot be made: the release has no reported claims."""

    def __init__(self, message: str, hint: str = "", *, location: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.location = location


@dataclass(frozen=True, slots=True)
class Figure:
    """One reported figure as a page shows it; the span is located in its sentence."""

    published_date: str | None
    category: str
    claimant: str  # the name shown: the entity's canonical name, else the text as written
    claimant_key: str
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    subject_text: str | None
    outlet: str | None
    title: str | None
    url: str | None
    article_id: str
    start_char: int
    end_char: int
    sentence_index: int | None
    before: str  # the sentence up to the span
    span: str  # the figure as written
    after: str  # the sentence after the span
    is_first_report: bool


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject's page: its key, the label most often written, its file and its figures."""

    key: str
    label: str
    path: str  # relative to the site's folder
    figures: tuple[Figure, ...]

    @property
    def categories(self) -> list[str]:
        return sorted({figure.category for figure in self.figures})

    @property
    def claimants(self) -> list[tuple[str, str]]:
        """(name, key) of each claimant, by name: the key is what the filter matches."""
        return sorted({(figure.claimant, figure.claimant_key) for figure in self.figures})

    def data(self) -> dict[str, Any]:
        """The page's JSON: the subject and its figures, by publication date."""
        return {
            "key": self.key,
            "label": self.label,
            "figures": [asdict(figure) for figure in self.figures],
        }


@dataclass(frozen=True, slots=True)
class Site:
    """A rendered site: its pages (path relative to the site -> HTML) and the JSON sizes."""

    title: str
    subjects: tuple[Subject, ...]
    pages: dict[str, str]
    json_bytes: int  # the inline JSON of every page together

    @property
    def n_figures(self) -> int:
        return sum(len(subject.figures) for subject in self.subjects)


def build_site(connection: duckdb.DuckDBPyConnection, title: str) -> Site:
    """The site of the release open on `connection` (its tables and the analytic views).

    Raises SiteError when the release has no reported claims.
    """
    subjects = _subjects(connection)
    if not subjects:
        raise SiteError(
            "the release has no reported claims to show",
            "publish a warehouse that holds claims: `newsledger publish --to DIR --version X.Y.Z`",
        )
    environment = templates()
    pages, json_bytes = {}, 0
    for subject in subjects:
        data = page_json(subject.data())
        json_bytes += len(data.encode("utf-8"))
        pages[subject.path] = environment.get_template("site_subject.html.j2").render(
            title=title,
            subject=subject,
            data=Markup(data),
            index=f"../{INDEX_PAGE}",
        )
    pages[INDEX_PAGE] = environment.get_template("site_index.html.j2").render(
        title=title,
        subjects=subjects,
        n_figures=sum(len(subject.figures) for subject in subjects),
        categories=sorted({category for subject in subjects for category in subject.categories}),
    )
    return Site(title, tuple(subjects), pages, json_bytes)


def write_site(site: Site, out: str | os.PathLike) -> list[Path]:
    """Write every page under `out` (each whole or not at all); returns the paths, index first."""
    folder = Path(out)
    order = [INDEX_PAGE, *sorted(path for path in site.pages if path != INDEX_PAGE)]
    return [_write_atomically(folder / path, site.pages[path].encode("utf-8")) for path in order]


def page_json(data: Any) -> str:
    """`data` as JSON that is safe inside an inline `<script type="application/json">`."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


def subject_slug(key: str) -> str:
    """A file name for a subject's page: readable, and unique per key (a hash of it ends it)."""
    words = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:SLUG_WORDS] or "subject"
    return f"{words}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}"


def split_sentence(sentence: str, span: str) -> tuple[str, str, str]:
    """(before, span, after): the span's first occurrence in the sentence, else after it all."""
    at = sentence.find(span) if span else -1
    if at < 0:
        return sentence, span, ""
    return sentence[:at], span, sentence[at + len(span) :]


def _subjects(connection: duckdb.DuckDBPyConnection) -> list[Subject]:
    """Every subject with reported claims, the most claimed first."""
    relations = {
        row[0]
        for row in connection.execute(
            "select view_name from duckdb_views() union select table_name from duckdb_tables()"
        ).fetchall()
    }
    if "claims_timeline" not in relations:
        return []
    # claims_timeline's subject_key is never null: the view falls back to the subject's entity,
    # then its group word, then '(unspecified)', for rows written before the column.
    rows = connection.execute(
        "select t.subject_key, t.published_date, t.category, "
        "coalesce(e.canonical_name, t.claimant_text, $unattributed) as claimant, "
        "coalesce(t.claimant_key, $unattributed) as claimant_key, "
        "t.value, t.low, t.high, t.qualifier, t.subject_text, t.outlet, t.title, a.url, "
        "t.article_id, t.start_char, c.end_char, c.sentence_index, t.sentence, c.text, "
        "coalesce(t.is_first_report, false) "
        "from claims_timeline as t "
        "join claims as c on c.article_id = t.article_id and c.start_char = t.start_char "
        "  and c.category = t.category and c.value = t.value and c.sentence = t.sentence "
        "join articles as a on a.article_id = t.article_id "
        "left join entities as e on e.entity_id = t.claimant_entity_id "
        "where t.category is not null and t.value is not null "
        "order by t.subject_key, t.published_date nulls last, t.article_id, t.start_char, "
        "c.end_char",
        {"unattributed": UNATTRIBUTED},
    ).fetchall()
    by_subject: dict[str, list[Figure]] = {}
    for key, date, *fields, sentence, span, first in rows:
        before, span_text, after = split_sentence(sentence or "", span or "")
        by_subject.setdefault(key, []).append(
            Figure(_date(date), *fields, before, span_text, after, bool(first))
        )
    subjects = [
        Subject(key, _most_written(figures) or key, _path(key), tuple(figures))
        for key, figures in by_subject.items()
    ]
    return sorted(subjects, key=lambda subject: (-len(subject.figures), subject.key))


def _path(key: str) -> str:
    return f"{SUBJECT_FOLDER}/{subject_slug(key)}.html"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _most_written(figures: list[Figure]) -> str | None:
    counts: dict[str, int] = {}
    for figure in figures:
        if figure.subject_text:
            counts[figure.subject_text] = counts.get(figure.subject_text, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else None
