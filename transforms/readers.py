"""Parse input files (bytes) into articles: plain text, HTML, JSON, JSONL, RSS and Atom.

Pure functions: the caller reads the bytes; nothing here touches the file system. A file or
record that cannot be read raises or returns an `InputError` carrying the reason and position.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from transforms.errors import InputError

FORMATS = ("txt", "html", "json", "jsonl", "rss", "atom")

# Extensions a folder scan picks up; anything else in a folder is not an article file.
EXTENSION_FORMATS: Mapping[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
}

# Accepted keys in JSON records, in order of preference.
TEXT_KEYS = ("text", "body", "content")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "date", "pubDate", "published_at")
SOURCE_KEYS = ("source", "publisher", "outlet")
LANGUAGE_KEYS = ("language", "lang")


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from an input, before any normalization."""

    text: str
    title: str | None
    published_raw: str | None
    source: str | None
    byline: str | None
    url: str | None
    external_id: str | None
    language: str | None
    format: str
    position: int


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """What one file gave: its articles, and the records that could not be read."""

    format: str
    articles: tuple[RawArticle, ...]
    rejects: tuple[InputError, ...]


def format_for_name(name: str) -> str | None:
    """The reader a file name asks for by its extension, or None if it names none."""
    return EXTENSION_FORMATS.get(PurePosixPath(name).suffix.lower())


def parse_file(name: str, data: bytes) -> ParsedFile:
    """Parse one input file; raises InputError when the whole file is unreadable."""
    kind = format_for_name(name) or _sniff_format(data)
    text = decode_text(data)
    if not text.strip():
        raise InputError("empty file")
    if kind == "txt":
        return ParsedFile("txt", (parse_text_article(text),), ())
    if kind == "html":
        return ParsedFile("html", (parse_html_article(text),), ())
    if kind == "json":
        return _parsed_records("json", _json_records(text))
    if kind == "jsonl":
        return _parsed_records("jsonl", _jsonl_records(text))
    return parse_feed(data)


