"""Real-web scorer: real news pages and feeds read through the pipeline's own path.

Corpora (``../shared/corpus/web``, see its README; the pages belong to their publishers):

* ``bbaw``: htmldate's BBAW pages (350, mostly German news) with the annotated publication day
  (``dates.jsonl``) and a ``news_like`` mark per page;
* ``zyte``: the Zyte article-extraction benchmark (179 pages, mostly English) with the reference
  article body (``ground-truth.json``) and the headline read by hand
  (``tests/accuracy/web_titles.json``); no dates are labelled;
* ``feeds``: two real feeds (NPR JSON Feed, touchnokia.ru Atom) whose items carry their own dates.

Each page goes ``transforms.readers.parse_file`` -> ``transforms.articles.plan_new_articles``
(the row builder the flow calls) and, for pages the routing sends to a pipeline of another
language than their gold one, and French pages to the French pipeline, spaCy +
``transforms.extract.extract_article``. Pages are split once
by document into dev and test (``split_names``); both are reported.

Rows (field ``web``): see ``docs/accuracy.md`` ("Real web") for what each measures and the gold
rules. Counts where lower is better (``non_english_claims``, ``non_english_mentions``: rows a
pipeline extracted from an article in another language) are informative rows (value None, the
count in ``n``): a floor on them would fail when they drop. So are ``fr_pipeline_articles`` and
``fr_pipeline_mentions`` (French articles the French pipeline reads, its mentions in them).

Run ``python -m tests.accuracy.score_web -v`` for the rejects by reason and the per-page misses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from schemas.errors import InputError
from tests.accuracy import Row, make_row
from tests.accuracy.web_pages import (
    DEV,
    TEST,
    body_counts,
    body_scores,
    load_body_pages,
    load_dated_pages,
    page_bytes,
    split_of,
)
from transforms.articles import ENGLISH, SourceFile, plan_new_articles
from transforms.extract import ArticleInput
from transforms.language import primary_subtag
from transforms.readers import parse_file

FRENCH = "fr"
REPO = Path(__file__).resolve().parents[2]
WEB = REPO.parent / "shared" / "corpus" / "web"
BBAW = WEB / "htmldate-bbaw"
ZYTE = WEB / "article-extraction-benchmark"
FEEDS = WEB / "feeds"
_BBAW_FILES = (
    "web/htmldate-bbaw/dates.jsonl",
    "web/htmldate-bbaw/pages/*.html",
    "repo:tests/cases/language/web_adjudicated.json",
)
_ZYTE_FILES = (
    "web/article-extraction-benchmark/ground-truth.json",
    "web/article-extraction-benchmark/html/*.html.gz",
    "repo:tests/accuracy/web_titles.json",
)
# Files whose change changes the numbers (hashed by the gate): the pages are the input here.
CORPORA = {
    "bbaw-dev": _BBAW_FILES,
    "bbaw-test": _BBAW_FILES,
    "zyte-dev": _ZYTE_FILES,
    "zyte-test": _ZYTE_FILES,
    "feeds": ("web/feeds/*.json", "web/feeds/*.xml"),
}
RUN_ID = "eval-web"
# Hand-read headlines of the Zyte pages (see its "_about"), keyed by page id.
TITLE_GOLD = REPO / "tests" / "accuracy" / "web_titles.json"
# --verbose lists the pages whose body scores below this F1.
MISS_BODY_F1 = 0.8

# Gold language


# Languages of a country-code host (ISO 639-1). Hosts under other TLDs give no country evidence.
CCTLD_LANGUAGES: dict[str, frozenset[str]] = {
    tld: frozenset(codes.split())
    for tld, codes in {
        "de": "de", "at": "de", "ch": "de fr it rm", "li": "de", "lu": "lb fr de",
        "be": "nl fr de", "fr": "fr", "it": "it", "va": "it la", "es": "es ca eu gl",
        "pt": "pt", "br": "pt", "mx": "es", "ar": "es", "nl": "nl", "pl": "pl", "cz": "cs",
        "sk": "sk", "se": "sv", "dk": "da", "no": "nb nn no", "fi": "fi sv", "ru": "ru",
        "ua": "uk ru", "gr": "el", "tr": "tr", "jp": "ja", "cn": "zh", "tw": "zh",
        "hk": "zh en", "kr": "ko", "th": "th", "vn": "vi", "id": "id", "in": "en hi",
        "uk": "en", "ie": "en ga", "us": "en", "au": "en", "nz": "en", "ca": "en fr",
        "za": "en af", "tn": "ar fr", "bz": "en es", "scot": "en gd",
    }.items()
}  # fmt: skip


class GoldLanguage(NamedTuple):
    """The gold language of a page (None when left out) and the rule that gave it."""

    code: str | None
    rule: str


NOT_ASSESSED = GoldLanguage(None, "not assessed")
_HTML_LANG = re.compile(rb"<html\b[^>]*?\b(?:xml:)?lang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)
_ARCHIVED = re.compile(r"https?://web\.archive\.org/web/[^/]+/(.+)")


def declared_language(html: bytes) -> str | None:
    """The primary subtag of the page's ``<html lang>`` (lower case), None when absent."""
    match = _HTML_LANG.search(html[:50_000])
    return match[1].decode("ascii").lower() if match else None


