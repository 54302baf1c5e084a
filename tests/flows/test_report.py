"""`newsledger report` on the bundled sample corpus: a self-contained page, seen by a browser.

The last test opens the page in headless Chromium (Debian's `chromium` package) and checks
the screenshot. `.ci/run` installs the package when it is missing and sets `CI`; under CI a
missing browser fails the test. Elsewhere (`CI` unset) it is skipped, saying why.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import run_ingest
from flows.settings import Settings
from schemas import TABLES
from tests.conftest import REPO, query
from warehouse.catalog import connect, quote_identifier, view_sql_files
from warehouse.report import CLAIMS_CHART, render_report
from warehouse.store import Store

pytestmark = pytest.mark.usefixtures("prefect_harness")
SAMPLE = REPO / "examples" / "sample-corpus"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DATA_PNG = "data:image/png;base64,"
CHARTS = {"claims-timeline.png", "mention-trends.png", "top-entities.png", "outlets.png"}
# A claimant (and an outlet) no page should take for markup; the dollars are matplotlib math.
EVIL = '<script>alert("x")</script> & $1 or $2 Co'


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory):
    warehouse = str(tmp_path_factory.mktemp("report") / "wh")
    run_ingest([str(SAMPLE)], Settings(warehouse=warehouse, processes=1))
    return warehouse


@pytest.fixture(scope="module")
def written(sample_warehouse, tmp_path_factory):
    """The default report, written by the CLI with its PNGs: (html path, png folder)."""
    folder = tmp_path_factory.mktemp("out")
    out, png_dir = folder / "report.html", folder / "png"
    result = CliRunner().invoke(
        app,
        ["report", "-w", sample_warehouse, "--out", str(out), "--png-dir", str(png_dir)],
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stdout
    return out, png_dir


class _Page(HTMLParser):
    """The attributes of every tag, and the claims table's rows as cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self._in_claims = self._in_body = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "table":
            self._in_claims = attributes.get("id") == "claims"
        elif tag == "tbody" and self._in_claims:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def timeline(warehouse: str) -> list[tuple]:
    """(date, claimant, figure, subject_key, subject_text, category) of every claim.

    The figure as the page prints it; the claimant as the report names it.
    """
    rows = query(
        warehouse,
        "select t.published_date, coalesce(e.canonical_name, t.claimant_text, '(unattributed)'), "
        "t.value, t.subject_key, t.subject_text, t.category from claims_timeline as t "
        "left join entities as e on e.entity_id = t.claimant_entity_id",
    )
    return [(str(date), claimant, f"{value:,.0f}", *rest) for date, claimant, value, *rest in rows]


def shown_claims(page: str) -> list[tuple[str, str, str]]:
    return sorted((cells[0], cells[1], cells[2]) for cells in parse(page).rows)


def test_page_is_self_contained_and_its_images_are_pngs(written):
    out, _ = written
    page = out.read_text(encoding="utf-8")
    tags = parse(page).tags
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert not [tag for tag, _ in tags if tag in {"script", "link", "iframe", "object"}]
    sources = [attributes.get("src") or "" for tag, attributes in tags if tag == "img"]
    assert len(sources) == len(CHARTS)
    for source in sources:
        assert source.startswith(DATA_PNG)
        data = base64.b64decode(source.removeprefix(DATA_PNG), validate=True)
        assert data.startswith(PNG_SIGNATURE)
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG" and image.width >= 600 and image.height >= 200
    policy = [a for tag, a in tags if tag == "meta" and a.get("http-equiv")]
    assert policy and "default-src 'none'" in (policy[0].get("content") or "")


def test_default_report_is_the_subject_and_category_with_most_claims(sample_warehouse, written):
    out, _ = written
    (key, category, n) = query(
        sample_warehouse,
        "select subject_key, category, count(*) as n from claims_timeline "
        "where subject_key <> '(unspecified)' group by all "
        "order by n desc, subject_key, category limit 1",
    )[0]
    page = out.read_text(encoding="utf-8")
    expected = sorted(
        row[:3] for row in timeline(sample_warehouse) if row[3] == key and row[5] == category
    )
    assert len(expected) == n
    assert shown_claims(page) == expected
    assert f"<code>{html.escape(key)}</code>" in page and f"<code>{category}</code>" in page


def test_subject_matches_its_text_in_any_case(sample_warehouse):
    store = Store(sample_warehouse)
    with connect(store, store.read_manifest()) as connection:
        report = render_report(connection, subject="VELMORAN SOLDIERS")
    ((category, _),) = query(
        sample_warehouse,
        "select category, count(*) as n from claims_timeline "
        "where subject_text ilike 'velmoran soldiers' group by all order by n desc limit 1",
    )
    assert report.category == category
    expected = sorted(
        row[:3]
        for row in timeline(sample_warehouse)
        if (row[4] or "").lower() == "velmoran soldiers" and row[5] == category
    )
    assert len(expected) >= 6  # the ministry's running total and the other claimants
    assert shown_claims(report.html) == expected
    assert "defence ministry" in {claimant for _, claimant, _ in expected}