def decode_text(data: bytes) -> str:
    """Decode bytes as text: a BOM decides, else strict UTF-8, else Windows-1252.

    Binary data (NUL bytes outside UTF-16) is refused rather than decoded into noise.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"invalid {encoding} text: {error.reason}") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Legacy Western text: cp1252 maps nearly every byte, so reaching here means it is
        # not UTF-8 and the few unmapped bytes mark it as something else entirely.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError("not valid UTF-8 and not Windows-1252 text") from None


def _sniff_format(data: bytes) -> str:
    head = data[:2048].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"{", b"[")):
        return "jsonl" if b"}\n{" in data[:65536].replace(b"\r\n", b"\n") else "json"
    if head.startswith(b"<"):
        return "feed" if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head) else "html"
    return "txt"


# A byline ends in a date: 13-01-2025, 01/13/2025, 2025-01-13, 13 January 2025, Jan 13, 2025.
_TRAILING_DATE = re.compile(
    r"""(?P<date>
        \d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}
      | \d{4}-\d{2}-\d{2}(?:[T\s][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?
      | \d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{2,4}
      | [A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}
    )\s*$""",
    re.VERBOSE,
)
_HEADLINE_MAX_CHARS = 300


def parse_text_article(text: str) -> RawArticle:
    """A plain-text article: headline line, optional byline ending in a date, then the body.

    A file without that shape (a single paragraph, or a first line that reads like prose)
    is all body. The body is kept exactly as in the file, less surrounding blank lines.
    """
    lines = text.splitlines(keepends=True)
    first = _first_content_line(lines, 0)
    title = source = published = byline = None
    body_start = 0
    if first is not None and _looks_like_headline(lines[first]):
        second = _first_content_line(lines, first + 1)
        if second is not None:
            title = lines[first].strip()
            body_start = sum(len(line) for line in lines[:second])
            match = _TRAILING_DATE.search(lines[second].strip())
            if match and len(lines[second]) <= _HEADLINE_MAX_CHARS:
                published = match.group("date")
                byline = lines[second].strip()[: match.start()].strip(" ,;|-–—") or None
                source = outlet_from_byline(byline)
                body_start += len(lines[second])
    body = text[body_start:].strip()
    if not body:
        raise InputError("no body text")
    return RawArticle(body, title, published, source, byline, None, None, None, "txt", 0)


# Byline parts are separated by bars or dashes; commas belong inside names
# ("Department of Research, Studies and International News").
_BYLINE_SEPARATORS = re.compile(r"\s*(?:\||—|–|\s-\s)\s*")
_AUTHOR_PREFIX = re.compile(r"^(?:by|from)\s", re.IGNORECASE)


def outlet_from_byline(byline: str | None) -> str | None:
    """The outlet named in a byline: its first part that is not an author ("By ...")."""
    if not byline:
        return None
    parts = [part for part in _BYLINE_SEPARATORS.split(byline) if part]
    outlets = [part for part in parts if not _AUTHOR_PREFIX.match(part)]
    return outlets[0] if outlets else None


def _first_content_line(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def _looks_like_headline(line: str) -> bool:
    stripped = line.strip()
    # Headlines rarely end in a full stop; a long first line ending in one is a paragraph.
    return len(stripped) <= _HEADLINE_MAX_CHARS and not stripped.endswith((".", ":", ";"))


def parse_html_article(html: str) -> RawArticle:
    """An HTML page: main text by trafilatura, title/date/url/site from the page metadata."""
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as error:
        raise InputError(f"unparseable HTML: {error}") from None
    language = tree.get("lang")
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Only dates the page declares: no guessing from URLs or body text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        raise InputError("HTML page has no main text")
    return RawArticle(
        text=text,
        title=document.title,
        published_raw=document.date,
        source=document.sitename,
        byline=document.author,
        url=document.url,
        external_id=None,
        language=language,
        format="html",
        position=0,
    )


def _parsed_records(kind: str, records: Iterator[tuple[int, Any]]) -> ParsedFile:
    articles: list[RawArticle] = []
    rejects: list[InputError] = []
    for position, record in records:
        try:
            articles.append(article_from_record(record, kind, position))
        except InputError as error:
            rejects.append(error)
    if not articles and rejects and all(reject.position == -1 for reject in rejects):
        raise rejects[0]
    return ParsedFile(kind, tuple(articles), tuple(rejects))


def _json_records(text: str) -> Iterator[tuple[int, Any]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg} at line {error.lineno}") from None
    if isinstance(document, list):
        yield from enumerate(document)
    elif isinstance(document, dict) and isinstance(document.get("articles"), list):
        yield from enumerate(document["articles"])
    else:
        yield 0, document


def _jsonl_records(text: str) -> Iterator[tuple[int, Any]]:
    for line_number, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        try:
            yield line_number, json.loads(line)
        except json.JSONDecodeError as error:
            yield (
                line_number,
                InputError(f"line {line_number + 1}: invalid JSON: {error.msg}", line_number),
            )


def article_from_record(record: Any, kind: str, position: int) -> RawArticle:
    """One JSON object as an article; the accepted keys are the *_KEYS tuples above."""
    if isinstance(record, InputError):
        raise record
    where = f"record {position}" if kind == "json" else f"line {position + 1}"
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected an object, got {type(record).__name__}", position)
    text = _first_value(record, TEXT_KEYS, where, position)
    if text is None or not text.strip():
        raise InputError(f"{where}: no text (expected one of {', '.join(TEXT_KEYS)})", position)
    external_id = record.get("id")
    return RawArticle(
        text=text,
        title=_first_value(record, TITLE_KEYS, where, position),
        published_raw=_first_value(record, DATE_KEYS, where, position),
        source=_first_value(record, SOURCE_KEYS, where, position),
        byline=_first_value(record, ("byline", "author"), where, position),
        url=_first_value(record, ("url", "link"), where, position),
        external_id=None if external_id is None else str(external_id),
        language=_first_value(record, LANGUAGE_KEYS, where, position),
        format=kind,
        position=position,
    )


def _first_value(record: dict, keys: tuple[str, ...], where: str, position: int) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InputError(
                f"{where}: field {key!r} should be a string, got {type(value).__name__}", position
            )
        return str(value)
    return None


def parse_feed(data: bytes) -> ParsedFile:
    """An RSS or Atom feed: one article per item, full content preferred over the summary."""
    import feedparser

    feed = feedparser.parse(data)
    version = feed.get("version") or ""
    kind = "atom" if version.startswith("atom") else "rss"
    if not feed.entries:
        reason = feed.get("bozo_exception") or "no items"
        raise InputError(f"unreadable feed: {reason}")
    # Channel titles often add a section to the outlet ("Eastbrook Herald — World").
    source = outlet_from_byline(feed.feed.get("title"))
    language = feed.feed.get("language")
    articles: list[RawArticle] = []
    rejects: list[InputError] = []
    for position, entry in enumerate(feed.entries):
        text = _entry_text(entry)
        if not text:
            rejects.append(InputError(f"item {position}: no text", position))
            continue
        articles.append(
            RawArticle(
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
        )
    return ParsedFile(kind, tuple(articles), tuple(rejects))


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    html = contents[0].get("value") if contents else entry.get("summary", "")
    return html_fragment_text(html or "")


_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")


def html_fragment_text(html: str) -> str:
    """Text of an HTML fragment (feed content), one paragraph per line."""
    import lxml.html

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