def page_host(url: str | None) -> str:
    """The host a URL names (the archived one for a web.archive.org capture), lower case."""
    if not url:
        return ""
    archived = _ARCHIVED.match(url)
    if archived:
        url = archived[1]
    if "//" not in url:
        url = "http://" + url
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


@cache
def adjudicated_languages() -> dict[str, str]:
    """Page file name -> language read by hand (tests/cases/language/web_adjudicated.json)."""
    path = REPO / "tests" / "cases" / "language" / "web_adjudicated.json"
    return json.loads(path.read_text(encoding="utf-8"))["labels"]


def adjudicated(name: str, rule_gold: GoldLanguage) -> GoldLanguage:
    """The hand-read language of a page where there is one, else the rule's gold."""
    label = adjudicated_languages().get(name.removeprefix("pages/"))
    if label is None:
        return rule_gold
    return GoldLanguage(None if label == "und" else label, "read by hand")


def gold_language(declared: str | None, url: str | None) -> GoldLanguage:
    """The declared ``lang`` when the host's country-code TLD allows it or the host has no
    country code; left out (code None) when there is no declaration or the ccTLD disagrees."""
    if not declared:
        return GoldLanguage(None, "no lang declared")
    tld = page_host(url).rsplit(".", 1)[-1]
    allowed = CCTLD_LANGUAGES.get(tld)
    if allowed is None:
        return GoldLanguage(declared, "declared, no ccTLD")
    if declared in allowed:
        return GoldLanguage(declared, "declared, ccTLD agrees")
    return GoldLanguage(None, "declared and ccTLD disagree")


# Titles

# Separators publishers put between a headline and their site name.
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-\u2013\u2014:\u00b7\u2022\u00bb/]|--|::)\s+")
# Second-level labels that are not a site's name (example.co.uk, example.com.au).
_GENERIC_LABELS = frozenset({"co", "com", "org", "net", "gov", "ac", "edu"})


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def site_labels(url: str | None, site_name: str | None) -> set[str]:
    """Keys a site's name can take: the host's registered label and the page's site name."""
    labels = {_key(site_name)} if site_name else set()
    parts = [p for p in page_host(url).split(".")[:-1] if p not in _GENERIC_LABELS]
    if parts:
        labels.add(_key(parts[-1]))
    return {label for label in labels if len(label) >= 3}


# An end segment of at most this many words that holds the site's name is the site's name
# with a section ("CNN Politics", "BBC News"); a longer one is the headline naming the outlet.
MAX_SITE_SEGMENT_WORDS = 4


def names_site(segment: str, labels: set[str], max_words: int = MAX_SITE_SEGMENT_WORDS) -> bool:
    """Whether a title segment is the site's name, or holds it within ``max_words`` words (the
    name with a section)."""
    key = _key(segment)
    if not key:
        return False
    if key in labels or any(len(key) >= 3 and key in label for label in labels):
        return True
    short = len(segment.split()) <= max_words
    return short and any(label in key for label in labels)


def title_has_site_name(title: str, url: str | None, site_name: str | None) -> bool:
    """Whether the title is the site's name, or starts or ends with a separated segment naming
    the site ("... | CNN Politics", "Sott.net -- ...")."""
    labels = site_labels(url, site_name)
    segments = _TITLE_SEPARATORS.split(title.strip())
    if len(segments) == 1:  # the whole title: the name, or the name and one word ("BBC News")
        return names_site(title, labels, max_words=2)
    return names_site(segments[0], labels) or names_site(segments[-1], labels)


# Quote and dash variants a headline may be written with in one place and not another (curly
# or straight quotes, guillemets, en/em dashes, minus): each maps to its ASCII form.
_QUOTES_DASHES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)


