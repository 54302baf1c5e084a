"""The checks every article passes on its way out of a reader: its length and its characters."""

from __future__ import annotations

import re
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


# Scripts written without spaces between words: Han (Chinese, Japanese kanji), Hiragana,
# Katakana (and half-width), Thai, Lao, Tibetan, Myanmar, Khmer. Their text has next to no
# spaces, so its words are not counted by splitting at spaces.
_UNSPACED_SCRIPTS = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u0f00-\u0fff"  # Tibetan
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff\u31f0-\u31ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # Han, supplementary planes
)
_UNSPACED_LETTER = re.compile(f"[{_UNSPACED_SCRIPTS}]")
_UNSPACED_RUN = re.compile(f"[{_UNSPACED_SCRIPTS}]+")
_WORD_CHARACTER = re.compile(r"[^\W_]")


def word_count(text: str) -> int:
    """The text's length in words, for every script.

    Words written between spaces count one each; in the scripts written without spaces
    (Chinese, Japanese, Thai, Lao, Khmer, Myanmar, Tibetan) each letter counts as one word
    (combining vowel and tone marks too: the count is a floor on length, not a word
    segmentation). A Chinese word is one to two characters (1.6 on average in the Penn
    Chinese Treebank), so 25 characters are a sentence of about 15 words: a page with that
    much text is no longer a script-only shell or a consent wall.
    """
    if not _UNSPACED_LETTER.search(text):
        return len(text.split())
    unspaced = sum(len(run) for run in _UNSPACED_RUN.findall(text))
    # What is left between the runs: spaced words, and punctuation ("、", "。") that is none.
    spaced = _UNSPACED_RUN.sub(" ", text).split()
    return unspaced + sum(1 for token in spaced if _WORD_CHARACTER.search(token))


def too_short_reason(n_words: int, minimum: int) -> str:
    """The reject reason of a text of `n_words` words (`word_count`), under `minimum`."""
    return (
        f"too short: {n_words} words, needs {minimum} (a character of Chinese, Japanese, Thai "
        "and other scripts written without spaces counts as a word)"
    )


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
