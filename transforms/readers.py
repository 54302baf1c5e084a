"""Parse input files (bytes) into articles: plain text, HTML, JSON, JSONL, RSS and Atom.

Pure functions: the caller reads the bytes; nothing here touches the file system. A file or
record that cannot be read raises or returns an `InputError` carrying the reason and position.
"""

from __future__ import annotations

import codecs
import json
import re
import xml.sax
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
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

# Compressed copies of those ("feed.jsonl.gz") are read decompressed (fsspec infers the codec).
COMPRESSION_SUFFIXES = frozenset({".gz", ".bz2", ".xz"})

# An article longer than this is refused. spaCy's own limit is 1,000,000 characters, but
# en_core_web_sm needs about 2.5 MB of memory and 0.1 s per 1,000 characters of one article
# (measured on MUC-3 text: +494 MB and 22 s for 200,000 characters on a loaded core), so one
# article at spaCy's limit would take a worker 2.5 GB. 200,000 characters is about 30,000
# words, six times the longest article in ../shared/corpus (31,483 characters).
MAX_ARTICLE_CHARS = 200_000

# An HTML page whose main text is shorter than this has no article: trafilatura falls back to
# whatever text a script-only page, a consent wall or a navigation shell has ("Please enable
# JavaScript", "Home News Sport"). The shortest page in the sample corpus has 171 words.
MIN_HTML_WORDS = 25

# libxml2 (lxml) stops nesting HTML elements at this depth and drops what lies deeper.
HTML_MAX_DEPTH = 256

# Problems found in an article's characters, and what reading did about them
# (`articles.text_flags`).
INVALID_BYTES = "invalid_bytes"  # bytes not valid in the file's encoding: read as Windows-1252
CONTROL_CHARS = "control_chars"  # NUL and other control characters: removed
MOJIBAKE = "mojibake"  # text once decoded with the wrong code page: repaired by ftfy

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
    text_flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """What one file gave: its articles, and the records that could not be read."""

    format: str
    articles: tuple[RawArticle, ...]
    rejects: tuple[InputError, ...]


def format_for_name(name: str) -> str | None:
    """The reader a file name asks for by its extension, or None if it names none.

    A compression suffix is looked through: "wire.jsonl.gz" is JSONL.
    """
    path = PurePosixPath(name)
    suffix = path.suffix.lower()
    if suffix in COMPRESSION_SUFFIXES:
        suffix = PurePosixPath(path.stem).suffix.lower()
    return EXTENSION_FORMATS.get(suffix)


def parse_file(name: str, data: bytes) -> ParsedFile:
    """Parse one input file; raises InputError when the whole file is unreadable."""
    kind = format_for_name(name) or _sniff_format(data)
    text = decode_text(data)
    if _BLANK.fullmatch(text):
        raise InputError("empty file")
    if _BLANK_OR_CONTROL.fullmatch(text):
        raise InputError("no text, only NUL or other control characters")
    if kind == "txt":
        return ParsedFile("txt", (parse_text_article(text),), ())
    if kind == "html":
        return ParsedFile("html", (parse_html_article(text),), ())
    if kind == "json":
        return _parsed_records("json", _json_records(text))
    if kind == "jsonl":
        return _parsed_records("jsonl", _jsonl_records(text))
    return parse_feed(data)


# Files starting with these bytes are images, archives or documents, never article text.
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
)
_SNIFF_BYTES = 8192
# C0 control bytes other than NUL and the whitespace ones (tab, line feed, vertical tab, form
# feed, carriage return), and DEL. Random bytes are 11 % of these; text has next to none, so
# more than 3 % in a file's first 8 KiB marks binary data. NUL bytes alone do not: they are
# what a crash or a careless export leaves in text, and are removed (CONTROL_CHARS).
_BINARY_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_BINARY_CONTROL_SHARE = 0.03
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters of a decoded file: bytes that were not valid UTF-8 come out of
# "surrogateescape" as lone surrogates U+DC80-U+DCFF.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
# Western European prose has at most about a fifth of its letters accented; Cyrillic or Greek
# read as Windows-1252 is nearly all accented Latin letters ("Ìèíèñòåðñòâî").
_LEGACY_ACCENTED_SHARE = 0.4


