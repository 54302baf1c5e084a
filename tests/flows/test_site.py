"""`newsledger site` on a release of the seed article: pages, their JSON, and Chromium clicking.

The seed article (../shared/seed) reports five figures about North Korean soldiers: more than
300 killed, 2,700 injured, more than 3,000 casualties, 2 captured, more than 10,000 deployed
(issue 20's goal: the site shows these five correctly). The browser test drives Debian's
headless Chromium over the DevTools protocol (`--remote-debugging-pipe`): it clicks the
filter buttons with real mouse events, reads the DOM and takes a screenshot.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import run_ingest
from flows.publish import run_publish
from flows.settings import Settings
from tests.conftest import SEED, shared_or_skip
from tests.flows.test_report import chromium
from warehouse.site import INDEX_PAGE, build_site, page_json, split_sentence
from warehouse.snapshots import connect_snapshot

pytestmark = pytest.mark.usefixtures("prefect_harness")

# (category, the figure as the page writes it): the seed article's five claims, as the issue
# states them.
SEED_FIGURES = {
    ("killed", "more than 300"),
    ("injured", "2,700"),
    ("casualties", "more than 3,000"),
    ("captured", "2"),
    ("deployed", "more than 10,000"),
}
BAR_BLUE = (31, 119, 180)  # `.fill` in site_style.html.j2


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    warehouse = str(folder / "wh")
    run_ingest([str(shared_or_skip(SEED))], Settings(warehouse=warehouse, processes=1))
    run_publish(warehouse, "1.0.0", str(folder / "releases"), "CC-BY-4.0")
    return folder / "releases" / "1.0.0"


@pytest.fixture(scope="module")
def site(release, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "site"
    result = CliRunner().invoke(app, ["site", str(release), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out / INDEX_PAGE}" in result.stdout
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"] or "")
        elif tag == "script":
            self.scripts.append(dict(attrs))


def parsed(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def page_data(page: Path) -> dict:
    """The JSON block `#figures` of a subject's page."""
    found = re.search(
        r'<script type="application/json" id="figures">(.*?)</script>',
        page.read_text(encoding="utf-8"),
        re.S,
    )
    assert found, f"no figures block in {page}"
    return json.loads(found.group(1))


def subject_pages(site: Path) -> list[Path]:
    return [site / link for link in parsed(site / INDEX_PAGE).links]


def test_index_links_a_page_per_subject_with_the_release_claims(site, release):
    pages = subject_pages(site)
    assert pages and all(page.is_file() for page in pages)
    with connect_snapshot(str(release)) as connection:
        expected = sorted(
            connection.execute(
                "select t.subject_key, t.category, t.value, t.article_id, t.start_char, "
                "c.end_char, c.text, t.sentence, a.url, t.outlet "
                "from claims_timeline as t "
                "join claims as c using (article_id, start_char, category) "
                "join articles as a using (article_id)"
            ).fetchall()
        )
    shown = sorted(
        (
            data["key"],
            figure["category"],
            figure["value"],
            figure["article_id"],
            figure["start_char"],
            figure["end_char"],
            figure["span"],
            figure["before"] + figure["span"] + figure["after"],
            figure["url"],
            figure["outlet"],
        )
        for data in map(page_data, pages)
        for figure in data["figures"]
    )
    assert shown == expected
    assert len({row[0] for row in shown}) == len(pages)  # one page per subject


def test_the_seed_articles_five_figures_are_on_the_pages(site):
    # One subject, North Korean soldiers (`prk/soldier`): "forces" and a bare "troops" in the
    # article are the same group, so its five figures share one page.
    pages = subject_pages(site)
    assert len(pages) == 1
    figures = [figure for page in pages for figure in page_data(page)["figures"]]
    values = {(figure["category"], figure["value"]) for figure in figures}
    assert values == {
        ("killed", 300),
        ("injured", 2700),
        ("casualties", 3000),
        ("captured", 2),
        ("deployed", 10000),
    }
    for figure in figures:
        assert figure["span"] and figure["span"] in figure["before"] + figure["span"]
        assert figure["outlet"] and figure["title"]


def test_pages_hold_no_article_body_and_load_nothing(site, release):
    # Read from the seed file: a release may hold no article bodies.
    text = SEED.read_text(encoding="utf-8")
    with connect_snapshot(str(release)) as connection:
        shown = {row[0] for row in connection.execute("select sentence from claims").fetchall()}
        shown |= {row[0] for row in connection.execute("select title from articles").fetchall()}
    # The article's paragraphs that carry no claim: a page that shows one read the body.
    others = [
        line
        for line in text.splitlines()
        if len(line) > 80 and not any(part in line for part in shown)
    ]
    assert others
    for page in [site / INDEX_PAGE, *subject_pages(site)]:
        html = page.read_text(encoding="utf-8")
        assert not any(line in html for line in others), page
        assert "default-src 'none'" in html
        assert all("src" not in script for script in parsed(page).scripts)
        assert all(link.startswith(("http", "subjects/", "../")) for link in parsed(page).links), (
            page
        )


def test_same_release_gives_the_same_pages(release):
    with connect_snapshot(str(release)) as connection:
        first = build_site(connection, "t").pages
        second = build_site(connection, "t").pages
    assert first == second


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('</script><script>alert("x")</script>', True),
        ("a & b <!-- c", True),
        ("Zelenskyy’s “two”", True),
    ],
    ids=["script-end", "comment-and-ampersand", "unicode-quotes"],
)
def test_page_json_cannot_end_its_script_block(text, safe):
    encoded = page_json({"claimant": text})
    assert ("<" not in encoded and ">" not in encoded and "&" not in encoded) is safe
    assert json.loads(encoded) == {"claimant": text}