def title_key(text: str | None) -> str:
    """A title as compared for the exact rate: Unicode NFKC ("…" -> "..."), case-folded, quotes
    and dashes in their ASCII form, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text or "").casefold().translate(_QUOTES_DASHES)
    return " ".join(folded.split())


def title_exact(found: str | None, gold: str) -> bool:
    """Whether a found title is the gold headline (equal ``title_key``)."""
    return bool(found) and title_key(found) == title_key(gold)


def title_matches(found: str | None, gold: str) -> bool:
    """The looser match: the same letters and digits, punctuation and spacing aside."""
    return bool(found) and bool(_key(gold)) and _key(found) == _key(gold)


@cache
def title_gold() -> dict[str, str]:
    """Page id -> hand-read headline (``tests/accuracy/web_titles.json``)."""
    labels = json.loads(TITLE_GOLD.read_text(encoding="utf-8"))
    return {name: label["headline"] for name, label in labels.items() if name != "_about"}


# Rejects

_NUMBERS = re.compile(r"\d+")
_ITEM_PREFIX = re.compile(r"^(?:item|record) \d+: ")


def reason_class(reason: str) -> str:
    """A reject reason without its item prefix and with its figures as N: reasons by kind."""
    return _NUMBERS.sub("N", _ITEM_PREFIX.sub("", reason))


# Feed item dates


def parse_instant(value: str | None) -> dt.datetime | dt.date | None:
    """A feed's date string as written: an aware datetime (ISO 8601 or RFC 2822), a date, or
    None when it is neither."""
    if not value:
        return None
    from email.utils import parsedate_to_datetime

    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if parsed.tzinfo is None:
        return parsed.date() if parsed.time() == dt.time() else parsed.replace(tzinfo=dt.UTC)
    return parsed


def feed_date_matches(expected: dt.datetime | dt.date, row: dict) -> bool:
    """Whether a stored row keeps the item's date: the day as the feed writes it, and the same
    instant when the row keeps a timestamp."""
    want_day = expected.date() if isinstance(expected, dt.datetime) else expected
    if row.get("published_date") != want_day:
        return False
    stamp = row.get("published_at")
    if stamp is None or not isinstance(expected, dt.datetime):
        return True
    if stamp.tzinfo is None:  # stored timestamps are UTC
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp == expected


# Reading pages through the pipeline


@dataclass
class Page:
    """One page (or feed) read through the pipeline: its rows, rejects and gold."""

    name: str
    rows: list[dict] = field(default_factory=list)
    rejects: list[str] = field(default_factory=list)
    url: str | None = None
    gold: dict = field(default_factory=dict)
    language: GoldLanguage = NOT_ASSESSED


def read_through_pipeline(name: str, data: bytes) -> tuple[list[dict], list[str]]:
    """The ``articles`` rows and reject reasons the ingest flow would store for one file."""
    try:
        parsed = parse_file(name, data)
    except InputError as error:
        return [], [error.reason]
    source = SourceFile(name, hashlib.sha256(data).hexdigest())
    plan = plan_new_articles(
        [(source, parsed.articles)],
        set(),
        stored_evidence={},
        date_order_hints={},
        run_id=RUN_ID,
        ingested_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )
    return plan.rows, [error.reason for error in parsed.rejects]


def routed_inputs(rows: Sequence[dict]) -> dict[str, list[ArticleInput]]:
    """What the flow sends to each installed pipeline of these rows, by the pipeline's
    language (its own routing, ``flows.extraction.route_articles``, with the default
    ``models`` setting: English plus every installed official pipeline)."""
    from flows.extraction import route_articles

    return route_articles(rows, installed_models()).by_language


@cache
def bbaw_pages() -> tuple[Page, ...]:
    pages = []
    for dated in load_dated_pages():
        data = page_bytes(dated)
        rows, rejects = read_through_pipeline(dated.name, data)
        gold = {"expected_date": dated.expected_date, "news_like": dated.news_like}
        language = adjudicated(dated.name, gold_language(declared_language(data), dated.url))
        pages.append(Page(dated.name, rows, rejects, dated.url, gold, language))
    return tuple(pages)


@cache
def zyte_pages() -> tuple[Page, ...]:
    pages = []
    for body in load_body_pages():
        name = body.name.removesuffix(".gz")
        rows, rejects = read_through_pipeline(name, page_bytes(body))
        gold = {"body": body.article_body, "title": title_gold().get(name.removesuffix(".html"))}
        pages.append(Page(body.name, rows, rejects, body.url, gold))
    return tuple(pages)


def feed_items(name: str, data: bytes) -> list[dict]:
    """Each item of a feed (file ``name`` holding ``data``) as the feed itself gives it: its url
    and its own date string (JSON Feed ``date_published`` else ``date_modified``; RSS/Atom via
    feedparser ``published`` else ``updated``)."""
    if name.endswith(".json"):
        items = json.loads(data)["items"]
        return [
            {
                "url": item.get("url"),
                "date": item.get("date_published") or item.get("date_modified"),
            }
            for item in items
        ]
    import feedparser

    entries = feedparser.parse(data).entries
    return [
        {"url": entry.get("link"), "date": entry.get("published") or entry.get("updated")}
        for entry in entries
    ]


@cache
def feed_pages() -> tuple[Page, ...]:
    pages = []
    for path in sorted([*FEEDS.glob("*.json"), *FEEDS.glob("*.xml")]):
        data = path.read_bytes()
        rows, rejects = read_through_pipeline(path.name, data)
        pages.append(Page(path.name, rows, rejects, gold={"items": feed_items(path.name, data)}))
    return tuple(pages)


# Extraction of non-English text


@cache
def installed_models() -> dict[str, str]:
    """The pipeline of each language a default run extracts (``models`` = "auto")."""
    from flows.nlp import AUTO, resolve_models

    return resolve_models(AUTO, AUTO)


@cache
def pipeline(language: str = ENGLISH):
    from flows.nlp import load_pipeline

    return load_pipeline(installed_models()[language])


def extraction_counts(
    articles: Sequence[ArticleInput], language: str = ENGLISH
) -> list[tuple[int, int]]:
    """(claims, mentions) the real extraction with ``language``'s pipeline gives each article."""
    from flows.gazetteer import load_gazetteer
    from flows.nlp import ner_labels
    from transforms.extract import Lineage, extract_article
    from transforms.parse_selection import parse_articles

    if not articles:
        return []
    gazetteer = load_gazetteer()
    lineage = Lineage(RUN_ID, RUN_ID)
    labels = ner_labels(language)
    parsed = parse_articles(pipeline(language), (article.text for article in articles))
    counts = []
    for article, found in zip(articles, parsed, strict=True):
        tables = extract_article(
            found.doc, article, lineage, gazetteer, labels, quantities=found.quantities
        ).rows
        counts.append((len(tables["claims"]), len(tables["entity_mentions"])))
    return counts


