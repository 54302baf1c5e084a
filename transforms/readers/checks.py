"""The checks every article passes on its way out of a reader: its length and its characters."""

from __future__ import annotations

from dataclasses import replace

from schemas.errors import InputError
from transforms.readers.decoding import repair_text, repaired_characters
from transforms.readers.types import RawArticle

# An article longer than this is refused. spaCy's own limit is 1,000,000 characters, but
# en_core_web_sm needs about 2.5 MB of memory and 0.1 s per 1,000 characters of one article
# (measured on MUC-3 text: +494 MB and 22 s for 200,000 characters on a loaded core), so one
# article at spaCy's limit would take a worker 2.5 GB. 200,000 characters is about 30,000
# words, six times the longest article in ../shared/corpus (31,483 characters).
MAX_ARTICLE_CHARS = 200_000


def too_long_reason(n_chars: int) -> str:
    """The reject reason of an article of `n_chars` characters, over MAX_ARTICLE_CHARS."""
    return f"article too long ({n_chars:,} characters; limit {MAX_ARTICLE_CHARS:,})"


def checked_article(article: RawArticle, where: str = "") -> RawArticle:
    """The article within MAX_ARTICLE_CHARS and with its characters repaired, or InputError.

    `where` names the record in a file of several ("line 3"); without it a problem rejects the
    whole file.
    """
    position = article.position if where else -1
    prefix = f"{where}: " if where else ""
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise InputError(prefix + too_long_reason(len(article.text)), position)
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
            value, more = repaired_characters(value)
            repaired[name] = value or None
            flags += more
    all_flags = tuple(dict.fromkeys((*article.text_flags, *flags)))
    return replace(article, **repaired, text_flags=all_flags)
