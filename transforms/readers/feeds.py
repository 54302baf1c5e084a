"""Feeds: RSS and Atom (via feedparser), and JSON Feed; one article per item.

What every kind shares: the item's story text (a media caption is not a story), entities
unescaped in titles and texts, an item with a title and a date but no text kept as a
headline-only article (HEADLINE_ONLY), and the outlet the feed's channel names (`feed_outlet`).
"""

from __future__ import annotations

import html
import json
import re
import xml.sax
from dataclasses import dataclass
from typing import Any

from schemas.articles import HEADLINE_ONLY
from schemas.errors import InputError
from schemas.input_formats import ATOM, JSON_FEED, RSS
from transforms.readers.checks import checked_article
from transforms.readers.html import html_fragment_text
from transforms.readers.text import outlet_from_byline, outlet_parts
from transforms.readers.types import ParsedFile, RawArticle


def parse_feed(data: bytes) -> ParsedFile:
    """An RSS or Atom feed: one article per item, full content preferred over the summary.

    feedparser decodes the bytes itself (BOM, XML declaration, detection).
    """
    import feedparser

    data = _valid_char_refs(data)
    feed = feedparser.parse(data)
    version = feed.get("version") or ""
    kind = ATOM if version.startswith("atom") else RSS
    if not feed.entries:
        reason = feed.get("bozo_exception") or "no items"
        raise InputError(f"unreadable feed: {reason}")
    source = feed_outlet(feed.feed.get("title"), feed.feed.get("link"))
    language = feed.feed.get("language")
    captions = _media_captions(data)
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
        contents = [content.get("value") for content in entry.get("content") or []]
        item = _FeedItem(
            texts=(*contents, entry.get("summary")),
            title=entry.get("title"),
            published_raw=entry.get("published") or entry.get("updated"),
            source=entry.get("source", {}).get("title") or source,
            byline=entry.get("author"),
            url=entry.get("link"),
            external_id=entry.get("id"),
            language=language,
        )
        _add_item(item, kind, position, captions, articles, rejects)
    return ParsedFile(kind, tuple(articles), tuple(rejects))


# A JSON Feed names its version by URL: "https://jsonfeed.org/version/1", ".../1.1"
# (https://www.jsonfeed.org/version/1.1/). JSON escapes "/" as "\/" at will.
_JSON_FEED_VERSION = re.compile(rb'"version"\s*:\s*"https?:(?:\\?/){2}(?:www\.)?jsonfeed\.org')
_JSON_FEED_SNIFF_BYTES = 4096


def is_json_feed(data: bytes) -> bool:
    """Whether a JSON file is a JSON Feed: its version URL is among its first bytes."""
    return _JSON_FEED_VERSION.search(data[:_JSON_FEED_SNIFF_BYTES]) is not None


def parse_json_feed(text: str) -> ParsedFile:
    """A JSON Feed (jsonfeed.org, version 1 and 1.1): one article per item.

    An item's text is its `content_html`, else `content_text`, else `summary`; its date
    `date_published`, else `date_modified`; its byline the names of its `authors` (1.1) or
    `author` (1), else the feed's; its language its own or the feed's (1.1).
    """
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InputError(f"invalid JSON Feed: {error}") from None
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise InputError("invalid JSON Feed: no items list")
    source = feed_outlet(_string(document.get("title")), _string(document.get("home_page_url")))
    feed_byline = _authors(document)
    articles: list[RawArticle] = []
    rejects: list[InputError] = []
    for position, entry in enumerate(items):
        if not isinstance(entry, dict):
            reason = f"item {position}: expected an object, got {type(entry).__name__}"
            rejects.append(InputError(reason, position))
            continue
        item = _FeedItem(
            texts=(
                _string(entry.get("content_html")),
                _string(entry.get("content_text")),
                _string(entry.get("summary")),
            ),
            title=_string(entry.get("title")),
            published_raw=_string(entry.get("date_published") or entry.get("date_modified")),
            source=source,
            byline=_authors(entry) or feed_byline,
            url=_string(entry.get("url") or entry.get("external_url")),
            external_id=_string(entry.get("id")),
            language=_string(entry.get("language") or document.get("language")),
        )
        _add_item(item, JSON_FEED, position, frozenset(), articles, rejects)
    return ParsedFile(JSON_FEED, tuple(articles), tuple(rejects))