# Scoring


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _rejects(pages: Iterable[Page]) -> Counter[str]:
    return Counter(reason_class(reason) for page in pages for reason in page.rejects)


def _first(page: Page) -> dict | None:
    return page.rows[0] if page.rows else None


@dataclass
class Report:
    """Rows for the gate and, for ``--verbose``, what went wrong page by page."""

    rows: list[Row] = field(default_factory=list)
    rejects: dict[str, Counter[str]] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def add(self, corpus: str, metric: str, value: float | None, n: int) -> None:
        self.rows.append(make_row("web", corpus, metric, value=value, n=n))

    def miss(self, corpus: str, line: str) -> None:
        self.misses.setdefault(corpus, []).append(line)


def _date_exact(report: Report, corpus: str, pages: Sequence[Page], metric: str) -> None:
    """Publication day == expected over ``pages`` (all have gold; a reject is a miss)."""
    hits = 0
    for page in pages:
        row = _first(page)
        got = row["published_date"] if row else None
        if got is not None and got.isoformat() == page.gold["expected_date"]:
            hits += 1
        elif metric == "date_exact":
            raw = row["published_raw"] if row else "rejected"
            report.miss(corpus, f"date {page.name}: want {page.gold['expected_date']}, "
                        f"got {got} (raw {raw!r})")  # fmt: skip
    report.add(corpus, metric, _rate(hits, len(pages)), len(pages))