def test_text_from_the_data_is_escaped(sample_warehouse):
    store = Store(sample_warehouse)
    with duckdb.connect() as copy:
        # A writable copy of the warehouse, its tables as tables, with the same views.
        with connect(store, store.read_manifest()) as connection, connection.cursor() as source:
            for name in TABLES:
                rows = source.sql(f"select * from {quote_identifier(name)}")  # noqa: S608
                copy.register("rows", rows.to_arrow_table())
                copy.execute(f"create table {quote_identifier(name)} as select * from rows")  # noqa: S608
                copy.unregister("rows")
        for _, sql in view_sql_files():
            copy.execute(sql)
        key, category, article_id, start_char = copy.execute(
            "select subject_key, category, article_id, start_char from claims_timeline "
            "where subject_key <> '(unspecified)' order by article_id, start_char limit 1"
        ).fetchone()
        copy.execute(
            "update claims set claimant_text = ?, claimant_entity_id = null "
            "where article_id = ? and start_char = ? and category = ?",
            [EVIL, article_id, start_char, category],
        )
        outlet = "<i>O'Reilly</i>"
        copy.execute("update articles set source = ? where article_id = ?", [outlet, article_id])

        report = render_report(copy, subject=key, category=category)

    assert "<script" not in report.html and "<i>" not in report.html
    assert report.html.count(html.escape(EVIL)) == 1
    assert html.escape(outlet) in report.html
    assert [cells[1] for cells in parse(report.html).rows].count(EVIL) == 1
    assert CLAIMS_CHART in report.images  # the dollar signs did not break the chart


def test_png_export_writes_the_charts_of_the_page(written):
    out, png_dir = written
    files = {path.name: path.read_bytes() for path in png_dir.iterdir()}
    assert set(files) == CHARTS
    page = out.read_text(encoding="utf-8")
    for data in files.values():
        assert data.startswith(PNG_SIGNATURE)
        assert DATA_PNG + base64.b64encode(data).decode("ascii") in page


@pytest.mark.parametrize(
    ("options", "message", "hint"),
    [
        (["--subject", "no-such-subject"], "no claims about 'no-such-subject'", "ostrian/soldier"),
        (["--category", "no-such-category"], "no claims in category", "killed"),
        (["--subject", "ostrian/soldier", "--category", "displaced"], "in category", "killed ("),
    ],
    ids=["unknown-subject", "unknown-category", "category-not-of-subject"],
)
def test_cli_bad_subject_or_category_is_one_error_with_a_hint(
    sample_warehouse, tmp_path, options, message, hint
):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "-w", sample_warehouse, "-o", str(out), *options])
    assert result.exit_code == 1
    error, _, hint_text = " ".join(result.stderr.split()).partition(" hint: ")
    assert error.startswith(("error:", "[bold red]error:")) and message in error
    assert hint in hint_text
    assert "Traceback" not in result.output and not out.exists()


def test_cli_without_a_warehouse_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(
        app, ["report", "-w", str(tmp_path / "none"), "-o", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 1
    assert "no warehouse at" in result.stderr and "hint: create one" in result.stderr


def chromium() -> str:
    """The browser, or a skip (a failure under CI, which installs it)."""
    for found in (shutil.which("chromium"), "/usr/bin/chromium"):
        if found and os.path.exists(found):
            return found
    reason = "chromium is not installed (Debian: apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run installs it, so CI must have it")
    pytest.skip(reason)


@pytest.mark.browser
def test_page_renders_in_headless_chromium(written, tmp_path):
    browser = chromium()
    out, _ = written
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            browser,
            "--headless=new",
            "--no-sandbox",  # tests may run as root, where the sandbox refuses to start
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",  # not the user's own profile
            f"--screenshot={shot}",
            "--window-size=1280,2400",
            Path(out).resolve().as_uri(),
        ],
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert shot.stat().st_size > 20_000
    with Image.open(shot) as image:
        pixels = image.convert("RGB")
    assert pixels.size == (1280, 2400)
    colours = pixels.getcolors(maxcolors=pixels.width * pixels.height)
    assert len(colours) > 50  # text and charts, not one flat colour
    # The bar charts' blue: the inlined images were decoded and drawn, not broken icons.
    blue = sum(
        n
        for n, (r, g, b) in colours
        if abs(r - 31) < 12 and abs(g - 119) < 12 and abs(b - 180) < 12
    )
    assert blue > 5_000