def decode_text(data: bytes) -> str:
    """Decode a file's bytes as text; InputError when they are not text.

    - A byte-order mark decides (UTF-8, UTF-16, UTF-32); UTF-16 without one is recognized by
      its NUL bytes in every other position.
    - Images, archives and other binary data are refused, named when their signature is known.
    - Otherwise the text is UTF-8. A file with no UTF-8 multi-byte sequence but bytes above
      127 is legacy single-byte text: Windows-1252 (Latin-1's printable characters and more),
      or, when that reading is mostly accented letters, the code page charset_normalizer
      detects (Cyrillic, Greek...).
    - Bytes still not valid come out as lone surrogates U+DC80-U+DCFF ("surrogateescape") for
      `repair_text` to resolve, so one stray byte costs one character, not the file.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"invalid {encoding} text: {error.reason}") from None
    sample = data[:_SNIFF_BYTES]
    for signature, kind in _BINARY_SIGNATURES:
        if sample.startswith(signature):
            raise InputError(f"binary file ({kind}), not text")
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return data.decode(utf16, errors="replace")
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROL_BYTES))
    if sample and controls / len(sample) > _BINARY_CONTROL_SHARE:
        raise InputError(f"binary file ({controls} control bytes in its first {len(sample)})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    if _NON_ASCII.search(text):
        return text  # UTF-8 with a few stray bytes
    return data.decode(_legacy_encoding(sample), errors="surrogateescape")


def _utf16_without_bom(sample: bytes) -> str | None:
    """The UTF-16 codec whose NUL high bytes fill one position of each byte pair, if any."""
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.5 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.5 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _legacy_encoding(sample: bytes) -> str:
    """The single-byte code page of text that is not UTF-8: Windows-1252 unless it reads wrong."""
    letters = [c for c in sample.decode("cp1252", errors="replace") if c.isalpha()]
    accented = sum(not c.isascii() for c in letters)
    if len(letters) < 20 or accented / len(letters) <= _LEGACY_ACCENTED_SHARE:
        return "cp1252"
    # charset_normalizer is unreliable on Western text (it reads French as cp1250 and English
    # as mac_iceland), so it is asked only when Windows-1252 reads as noise.
    import charset_normalizer

    best = charset_normalizer.from_bytes(sample).best()
    return best.encoding if best is not None else "cp1252"


# What `repair_text` removes: C0 controls except tab and line breaks, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]+")
_BLANK = re.compile(r"\s*")
_BLANK_OR_CONTROL = re.compile(r"[\s\x00-\x08\x0e-\x1f\x7f]*")
# A UTF-8 lead byte and continuation bytes that end too soon: a cut multi-byte character.
_CUT_SEQUENCE = re.compile("[\udcc2-\udcf4][\udc80-\udcbf]+")


def repair_text(text: str) -> tuple[str, tuple[str, ...]]:
    """The text with its characters repaired, and flags naming each repair made.

    - INVALID_BYTES: a stray byte `decode_text` could not decode is read as Windows-1252
      (mixed-encoding text: a cp1252 "é" or curly quote pasted into UTF-8), a cut UTF-8
      sequence or a byte Windows-1252 leaves undefined becomes U+FFFD.
    - CONTROL_CHARS: NUL and other control characters (tab and line breaks excepted) are
      removed.
    - MOJIBAKE: text that was decoded with the wrong code page before ("cafÃ©") is repaired
      by ftfy, which changes nothing else (quotes, line breaks and normalization are kept).
    """
    text, repaired = _repaired_characters(text)
    flags = list(repaired)
    if not text.isascii():
        import ftfy

        fixed = ftfy.fix_text(text, _mojibake_only())
        if fixed != text:
            text = fixed
            flags.append(MOJIBAKE)
    return text, tuple(flags)


def _repaired_characters(text: str) -> tuple[str, tuple[str, ...]]:
    """Stray bytes and control characters repaired (see `repair_text`); mojibake left as is."""
    flags = []
    if _SURROGATE.search(text):
        text = _ESCAPED_BYTE.sub(_cp1252_char, _CUT_SEQUENCE.sub("\ufffd", text))
        # Any other lone surrogate came from a JSON escape ("\ud800"): UTF-8 cannot hold it.
        text = _SURROGATE.sub("\ufffd", text)
        flags.append(INVALID_BYTES)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        flags.append(CONTROL_CHARS)
    return text, tuple(flags)


def _cp1252_char(match: re.Match[str]) -> str:
    byte = ord(match.group()) - 0xDC00
    return bytes([byte]).decode("cp1252", errors="replace")


@cache
def _mojibake_only():
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


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
    is all body. The body is kept exactly as in the file, less surrounding blank lines, and
    less what `repair_text` repairs.
    """
    # The headline and byline are among the first lines: split only those, not a whole file
    # that may be megabytes of body. The last line of the head may be cut, so it is dropped.
    head = text[:_HEAD_CHARS]
    lines = head.splitlines(keepends=True)
    if len(head) < len(text):
        lines = lines[:-1]
    first = _first_content_line(lines, 0)
    title = source = published = byline = None
    body_start = 0
    if first is not None and _looks_like_headline(lines[first]):
        second = _first_content_line(lines, first + 1)
        if second is not None:
            title = lines[first].strip()
            body_start = sum(len(line) for line in lines[:second])
            match = (
                _TRAILING_DATE.search(lines[second].strip())
                if len(lines[second]) <= _HEADLINE_MAX_CHARS
                else None
            )
            if match:
                published = match.group("date")
                byline = lines[second].strip()[: match.start()].strip(" ,;|-–—") or None
                source = outlet_from_byline(byline)
                body_start += len(lines[second])
    # The body's bounds first: a body too long is refused without copying it.
    body_start, body_end = _stripped_bounds(text, body_start)
    if body_start == body_end:
        raise InputError("no body text")
    if body_end - body_start > MAX_ARTICLE_CHARS:
        raise InputError(_too_long(body_end - body_start))
    body = text[body_start:body_end]
    return _checked(RawArticle(body, title, published, source, byline, None, None, None, "txt", 0))


