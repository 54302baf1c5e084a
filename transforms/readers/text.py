"""Plain-text articles (headline, byline ending in a date, body), and the outlet a byline names."""

from __future__ import annotations

import re

from schemas.errors import InputError
from schemas.input_formats import TXT
from transforms.readers.checks import MAX_ARTICLE_CHARS, checked_article, too_long_reason
from transforms.readers.types import RawArticle

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
# How much of a file's start is split into lines to find the headline and byline; also the size
# of the chunks the body's end is trimmed in.
_HEAD_CHARS = 8192


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
        raise InputError(too_long_reason(body_end - body_start))
    body = text[body_start:body_end]
    return checked_article(
        RawArticle(body, title, published, source, byline, None, None, None, TXT, 0)
    )


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


# Byline and channel-title parts are separated by bars, dashes or arrows ("NYT > World News");
# commas belong inside names ("Department of Research, Studies and International News").
_BYLINE_SEPARATORS = re.compile(r"\s*(?:\||—|–|\s-\s|\s[>»]\s)\s*")
_AUTHOR_PREFIX = re.compile(r"^(?:by|from)\s", re.IGNORECASE)


def outlet_from_byline(byline: str | None) -> str | None:
    """The outlet named in a byline: its first part that is not an author ("By ...")."""
    outlets = outlet_parts(byline) if byline else []
    return outlets[0] if outlets else None


def outlet_parts(byline: str) -> list[str]:
    """The parts of a byline or channel title that are not an author ("By ..."), in order."""
    parts = [part for part in _BYLINE_SEPARATORS.split(byline) if part]
    return [part for part in parts if not _AUTHOR_PREFIX.match(part)]


def _first_content_line(lines: list[str], start: int) -> int | None:
    """The index of the first line from `start` that is not blank, or None."""
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def _looks_like_headline(line: str) -> bool:
    """Whether a line can be a headline: short, and not ending like a sentence or a lead-in."""
    stripped = line.strip()
    # Headlines rarely end in a full stop; a long first line ending in one is a paragraph.
    return len(stripped) <= _HEADLINE_MAX_CHARS and not stripped.endswith((".", ":", ";"))
