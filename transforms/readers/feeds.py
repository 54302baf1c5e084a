"""RSS and Atom feeds (via feedparser): one article per item."""

from __future__ import annotations

import re
import xml.sax
from typing import Any

from schemas.errors import InputError
from schemas.input_formats import ATOM, RSS
from transforms.readers.checks import checked_article
from transforms.readers.html import html_fragment_text
from transforms.readers.text import outlet_from_byline
from transforms.readers.types import ParsedFile, RawArticle


def parse_feed(data: bytes) -> ParsedFile:
    """An RSS or Atom feed: one article per item, full content preferred over the summary."""
    import feedparser

    feed = feedparser.parse(_valid_char_refs(data))
    version = feed.get("version") or ""
    kind = ATOM if version.startswith("atom") else RSS
    if not feed.entries:
        reason = feed.get("bozo_exception") or "no items"
        raise InputError(f"unreadable feed: {reason}")
    # Channel titles often add a section to the outlet ("Eastbrook Herald — World").
    source = outlet_from_byline(feed.feed.get("title"))
    language = feed.feed.get("language")
    articles: list[RawArticle] = []
    rejects: list[InputError] = []
    malformed = feed.get("bozo_exception")
    if isinstance(malformed, xml.sax.SAXParseException):
        # feedparser recovers the items before the error (and often after it); what it
        # could not read is lost, so the file is recorded as well as the items it gave.
        rejects.append(
            InputError(
                f"malformed feed XML ({malformed.getMessage()} at line "
                f"{malformed.getLineNumber()}, column {malformed.getColumnNumber()}); "
                f"{len(feed.entries)} items found"
            )
        )
    for position, entry in enumerate(feed.entries):
        text = _entry_text(entry)
        if not text:
            rejects.append(InputError(f"item {position}: no text", position))
            continue
        article = RawArticle(
            text=text,
            title=entry.get("title"),
            published_raw=entry.get("published") or entry.get("updated"),
            source=entry.get("source", {}).get("title") or source,
            byline=entry.get("author"),
            url=entry.get("link"),
            external_id=entry.get("id"),
            language=language,
            format=kind,
            position=position,
        )
        try:
            articles.append(checked_article(article, f"item {position}"))
        except InputError as error:
            rejects.append(error)
    return ParsedFile(kind, tuple(articles), tuple(rejects))


# A numeric character reference ("&#xd800;", "&#1114112;"). One to no character makes feedparser
# raise (UnicodeEncodeError, ValueError, OverflowError) instead of reporting a malformed feed.
_CHAR_REF = re.compile(rb"&#(?:[xX](?P<hex>[0-9a-fA-F]+)|(?P<dec>[0-9]+));")


def _valid_char_refs(data: bytes) -> bytes:
    """The feed with each reference to no character (a surrogate, past U+10FFFF) made U+FFFD."""

    def valid_reference(match: re.Match[bytes]) -> bytes:
        digits = (match["hex"] or match["dec"]).lstrip(b"0") or b"0"
        if len(digits) > 7:  # past 0x10FFFF and 1114111, and short enough to convert
            return b"&#xfffd;"
        code = int(digits, 16 if match["hex"] else 10)
        return match[0] if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else b"&#xfffd;"

    return _CHAR_REF.sub(valid_reference, data)


def _entry_text(entry: Any) -> str:
    """An item's text: its full content when it has some, else its summary."""
    contents = entry.get("content") or []
    html = contents[0].get("value") if contents else entry.get("summary", "")
    return html_fragment_text(html or "")