_HEAD_CHARS = 8192
# What surrounds a body and is not part of it: whitespace, and the control characters
# `repair_text` removes.
_CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]))
_CONTENT = re.compile(r"[^\s\x00-\x08\x0e-\x1f\x7f]")


def _stripped_bounds(text: str, start: int) -> tuple[int, int]:
    """Where the body from `start` begins and ends, blanks and controls around it left out.

    Found without copying the body: from the end, small chunks are stripped until one keeps
    something.
    """
    match = _CONTENT.search(text, start)
    if match is None:
        return start, start
    begin = match.start()
    end = len(text)
    while end > begin:
        chunk = text[max(begin, end - _HEAD_CHARS) : end]
        kept = chunk
        while (shorter := kept.rstrip().rstrip(_CONTROL_CHARS)) != kept:
            kept = shorter
        if kept:
            return begin, end - len(chunk) + len(kept)
        end -= len(chunk)
    return begin, begin


def _too_long(n_chars: int) -> str:
    return f"article too long ({n_chars:,} characters; limit {MAX_ARTICLE_CHARS:,})"


def _checked(article: RawArticle, where: str = "") -> RawArticle:
    """The article within MAX_ARTICLE_CHARS and with its characters repaired, or InputError.

    `where` names the record in a file of several ("line 3"); without it a problem rejects the
    whole file.
    """
    position = article.position if where else -1
    prefix = f"{where}: " if where else ""
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise InputError(prefix + _too_long(len(article.text)), position)
    text, flags = repair_text(article.text)
    if not text.strip():
        raise InputError(f"{prefix}no text, only control characters", position)
    repaired = {"text": text}
    for name in ("title", "source", "byline"):
        value = getattr(article, name)
        if value:
            value, more = repair_text(value)
            repaired[name] = value or None
            flags += more
    for name in ("published_raw", "url", "external_id", "language"):
        value = getattr(article, name)
        if value:
            value, more = _repaired_characters(value)
            repaired[name] = value or None
            flags += more
    all_flags = tuple(dict.fromkeys((*article.text_flags, *flags)))
    return replace(article, **repaired, text_flags=all_flags)


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
    """An HTML page: main text by trafilatura, title/date/url/site from the page metadata.

    Refused: a page nested deeper than HTML_MAX_DEPTH (the parser would drop what lies
    deeper), and a page whose main text has fewer than MIN_HTML_WORDS words (no article).
    """
    import lxml.etree
    import lxml.html
    import trafilatura

    # lxml refuses stray bytes and control characters: repair them before parsing.
    html, flags = _repaired_characters(html)
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as error:
        raise InputError(f"unparseable HTML: {error}") from None
    if _depth(tree) >= HTML_MAX_DEPTH:
        raise InputError(
            f"HTML nested too deeply (the parser stops at {HTML_MAX_DEPTH} levels and would "
            "drop the text below)"
        )
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
    n_words = len(text.split())
    if n_words < MIN_HTML_WORDS:
        raise InputError(
            f"HTML page has no article (main text of {n_words} words; minimum {MIN_HTML_WORDS})"
        )
    return _checked(
        RawArticle(
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
            text_flags=flags,
        )
    )


