"""Modern English news documents for the issue-19 claims gold: their text as the pipeline reads it.

The documents stay in `../shared/corpus/` (their licences are in its README); the gold in
`news-*.json` names them by id and this module rebuilds the text the annotations' evidence
strings are found in:

- `tbaq:<file name>`: a TimeBank or AQUAINT article, its ``<TEXT>`` without tags, its DCT as
  the publication day (`tests.accuracy.score_tbaq`);
- `meantime:<file name>`: a MEANTIME Wikinews article rebuilt from its tokens, its DCT
  (`tests.accuracy.score_dates`);
- `zyte:<name>` / `bbaw:<name>`: a web page of the article-extraction benchmark or of the
  htmldate BBAW set, read by the pipeline's own HTML reader (`parse_html_article`), with the
  publication date that reader finds.

Split, once, by document: dev when the first 8 bytes of sha256("19:" + id) are even, else test.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from schemas.errors import InputError
from tests.accuracy import score_dates, score_tbaq, web_pages
from transforms.readers.html import parse_html_article

SPLIT_SEED = 19
DEV = "dev"
TEST = "test"


@dataclass(frozen=True, slots=True)
class NewsDocument:
    """One document: its id, corpus, text and publication day as the pipeline would have it."""

    doc_id: str
    corpus: str
    text: str
    published: str | None


def split_of(doc_id: str, seed: int = SPLIT_SEED) -> str:
    """DEV or TEST for a document id (its id alone decides)."""
    digest = hashlib.sha256(f"{seed}:{doc_id}".encode()).digest()
    return DEV if int.from_bytes(digest[:8], "big") % 2 == 0 else TEST


def _tbaq() -> dict[str, NewsDocument]:
    found = {}
    for document in score_tbaq.load_documents():
        doc_id = f"tbaq:{document.name}"
        published = document.anchor.isoformat() if document.anchor else None
        found[doc_id] = NewsDocument(doc_id, "tbaq", document.text, published)
    return found


def _meantime(corpus: Path = score_dates.CORPUS) -> dict[str, NewsDocument]:
    found = {}
    for path in sorted(corpus.glob("intra_cross-doc_annotation/*/*.xml")):
        document = score_dates.load_document(path)
        doc_id = f"meantime:{path.name}"
        published = document.anchor.isoformat() if document.anchor else None
        found[doc_id] = NewsDocument(doc_id, "meantime", document.text, published)
    return found


def _web() -> dict[str, NewsDocument]:
    found = {}
    pages = [("zyte", page) for page in web_pages.load_body_pages()]
    pages += [("bbaw", page) for page in web_pages.load_dated_pages()]
    for corpus, page in pages:
        try:
            article = parse_html_article(web_pages.page_text(page), page.url)
        except InputError:
            continue  # the pipeline rejects it too: no text to annotate
        doc_id = f"{corpus}:{page.name}"
        published = (article.published_raw or "")[:10] or None
        found[doc_id] = NewsDocument(doc_id, corpus, article.text, published)
    return found


@cache
def news_documents() -> dict[str, NewsDocument]:
    """Every document that the issue-19 gold may name, by id (empty where `../shared` lacks it)."""
    found: dict[str, NewsDocument] = {}
    for load in (_tbaq, _meantime, _web):
        try:
            found.update(load())
        except FileNotFoundError:
            continue
    return found