def score_bbaw(report: Report, corpus: str, pages: Sequence[Page]) -> None:
    """kept_rate, date_exact (all, news_like, news_like English), language_accuracy and the
    extraction from non-English text of one part of the BBAW set."""
    kept = [page for page in pages if page.rows]
    report.add(corpus, "kept_rate", _rate(len(kept), len(pages)), len(pages))
    report.rejects[corpus] = _rejects(pages)
    news = [page for page in pages if page.gold.get("news_like")]
    _date_exact(report, corpus, pages, "date_exact")
    _date_exact(report, corpus, news, "date_exact_news")
    news_en = [page for page in news if page.language.code == ENGLISH]
    _date_exact(report, corpus, news_en, "date_exact_news_en")

    judged = [page for page in kept if page.language.code]
    right = 0
    for page in judged:
        got = primary_subtag(page.rows[0].get("language"))
        right += got == page.language.code
        if got != page.language.code:
            report.miss(corpus, f"language {page.name}: want {page.language.code}, got {got}")
    report.add(corpus, "language_accuracy", _rate(right, len(judged)), len(judged))
    left_out = Counter(page.language.rule for page in kept if not page.language.code)
    for rule, count in sorted(left_out.items()):
        report.miss(corpus, f"language gold left out ({rule}): {count} kept pages")

    score_wrong_pipeline(report, corpus, kept)


def score_wrong_pipeline(report: Report, corpus: str, kept: Sequence[Page]) -> None:
    """Rows extracted by a pipeline of another language than the article's (its gold
    language), which the English rules would read as English; and, for information, the
    French articles the French pipeline reads and the mentions it finds in them.

    ``non_english_claims`` / ``non_english_mentions`` count what a default run's pipelines
    (``installed_models``) extract from articles whose gold language is not the pipeline's
    (goal 0); the two rates hold "no such row" over the non-English articles at 1.0.
    """
    gold = {row["article_id"]: page for page in kept if page.language.code for row in page.rows}
    routed = routed_inputs([row for page in kept if page.language.code for row in page.rows])
    wrong: list[tuple[str, int, int]] = []  # (article_id, claims, mentions)
    for language, articles in sorted(routed.items()):
        others = [a for a in articles if gold[a.article_id].language.code != language]
        for article, (claims, mentions) in zip(
            others, extraction_counts(others, language), strict=True
        ):
            page = gold[article.article_id]
            wrong.append((article.article_id, claims, mentions))
            report.miss(corpus, f"extracted by the {language} pipeline {page.name} (gold "
                        f"{page.language.code}, detected {page.rows[0]['language']}): "
                        f"{claims} claims, {mentions} mentions")  # fmt: skip
    report.rows.append(make_row("web", corpus, "non_english_claims", n=sum(c for _, c, _ in wrong)))
    report.rows.append(
        make_row("web", corpus, "non_english_mentions", n=sum(m for _, _, m in wrong))
    )
    foreign = [aid for aid, page in gold.items() if page.language.code != ENGLISH]
    with_claims = {aid for aid, claims, _ in wrong if claims}
    with_rows = {aid for aid, claims, mentions in wrong if claims or mentions}
    # The goal "no claim from non-English text" as a rate the gate can hold at 1.0 (a floor on
    # a count would fail when the count drops).
    no_claims = sum(aid not in with_claims for aid in foreign)
    report.add(corpus, "non_english_no_claims_rate", _rate(no_claims, len(foreign)), len(foreign))
    clean = sum(aid not in with_rows for aid in foreign)
    report.add(corpus, "non_english_clean_rate", _rate(clean, len(foreign)), len(foreign))
    french = [a for a in routed.get(FRENCH, []) if gold[a.article_id].language.code == FRENCH]
    mentions = sum(m for _, m in extraction_counts(french, FRENCH))
    report.rows.append(make_row("web", corpus, "fr_pipeline_articles", n=len(french)))
    report.rows.append(make_row("web", corpus, "fr_pipeline_mentions", n=mentions))


def score_zyte(report: Report, corpus: str, pages: Sequence[Page]) -> None:
    """kept_rate, body shingle P/R/F1 (mean over pages, a reject scores 0), title_clean_rate (a
    separated segment naming the site counts as unclean) and the title exact and match rates
    against the hand-read headlines."""
    kept = [page for page in pages if page.rows]
    report.add(corpus, "kept_rate", _rate(len(kept), len(pages)), len(pages))
    report.rejects[corpus] = _rejects(pages)
    counts = []
    for page in pages:
        row = _first(page)
        count = body_counts(page.gold["body"], row["text"] if row else "")
        counts.append(count)
        page_scores = body_scores([count])
        if page_scores.f1 < MISS_BODY_F1:
            report.miss(corpus, f"body {page.name}: P {page_scores.precision:.2f} "
                        f"R {page_scores.recall:.2f} ({page.url})")  # fmt: skip
    if counts:
        scores = body_scores(counts)
        report.rows.append(
            make_row(
                "web",
                corpus,
                "body_f1",
                precision=round(scores.precision, 4),
                recall=round(scores.recall, 4),
                f1=round(scores.f1, 4),
                n=len(counts),
            )
        )
    titled = [page for page in kept if page.rows[0].get("title")]
    clean = 0
    for page in titled:
        row = page.rows[0]
        if title_has_site_name(row["title"], page.url, row.get("source")):
            report.miss(corpus, f"title {page.name}: {row['title']!r}")
        else:
            clean += 1
    report.add(corpus, "title_clean_rate", _rate(clean, len(titled)), len(titled))
    _title_exact(report, corpus, pages)


