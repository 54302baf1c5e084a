"""Article identity and the `articles` row: pure functions over what a reader returned."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from schemas.articles import BOILERPLATE, NOT_ENGLISH
from schemas.errors import InputError
from transforms.boilerplate import is_boilerplate
from transforms.dates import PublishedDate, infer_date_order, parse_published
from transforms.language import LanguageGuess, detect_language, primary_subtag
from transforms.near_duplicates import NearDuplicateIndex, link_near_duplicates
from transforms.readers import RawArticle
from transforms.urls import link_same_urls, normalize_url

_SPACES = re.compile(r"\s+")
UNKNOWN_MONTH = "unknown"


def identity_text(value: str | None) -> str:
    """The form two copies of one article share: NFKC, case-folded, whitespace collapsed."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip().casefold()


def article_id(title: str | None, text: str) -> str:
    """Stable id of an article: 32 hex digits of sha256 over its normalized title and text."""
    payload = identity_text(title) + "\x1f" + identity_text(text)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


# The commonest English words. English news prose has 30-45% of its words among them (the
# lowest of the 1,856 articles in ../shared/corpus: 17.6%, a MUC-3 wire); French, German,
# Spanish or Russian prose has under 5%, from the few words spelt alike ("a", "on", "as").
_ENGLISH_WORDS = frozenset({
    "the", "of", "and", "to", "in", "a", "is", "was", "that", "for", "on", "with", "as", "by",
    "at", "from", "said", "were", "have", "has", "it", "be", "are", "he", "his", "they", "an",
    "had", "been", "not", "this", "which", "their", "who", "but", "or", "its", "will", "would",
    "after", "also", "more", "than", "about",
})  # fmt: skip
_ENGLISH_MIN_SHARE = 0.08
_ENGLISH_MIN_WORDS = 20  # below this, too few words to judge
_ENGLISH_SAMPLE_CHARS = 20_000
_WORDS = re.compile(r"[^\W\d_]+")


def looks_english(text: str) -> bool | None:
    """Whether a text reads as English by its share of common English words; None if too short.

    The extraction rules and the spaCy model are English-only: an article that is not English
    is stored and flagged (`text_flags` NOT_ENGLISH) rather than trusted.
    """
    words = _WORDS.findall(text[:_ENGLISH_SAMPLE_CHARS].lower())
    if len(words) < _ENGLISH_MIN_WORDS:
        return None
    return sum(word in _ENGLISH_WORDS for word in words) / len(words) >= _ENGLISH_MIN_SHARE


ENGLISH = "en"


def extraction_language(language: str | None, declared: str | None, text: str) -> str | None:
    """The language whose pipeline should read an article: the detected `language`; when the
    text was too short or unclear to tell, English only if the `declared` language is English
    or absent and the text reads as English by its common words; else None (no pipeline).
    None too for boilerplate (`transforms.boilerplate`): no pipeline reads page furniture."""
    if is_boilerplate(text):
        return None
    if language is not None:
        return language
    if declared in (None, ENGLISH) and looks_english(text):
        return ENGLISH
    return None


def text_flags(
    raw: RawArticle, guess: LanguageGuess | None = None, declared: str | None = None
) -> list[str]:
    """The reader's flags on the article's text; BOILERPLATE for page furniture, else
    NOT_ENGLISH when the text is not for the English pipeline (see `extraction_language`):
    detected from the text unless `guess` is given, `declared` being the input's language as
    `primary_subtag` gives it."""
    flags = list(raw.text_flags)
    if is_boilerplate(raw.text):
        flags.append(BOILERPLATE)
        return flags
    guess = guess or detect_language(raw.text)
    if extraction_language(guess.language, declared, raw.text) != ENGLISH:
        flags.append(NOT_ENGLISH)
    return flags


def published_month(date: dt.date | None) -> str:
    """The partition value of a publication date: YYYY-MM, or 'unknown'."""
    return f"{date:%Y-%m}" if date else UNKNOWN_MONTH


@dataclass(frozen=True, slots=True)
class SourceFile:
    """Where a batch of raw articles came from."""

    path: str
    sha256: str


def date_order_evidence(articles: Iterable[RawArticle]) -> dict[str | None, Counter[str]]:
    """Per source, how many of its dates are unambiguously day-first or month-first."""
    evidence: dict[str | None, Counter[str]] = defaultdict(Counter)
    for article in articles:
        order = infer_date_order([article.published_raw]) if article.published_raw else None
        if order:
            evidence[article.source][order] += 1
    return evidence


def date_orders_by_source(
    *evidences: dict[str | None, Counter[str]],
) -> dict[str | None, str]:
    """The day/month order of each source whose evidence (this batch, stored) agrees."""
    merged: dict[str | None, Counter[str]] = defaultdict(Counter)
    for evidence in evidences:
        for source, counts in evidence.items():
            merged[source].update(counts)
    return {
        source: next(iter(+counts))
        for source, counts in merged.items()
        if len(+counts) == 1  # one order only: conflicting evidence decides nothing
    }


