"""HTML to text: article pages (main text by trafilatura) and the fragments feeds carry."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from schemas.errors import InputError
from schemas.input_formats import HTML
from transforms.readers.checks import checked_article, too_short_reason, word_count
from transforms.readers.decoding import repaired_characters
from transforms.readers.html_metadata import page_metadata
from transforms.readers.types import RawArticle

if TYPE_CHECKING:
    import trafilatura.settings

# An HTML page whose main text is shorter than this has no article: trafilatura falls back to
# whatever text a script-only page, a consent wall or a navigation shell has ("Please enable
# JavaScript", "Home News Sport"). The shortest page in the sample corpus has 171 words.
MIN_HTML_WORDS = 25

# trafilatura's settings for the main text, chosen on the Zyte article-extraction benchmark's
# dev half (82 pages; word 4-shingle F1 against the reference body, measured by
# `python -m tests.accuracy.measure_web body`). trafilatura's balanced default without comments
# and tables scores F1 0.975 (P 0.962, R 0.987); favor_precision ties (0.975) but loses recall,
# favor_recall 0.972, with tables 0.973. `fast` (no comparison with the readability and jusText
# fallbacks) scores 0.970 on dev and 0.953 against 0.946 on the test half, and takes 8 of the
# 38 ms a page costs: a CC-NEWS archive is read at the NLP's pace only without the fallbacks
# (issue 21, docs/benchmarks.md). `fast` with favor_precision ties on dev (F1 0.970) and is
# 2 ms faster, but it trades 2.6 points of recall (0.962) for precision: text it drops holds
# claims that are lost, while boilerplate it lets in is marked downstream
# (transforms/boilerplate.py). Comments stay out (include_comments=False).
BODY_SETTINGS: dict[str, bool] = {
    "include_comments": False,
    "include_tables": False,
    "fast": True,
}


@cache
def _body_options() -> trafilatura.settings.Extractor:
    """BODY_SETTINGS as trafilatura's options object, built once: building it for every page
    (what `bare_extraction`'s keyword arguments do) reads its configuration again, 0.4 ms a
    page. trafilatura does not change the object it is given (it copies it to retry)."""
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="python",
        comments=BODY_SETTINGS["include_comments"],
        tables=BODY_SETTINGS["include_tables"],
        fast=BODY_SETTINGS["fast"],
        with_metadata=False,
    )


# An XML declaration opening the page (XHTML), with whatever blanks precede it.
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")

# libxml2 (lxml) stops nesting HTML elements at this depth and drops what lies deeper.
HTML_MAX_DEPTH = 256
# An element that deep (the root is at depth 1), found by libxml2 in one pass over the tree.
_AT_MAX_DEPTH = "boolean(/" + "/".join(["*"] * HTML_MAX_DEPTH) + ")"


def parse_html_article(html: str, url: str | None = None) -> RawArticle:
    """An HTML page: main text by trafilatura, headline/dates/outlet/URL from the page metadata.

    `url` is where the page came from, when known (the canonical URL the page states wins).
    Refused: a page nested deeper than HTML_MAX_DEPTH (the parser would drop what lies
    deeper), and a page whose main text has fewer than MIN_HTML_WORDS words (no article).
    """
    import lxml.etree
    import lxml.html
    import trafilatura
    import trafilatura.metadata

    # lxml refuses stray bytes and control characters: repair them before parsing.
    html, flags = repaired_characters(html)
    # lxml refuses a str that declares its encoding (XHTML's `<?xml ... encoding=...?>`): the
    # text is decoded already, so the declaration says nothing more.
    html = XML_DECLARATION.sub("", html, count=1)
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as error:
        raise InputError(f"unparseable HTML: {error}") from None
    if tree.xpath(_AT_MAX_DEPTH):
        raise InputError(
            f"HTML nested too deeply (the parser stops at {HTML_MAX_DEPTH} levels and would "
            "drop the text below)"
        )
    language = tree.get("lang")
    metadata = page_metadata(tree, url)
    # A byline the metadata do not state is often in the page ("By ..." in a byline element):
    # trafilatura's author search finds it (before its extraction prunes the tree).
    byline = metadata.author or trafilatura.metadata.extract_author(tree)
    # The metadata are page_metadata's: trafilatura's own would search them (and the dates)
    # a second time, a quarter of a page's cost.
    document = trafilatura.bare_extraction(tree, options=_body_options())
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        raise InputError("HTML page has no main text")
    n_words = word_count(text)
    if n_words < MIN_HTML_WORDS:
        raise InputError(f"HTML page has no article: {too_short_reason(n_words, MIN_HTML_WORDS)}")
    return checked_article(
        RawArticle(
            text=text,
            title=metadata.title,
            published_raw=metadata.dates.published_raw,
            source=metadata.outlet,
            byline=byline,
            url=metadata.url,
            external_id=None,
            language=language,
            format=HTML,
            position=0,
            text_flags=flags,
            modified_raw=metadata.dates.modified_raw,
            date_source=metadata.dates.source,
        )
    )


# Elements whose end starts a new line of the text.
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")


def html_fragment_text(html: str) -> str:
    """Text of an HTML fragment (feed content), one paragraph per line."""
    import lxml.html

    html, _ = repaired_characters(html)  # lxml refuses control characters
    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