def _title_exact(report: Report, corpus: str, pages: Sequence[Page]) -> None:
    """title_exact_rate and title_match_rate over the pages with a hand-read headline (a reject
    or a missing title is a miss)."""
    labelled = [page for page in pages if page.gold.get("title")]
    exact = matched = 0
    for page in labelled:
        row = _first(page)
        found, gold = (row or {}).get("title"), page.gold["title"]
        exact += title_exact(found, gold)
        matched += title_matches(found, gold)
        if not title_exact(found, gold):
            report.miss(corpus, f"title exact {page.name}: want {gold!r}, got {found!r}")
    report.add(corpus, "title_exact_rate", _rate(exact, len(labelled)), len(labelled))
    report.add(corpus, "title_match_rate", _rate(matched, len(labelled)), len(labelled))


def item_row(item: dict, position: int, rows: Sequence[dict]) -> dict | None:
    """The stored row of a feed item: the one read from its position, else (an exact duplicate
    stored once) the one with its URL. Position first: items may share a URL once stored
    (installments of one article whose links differ by their fragment only)."""
    by_position = [row for row in rows if row.get("source_position") == position]
    if by_position:
        return by_position[0]
    by_url = [row for row in rows if item["url"] and row.get("url") == item["url"]]
    return by_url[0] if by_url else None


def score_feeds(report: Report, corpus: str, feeds: Sequence[Page]) -> None:
    """item_date_exact (every dated item's stored date vs its own) and items_kept (every item).
    An item the feed gives no date cannot have its date right: it is left out of the date rate
    and counted (``-v`` lists it)."""
    items = dated = hits = kept = 0
    for feed in feeds:
        for position, item in enumerate(feed.gold["items"]):
            items += 1
            row = item_row(item, position, feed.rows)
            kept += row is not None
            if not item["date"]:
                report.miss(corpus, f"undated item {feed.name}#{position}: not in the date rate")
                continue
            dated += 1
            expected = parse_instant(item["date"])
            if row is not None and expected is not None and feed_date_matches(expected, row):
                hits += 1
                continue
            got = (row["published_date"], row["published_at"]) if row else "not stored"
            report.miss(corpus, f"item date {feed.name}#{position}: want {item['date']}, "
                        f"got {got}")  # fmt: skip
    report.rejects[corpus] = _rejects(feeds)
    report.add(corpus, "item_date_exact", _rate(hits, dated), dated)
    report.add(corpus, "items_kept", _rate(kept, items), items)


def _parts(pages: Sequence[Page]) -> dict[str, list[Page]]:
    """The pages of each half of the split by document (``web_pages.split_of``)."""
    parts: dict[str, list[Page]] = {DEV: [], TEST: []}
    for page in pages:
        parts[split_of(page.name)].append(page)
    return parts


def build_report() -> Report:
    """Every set read and scored (empty when the web corpus is absent)."""
    report = Report()
    if not WEB.is_dir():
        return report
    for part, pages in _parts(bbaw_pages()).items():
        score_bbaw(report, f"bbaw-{part}", pages)
    for part, pages in _parts(zyte_pages()).items():
        score_zyte(report, f"zyte-{part}", pages)
    score_feeds(report, "feeds", feed_pages())
    return report


def score() -> list[Row]:
    """Gate rows of every real-web set (see the module docstring)."""
    return build_report().rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="rejects and misses")
    args = parser.parse_args(argv)
    report = build_report()
    for row in report.rows:
        number = row["f1"] if row["f1"] is not None else row["value"]
        shown = "" if number is None else f"{number:.4f}"
        if row["precision"] is not None:
            shown += f" (P {row['precision']:.4f}, R {row['recall']:.4f})"
        print(f"{row['corpus']:<10} {row['metric']:<27} {shown:>7}  n={row['n']}")
    if args.verbose:
        for corpus, reasons in report.rejects.items():
            for reason, count in reasons.most_common():
                print(f"reject {corpus}: {count:>4}  {reason}")
        for corpus, lines in report.misses.items():
            for line in lines:
                print(f"miss {corpus}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
