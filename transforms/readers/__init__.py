"""Parse input files (bytes) into articles: plain text, HTML, JSON, JSONL, RSS, Atom, JSON Feed.

Pure functions: the caller reads the bytes; nothing here touches the file system. A file or
record that cannot be read raises or returns an `InputError` carrying the reason and position.

One module per input kind (`text`, `html`, `records` for JSON and JSONL, `feeds`), one for
bytes to text (`decoding`), the checks every article passes (`checks`) and the result types
(`types`); this module picks the reader for a file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace

from schemas.errors import InputError
from schemas.input_formats import FEED, HTML, JSON, JSONL, TXT, format_for_name
from transforms.readers.checks import MAX_ARTICLE_CHARS, too_short_reason, word_count
from transforms.readers.decoding import decode_html, decode_text, repair_text
from transforms.readers.feeds import feed_outlet, is_json_feed, parse_feed, parse_json_feed
from transforms.readers.html import (
    HTML_MAX_DEPTH,
    MIN_HTML_WORDS,
    html_fragment_text,
    parse_html_article,
)
from transforms.readers.records import (
    DATE_KEYS,
    LANGUAGE_KEYS,
    SOURCE_KEYS,
    TEXT_KEYS,
    TITLE_KEYS,
    article_from_record,
    parse_json,
    parse_jsonl,
)
from transforms.readers.text import outlet_from_byline, parse_text_article
from transforms.readers.types import DecodedText, ParsedFile, RawArticle

__all__ = [
    "DATE_KEYS",
    "HTML_MAX_DEPTH",
    "LANGUAGE_KEYS",
    "MAX_ARTICLE_CHARS",
    "MIN_HTML_WORDS",
    "SOURCE_KEYS",
    "TEXT_KEYS",
    "TITLE_KEYS",
    "DecodedText",
    "ParsedFile",
    "RawArticle",
    "article_from_record",
    "decode_html",
    "decode_text",
    "feed_outlet",
    "format_for_name",
    "html_fragment_text",
    "outlet_from_byline",
    "parse_feed",
    "parse_file",
    "parse_html_article",
    "parse_json_feed",
    "parse_text_article",
    "repair_text",
    "too_short_reason",
    "word_count",
]


def parse_file(name: str, data: bytes) -> ParsedFile:
    """Parse one input file; raises InputError when the whole file is unreadable.

    The file's name picks the reader, its first bytes when the name picks none; the first
    bytes also tell a feed named ".html" (read as a feed) and a JSON Feed named ".json".
    HTML is decoded as browsers decode it (`decode_html`).
    """
    kind = format_for_name(name) or _sniff_format(data)
    if kind == HTML and _sniff_format(data) == FEED:
        kind = FEED
    decoded = decode_html(data) if kind == HTML else None
    text = decoded.text if decoded is not None else decode_text(data)
    if _BLANK.fullmatch(text):
        raise InputError("empty file")
    if _BLANK_OR_CONTROL.fullmatch(text):
        raise InputError("no text, only NUL or other control characters")
    if kind == TXT:
        return ParsedFile(TXT, (parse_text_article(text),), ())
    if decoded is not None:
        article = parse_html_article(text)
        if decoded.flags:
            flags = tuple(dict.fromkeys((*decoded.flags, *article.text_flags)))
            article = replace(article, text_flags=flags)
        return ParsedFile(HTML, (article,), ())
    if kind == JSON:
        return parse_json_feed(text) if is_json_feed(data) else parse_json(text)
    if kind == JSONL:
        return parse_jsonl(text)
    return parse_feed(data)  # FEED: RSS or Atom, which the feed reader tells apart


_BLANK = re.compile(r"\s*")
# Blanks and the control characters `repair_text` removes: a file of only these has no text.
_BLANK_OR_CONTROL = re.compile(r"[\s\x00-\x08\x0e-\x1f\x7f]*")


def _sniff_format(data: bytes) -> str:
    """The reader a file's first bytes ask for, when its name asks for none."""
    head = data[:2048].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"{", b"[")):
        return JSONL if b"}\n{" in data[:65536].replace(b"\r\n", b"\n") else JSON
    if head.startswith(b"<"):
        return FEED if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head) else HTML
    return TXT