def article_row(
    raw: RawArticle,
    source_file: SourceFile,
    *,
    order_hint: str | None,
    run_id: str,
    ingested_at: dt.datetime,
    identifier: str | None = None,
) -> dict:
    """The `articles` row of one raw article, publication date normalized; `identifier` is
    its `article_id` when the caller has it (hashing a long text again costs)."""
    published: PublishedDate | None = parse_published(
        raw.published_raw, order_hint=order_hint, locale=raw.language, now=ingested_at
    )
    guess = detect_language(raw.text)
    declared = primary_subtag(raw.language)
    date = published.date if published else None
    modified = parse_published(raw.modified_raw, now=ingested_at) if raw.modified_raw else None
    return {
        "article_id": identifier or article_id(raw.title, raw.text),
        "external_id": raw.external_id,
        "title": raw.title,
        "text": raw.text,
        "duplicate_of": None,  # set by planning when an index of near-duplicates is given
        "published_date": date,
        "published_at": published.timestamp if published else None,
        "published_raw": raw.published_raw,
        "date_order_rule": published.date_order_rule if published else None,
        "is_date_ambiguous": published.is_ambiguous if published else None,
        "date_flags": list(published.flags) if published else [],
        "date_source": raw.date_source,
        "modified_date": modified.date if modified else None,
        "modified_at": modified.timestamp if modified else None,
        "source": raw.source,
        "byline": raw.byline,
        "url": normalize_url(raw.url) or raw.url,
        "language": guess.language,
        "language_confidence": guess.confidence,
        "declared_language": declared,
        "text_flags": text_flags(raw, guess, declared),
        "format": raw.format,
        "source_path": source_file.path,
        "source_position": raw.position,
        "source_sha256": source_file.sha256,
        "ingested_at": ingested_at,
        "run_id": run_id,
        "published_month": published_month(date),
    }


@dataclass(slots=True)
class ArticlePlan:
    """What one batch of read files adds: new article rows, and how many were already known."""

    rows: list[dict]
    n_read: int
    n_duplicates: int
    n_near_duplicates: int = 0
    # `article_sketches` rows of the new articles (only when planned with an index).
    sketch_rows: list[dict] = field(default_factory=list)


def plan_new_articles(
    files: list[tuple[SourceFile, tuple[RawArticle, ...]]],
    known_ids: set[str],
    *,
    stored_evidence: dict[str | None, Counter[str]],
    date_order_hints: dict[str, str],
    run_id: str,
    ingested_at: dt.datetime,
    near_duplicates: NearDuplicateIndex | None = None,
    known_urls: dict[str, str] | None = None,
) -> ArticlePlan:
    """Rows of the articles not in `known_ids` (which it extends), first copy kept.

    Ambiguous dates take their source's order from this batch's and the warehouse's
    unambiguous dates; a configured hint for the source wins over both. With an index of
    `near_duplicates` (stored and earlier articles), each new row's `duplicate_of` is set,
    the row is added to the index and its sketch row planned; without one it stays null.
    Either way a row whose normalized URL is an earlier row's, or in `known_urls` (stored
    articles' URL -> article_id, extended), links to that article (`link_same_urls`).
    """
    all_articles = [article for _, articles in files for article in articles]
    evidence = date_order_evidence(all_articles)
    orders = {**date_orders_by_source(evidence, stored_evidence), **date_order_hints}
    rows = []
    duplicates = 0
    for source_file, articles in files:
        for raw in articles:
            identifier = article_id(raw.title, raw.text)
            if identifier in known_ids:
                duplicates += 1
                continue
            known_ids.add(identifier)
            rows.append(
                article_row(
                    raw,
                    source_file,
                    order_hint=orders.get(raw.source),
                    run_id=run_id,
                    ingested_at=ingested_at,
                    identifier=identifier,
                )
            )
    if near_duplicates is None:
        link_same_urls(rows, known_urls)
        return ArticlePlan(rows, len(all_articles), duplicates)
    sketches = link_near_duplicates(rows, near_duplicates, run_id)
    link_same_urls(rows, known_urls)
    linked = sum(row["duplicate_of"] is not None for row in rows)
    return ArticlePlan(rows, len(all_articles), duplicates, linked, sketches)


def reject_key(sha256: str, position: int, reason: str) -> str:
    """The identity of a reject: the same bytes failing the same way are recorded once."""
    return f"{sha256}:{position}:{reason}"


def reject_row(
    path: str,
    sha256: str,
    file_format: str | None,
    position: int,
    reason: str,
    *,
    run_id: str,
    rejected_at: dt.datetime,
) -> dict:
    """The `rejects` row of an unreadable file or record."""
    return {
        "source_path": path,
        "source_position": position,
        "source_sha256": sha256,
        "format": file_format,
        "reason": reason,
        "rejected_at": rejected_at,
        "run_id": run_id,
    }


def new_reject_rows(
    rejects: Iterable[tuple[SourceFile, str | None, InputError]],
    known_keys: set[str],
    *,
    run_id: str,
    rejected_at: dt.datetime,
) -> list[dict]:
    """`rejects` rows of the (file, format, error) rejects whose key is not in `known_keys`
    (which it extends): the same bytes failing the same way are recorded once."""
    rows = []
    for source_file, file_format, error in rejects:
        key = reject_key(source_file.sha256, error.position, error.reason)
        if key in known_keys:
            continue
        known_keys.add(key)
        rows.append(
            reject_row(
                source_file.path,
                source_file.sha256,
                file_format,
                error.position,
                error.reason,
                run_id=run_id,
                rejected_at=rejected_at,
            )
        )
    return rows