def _depth(tree: Any) -> int:
    """How many elements deep the tree goes (the root alone is 1)."""
    import lxml.etree

    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


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
    except (ValueError, RecursionError) as error:
        # Valid JSON Python will not hold: over 4,300 digits in a number, nesting past the
        # recursion limit.
        raise InputError(f"unreadable JSON: {error}") from None
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
        except (ValueError, RecursionError) as error:  # see _json_records
            reason = f"line {line_number + 1}: unreadable JSON: {error}"
            yield line_number, InputError(reason, line_number)


def article_from_record(record: Any, kind: str, position: int) -> RawArticle:
    """One JSON object as an article; the accepted keys are the *_KEYS tuples above."""
    if isinstance(record, InputError):
        raise record
    where = f"record {position}" if kind == "json" else f"line {position + 1}"
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected an object, got {type(record).__name__}", position)
    text = _first_value(record, TEXT_KEYS, where, position, kinds=str)
    if text is None or not text.strip():
        raise InputError(f"{where}: no text (expected one of {', '.join(TEXT_KEYS)})", position)
    external_id = record.get("id")
    article = RawArticle(
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
    return _checked(article, where)


def _first_value(
    record: dict,
    keys: tuple[str, ...],
    where: str,
    position: int,
    kinds: type | tuple[type, ...] = (str, int, float),
) -> str | None:
    """The first of `keys` the record has, as a string; a value not of `kinds` is an error.

    Numbers are accepted where a source may write one (an id, a date, a title "2024"); the
    text must be a string.
    """
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise InputError(
                f"{where}: field {key!r} should be a string, got {type(value).__name__}", position
            )
        return str(value)
    return None


def parse_feed(data: bytes) -> ParsedFile:
    """An RSS or Atom feed: one article per item, full content preferred over the summary."""
    import feedparser

    feed = feedparser.parse(_valid_char_refs(data))
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
            articles.append(_checked(article, f"item {position}"))
        except InputError as error:
            rejects.append(error)
    return ParsedFile(kind, tuple(articles), tuple(rejects))


# A numeric character reference ("&#xd800;", "&#1114112;"). One to no character makes feedparser
# raise (UnicodeEncodeError, ValueError, OverflowError) instead of reporting a malformed feed.
_CHAR_REF = re.compile(rb"&#(?:[xX](?P<hex>[0-9a-fA-F]+)|(?P<dec>[0-9]+));")


def _valid_char_refs(data: bytes) -> bytes:
    """The feed with each reference to no character (a surrogate, past U+10FFFF) made U+FFFD."""

    def valid(match: re.Match[bytes]) -> bytes:
        digits = (match["hex"] or match["dec"]).lstrip(b"0") or b"0"
        if len(digits) > 7:  # past 0x10FFFF and 1114111, and short enough to convert
            return b"&#xfffd;"
        code = int(digits, 16 if match["hex"] else 10)
        return match[0] if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else b"&#xfffd;"

    return _CHAR_REF.sub(valid, data)


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    html = contents[0].get("value") if contents else entry.get("summary", "")
    return html_fragment_text(html or "")


_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")


def html_fragment_text(html: str) -> str:
    """Text of an HTML fragment (feed content), one paragraph per line."""
    import lxml.html

    html, _ = _repaired_characters(html)  # lxml refuses control characters
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
