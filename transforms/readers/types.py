"""What the readers give: one article as read, and what one file gave."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.errors import InputError


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
    # HTML pages: the update date the page states besides publication, and what found the date.
    modified_raw: str | None = None
    date_source: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """What one file gave: its articles, and the records that could not be read."""

    format: str
    articles: tuple[RawArticle, ...]
    rejects: tuple[InputError, ...]


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's bytes as text, the Python codec that read them and what the file declared.

    `declared_encoding` is the codec the page's markup named (None when it named none);
    `flags` are text flags of the decoding (MISDECLARED_ENCODING).
    """

    text: str
    encoding: str
    declared_encoding: str | None
    flags: tuple[str, ...] = ()