@pytest.mark.parametrize(
    ("sentence", "span", "expected"),
    [
        ("It said 300 died.", "300", ("It said ", "300", " died.")),
        ("Two of two.", "two", ("Two of ", "two", ".")),
        ("No such figure here.", "12", ("No such figure here.", "12", "")),
    ],
    ids=["span-inside", "first-exact-case-match", "span-not-in-sentence"],
)
def test_split_sentence(sentence, span, expected):
    assert split_sentence(sentence, span) == expected


def test_site_of_a_missing_release_exits_1(tmp_path):
    result = CliRunner().invoke(app, ["site", str(tmp_path / "none"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "no published snapshot" in result.stderr


class DevTools:
    """Headless Chromium driven over the DevTools protocol on a pipe (fds 3 and 4)."""

    def __init__(self, browser: str, profile: Path) -> None:
        to_browser, self._writer = os.pipe()
        self._reader, from_browser = os.pipe()

        def pipes_as_3_and_4() -> None:
            # Copies first: a pipe may already be fd 3 or 4, and dup2 onto itself keeps the
            # close-on-exec flag, so both are made inheritable explicitly.
            reads, writes = os.dup(to_browser), os.dup(from_browser)
            os.dup2(reads, 3)
            os.dup2(writes, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [
                browser,
                "--headless=new",
                "--no-sandbox",  # tests may run as root, where the sandbox refuses to start
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",  # not the user's own profile
                "--remote-debugging-pipe",
                "about:blank",
            ],
            preexec_fn=pipes_as_3_and_4,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.session: str | None = None

    def send(self, method: str, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._writer, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                assert "error" not in reply, reply
                return reply["result"]

    def _receive(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._reader, 1 << 16)
            assert chunk, "the browser closed its DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, url: str, width: int, height: int) -> None:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.send("Page.enable")
        self.send("Page.navigate", url=url)
        self.evaluate(
            "new Promise(done => { const wait = () => document.readyState === 'complete' "
            "? done(true) : setTimeout(wait, 20); wait(); })"
        )

    def evaluate(self, expression: str):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real left click (mouse events at the element's centre), as a user makes one."""
        box = self.evaluate(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                type=kind,
                x=box[0],
                y=box[1],
                button="left" if kind != "mouseMoved" else "none",
                clickCount=1,
            )

    def screenshot(self) -> Image.Image:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        return Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")

    def close(self) -> None:
        try:
            self.send("Browser.close")
        finally:
            self.process.wait(timeout=30)
            os.close(self._writer)
            os.close(self._reader)


ROWS = (
    "[...document.querySelectorAll('tr.figure')].map(tr => [tr.dataset.category, "
    "tr.dataset.claimant, tr.querySelector('td.n').textContent, "
    "tr.querySelector('td.sentence mark').textContent])"
)
BARS = (
    "[...document.querySelectorAll('.fill')].map(bar => { const r = bar.getBoundingClientRect(); "
    "return [r.x, r.y, r.width, r.height]; })"
)


def blue_pixels(image: Image.Image, box: list[float]) -> int:
    x, y, width, height = (round(value) for value in box)
    crop = image.crop((x, y, x + width, y + height))
    return sum(
        1
        for pixel in crop.getdata()
        if all(abs(channel - want) < 12 for channel, want in zip(pixel, BAR_BLUE, strict=True))
    )


@pytest.mark.browser
def test_chromium_shows_the_seed_figures_and_filters_on_click(site, tmp_path):
    browser = DevTools(chromium(), tmp_path / "profile")
    try:
        shown: set[tuple[str, str]] = set()
        for page in subject_pages(site):
            browser.open(page.resolve().as_uri(), 1280, 1600)
            shown |= {(category, figure) for category, _, figure, _ in browser.evaluate(ROWS)}
        assert shown == SEED_FIGURES

        # The page with the most figures: click the `killed` category, then its claimant.
        page = max(subject_pages(site), key=lambda page: len(page_data(page)["figures"]))
        figures = page_data(page)["figures"]
        killed = [figure for figure in figures if figure["category"] == "killed"]
        assert len(figures) > len(killed) == 1
        browser.open(page.resolve().as_uri(), 1280, 1600)
        before = browser.screenshot()
        bars_before = browser.evaluate(BARS)
        assert len(bars_before) == len(figures)
        assert all(blue_pixels(before, bar) > 200 for bar in bars_before)

        browser.click('button[data-filter="category"][data-value="killed"]')
        rows = browser.evaluate(ROWS)
        assert [(row[0], row[2]) for row in rows] == [("killed", "more than 300")]
        assert rows[0][3] == killed[0]["span"]
        assert browser.evaluate("location.hash") == "#category=killed"
        assert (
            browser.evaluate(
                "document.querySelector('button[data-value=\"killed\"]').getAttribute('aria-pressed')"
            )
            == "true"
        )
        after = browser.screenshot()
        bars_after = browser.evaluate(BARS)
        assert len(bars_after) == 1 and blue_pixels(after, bars_after[0]) > 200
        total_blue = blue_pixels(after, [0, 0, after.width, after.height])
        assert 0 < total_blue < blue_pixels(before, [0, 0, before.width, before.height])

        claimant = killed[0]["claimant_key"]
        browser.click(f'button[data-filter="claimant"][data-value={json.dumps(claimant)}]')
        assert [row[1] for row in browser.evaluate(ROWS)] == [claimant]
        browser.click('button[data-filter="category"][data-value=""]')
        rows = browser.evaluate(ROWS)
        assert rows and {row[1] for row in rows} == {claimant}
        assert len(rows) == sum(figure["claimant_key"] == claimant for figure in figures)
    finally:
        browser.close()