def _string(value: Any) -> str | None:
    """A JSON value as a string (ids may be numbers); None for null, objects and lists."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def _authors(record: dict) -> str | None:
    """The author names of a JSON Feed or item: `authors` (1.1), else `author` (1)."""
    authors = record.get("authors")
    if not isinstance(authors, list):
        authors = [record.get("author")]
    names = [_string(a.get("name")) for a in authors if isinstance(a, dict)]
    return ", ".join(name for name in names if name) or None


@dataclass(frozen=True, slots=True)
class _FeedItem:
    """One item as a feed gives it: candidate texts (HTML, best first) and metadata."""

    texts: tuple[str | None, ...]
    title: str | None
    published_raw: str | None
    source: str | None
    byline: str | None
    url: str | None
    external_id: str | None
    language: str | None


def _add_item(
    item: _FeedItem,
    kind: str,
    position: int,
    captions: frozenset[str],
    articles: list[RawArticle],
    rejects: list[InputError],
) -> None:
    """The item as an article in `articles`, or its reason in `rejects`."""
    title = plain_text(item.title) or None
    text = _story_text(item.texts, captions)
    flags: tuple[str, ...] = ()
    if not text:
        if not (title and item.published_raw):
            rejects.append(InputError(f"item {position}: no text", position))
            return
        # A headline feed: the item's title and date are the news, kept and flagged.
        text, flags = title, (HEADLINE_ONLY,)
    article = RawArticle(
        text=text,
        title=title,
        published_raw=item.published_raw,
        source=item.source,
        byline=item.byline,
        url=item.url,
        external_id=item.external_id,
        language=item.language,
        format=kind,
        position=position,
        text_flags=flags,
    )
    try:
        articles.append(checked_article(article, f"item {position}"))
    except InputError as error:
        rejects.append(error)


def _story_text(texts: tuple[str | None, ...], captions: frozenset[str]) -> str:
    """The first candidate text that has words and is not a media caption, as plain text."""
    for candidate in texts:
        text = plain_text(candidate)
        if text and " ".join(text.split()) not in captions:
            return text
    return ""


# A complete character reference left in text: a feed that escaped its HTML twice
# ("&amp;#8220;") leaves "&#8220;" once feedparser and the HTML parser have read it.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def plain_text(fragment: str | None) -> str:
    """An HTML fragment (a feed's title or text) as plain text, its entities unescaped."""
    if not fragment:
        return ""
    text = html_fragment_text(fragment)
    if not _ENTITY.search(text):
        return text
    text = html.unescape(text)
    # Escaped twice, the markup too ("&amp;lt;p&amp;gt;"): unescaped, it is read as HTML.
    return html_fragment_text(text) if _TAG.search(text) else text


# The namespaces of an item's own description: RSS 0.9x/2.0 (none), RSS 1.0 and Dublin Core.
_OWN_DESCRIPTION_NAMESPACES = frozenset(
    {None, "http://purl.org/rss/1.0/", "http://purl.org/dc/elements/1.1/"}
)
_ITEM_ELEMENTS = frozenset({"item", "entry", "channel"})


def _media_captions(data: bytes) -> frozenset[str]:
    """The texts of a feed's descriptions that are not an item's own (photo captions),
    whitespace-normalized.

    feedparser reads any `description` element in an item, whatever its namespace or depth, as
    the item's description: into `summary`, or into `content` when the item has a description
    already. Media RSS `<media:description>` (NYT, El País, ABC Australia, The Week) is the
    common case; a publisher's image blocks are another (RBC.ru: `<rbc_news:image>` and the
    related links' `<rbc_news:thumbnail>` each hold a caption `description`). An item's own
    description is a direct child of the item in no namespace, RSS 1.0 or Dublin Core; every
    other description is a caption, and a text equal to one is not the story.
    """
    if b"description" not in data:
        return frozenset()
    import lxml.etree

    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.LxmlError:
        return frozenset()
    if root is None:
        return frozenset()
    captions = (
        plain_text(element.text)
        for element in root.iter("{*}description")
        if not _is_own_description(element)
    )
    return frozenset(" ".join(caption.split()) for caption in captions if caption)


def _is_own_description(element: Any) -> bool:
    """Whether a description element is its item's (or channel's) own description."""
    import lxml.etree

    parent = element.getparent()
    return (
        parent is not None
        and isinstance(parent.tag, str)
        and lxml.etree.QName(parent).localname in _ITEM_ELEMENTS
        and lxml.etree.QName(element).namespace in _OWN_DESCRIPTION_NAMESPACES
    )


def feed_outlet(title: str | None, link: str | None) -> str | None:
    """The outlet of a feed's items: the publisher, not the section a channel title names.

    The rule: the channel title's first part (split at " | ", " - ", " — ", " > ", as in
    "BBC News - World" or "NYT > World News") that names the site of the channel's link (one
    of its words of 3 letters or more is in the link's registered domain, or that domain's
    name is in it): "BBC News", "NYT". A title naming no part of the site ("World",
    "Technology") is a section: the outlet is the link's registered domain ("time.com",
    "npr.org"). Without a link, the title's first part.
    """
    title = plain_text(title) or None
    outlet = outlet_from_byline(title)
    if not link:
        return outlet
    import courlan

    domain = courlan.extract_domain(link, fast=True)
    if not domain:
        return outlet
    if title:
        for part in outlet_parts(title):
            if _names_site(part, domain):
                return part
    return domain


def _names_site(part: str, domain: str) -> bool:
    """Whether a title part names the site of `domain` (see `feed_outlet`)."""
    from anyascii import anyascii

    name = domain.split(".")[0].lower()
    words = re.findall(r"[a-z0-9]+", anyascii(part).lower())
    return name in "".join(words) or any(len(word) >= 3 and word in name for word in words)


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
