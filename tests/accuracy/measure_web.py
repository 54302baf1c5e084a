"""Measure the HTML reader on the real web pages, per split (see ``tests/accuracy/web_pages.py``).

* dates (BBAW): publication day exact rate of ``parse_html_article`` + ``parse_published``, on
  all pages, news-like pages, and English news-like pages (declared ``lang`` English and the text
  mostly common English words);
* body (Zyte): 4-shingle P/R/F1 of the main text and milliseconds per page, for each candidate
  trafilatura setting and for Resiliparse's main-content extraction (the fast alternative);
* downstream (Zyte): what the extraction reads from each extractor's text (entity mentions,
  claims) against what it reads from the reference body, P/R/F1 (the spaCy model runs);
* titles (Zyte): exact and loose match rate against the hand-read headlines
  (``tests/accuracy/web_titles.json``, compared as in ``score_web.title_exact``), how often the
  chosen title is contained in (or contains) the page's ``<h1>`` or og:title, and how often it
  still holds the outlet's name; ``-v`` lists the dev pages whose title is not exact (never the
  test ones: tune on dev only).

Run: ``.venv/bin/python -m tests.accuracy.measure_web [dates|body|downstream|titles] [-v]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable

from schemas.errors import InputError
from tests.accuracy.web_pages import (
    DEV,
    TEST,
    body_counts,
    body_scores,
    date_exact_rate,
    load_body_pages,
    load_dated_pages,
    multiset_counts,
    page_text,
    split_of,
)

# Candidate trafilatura settings for the main text (BODY_SETTINGS is chosen among these).
BODY_CANDIDATES = {
    "default": {"include_comments": False, "include_tables": False},
    "tables": {"include_comments": False, "include_tables": True},
    "precision": {"include_comments": False, "include_tables": False, "favor_precision": True},
    "recall": {"include_comments": False, "include_tables": False, "favor_recall": True},
    "recall_tables": {"include_comments": False, "include_tables": True, "favor_recall": True},
    "fast": {"include_comments": False, "include_tables": False, "fast": True},
    "fast_precision": {
        "include_comments": False,
        "include_tables": False,
        "fast": True,
        "favor_precision": True,
    },
}


def trafilatura_body(settings: dict[str, bool]) -> Callable[[str], str]:
    """The main text of a page by trafilatura with `settings`, from a parsed tree as the reader
    hands it over."""
    import lxml.html
    import trafilatura

    def extract(html: str) -> str:
        tree = lxml.html.document_fromstring(html)
        document = trafilatura.bare_extraction(tree, with_metadata=False, **settings)
        return (document.text or "") if document is not None else ""

    return extract


def resiliparse_body(html: str) -> str:
    """The main text of a page by Resiliparse's main-content extraction (Apache-2.0, from
    FastWARC's authors; a dev dependency only, measured as the fast alternative): text only,
    without list bullets, image alt texts, link targets, noscript or form fields."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return extract_plain_text(
        HTMLTree.parse(html),
        main_content=True,
        list_bullets=False,
        alt_texts=False,
        links=False,
        noscript=False,
        form_fields=False,
    )


def body_extractors() -> dict[str, Callable[[str], str]]:
    """Every measured way to the main text: trafilatura's candidate settings, and Resiliparse."""
    return {
        **{label: trafilatura_body(settings) for label, settings in BODY_CANDIDATES.items()},
        "resiliparse": resiliparse_body,
    }


def found_dates() -> list[tuple[str, bool, bool, str | None, str]]:
    """(name, news_like, english, found day, expected day) per BBAW page."""
    from transforms.articles import looks_english
    from transforms.dates import parse_published
    from transforms.readers import parse_html_article

    rows = []
    for page in load_dated_pages():
        try:
            article = parse_html_article(page_text(page), page.url)
        except InputError:
            rows.append((page.name, page.news_like, False, None, page.expected_date))
            continue
        published = parse_published(article.published_raw) if article.published_raw else None
        day = str(published.date) if published and published.date else None
        english = (article.language or "en").lower().startswith("en") and bool(
            looks_english(article.text)
        )
        rows.append((page.name, page.news_like, english, day, page.expected_date))
    return rows


def report_dates() -> None:
    rows = found_dates()
    groups = {
        "all": lambda news, english: True,
        "news_like": lambda news, english: news,
        "english_news": lambda news, english: news and english,
    }
    for group, keep in groups.items():
        for split in (DEV, TEST):
            pairs = [
                (found, expected)
                for name, news, english, found, expected in rows
                if keep(news, english) and split_of(name) == split
            ]
            rate, n = date_exact_rate(pairs)
            print(f"dates {group:13} {split:4} exact {rate:.3f} (n={n})")


def report_body(extractors: dict[str, Callable[[str], str]] | None = None) -> None:
    """Per extractor and split: 4-shingle P/R/F1 of the main text against the reference body,
    and the milliseconds a page takes (parse included; one pass, on a noisy machine)."""
    pages = load_body_pages()
    htmls = {page.name: page_text(page) for page in pages}
    for label, extract in (extractors or body_extractors()).items():
        counts: dict[str, list] = {DEV: [], TEST: []}
        started = time.perf_counter()
        for page in pages:
            counts[split_of(page.name)].append(
                body_counts(page.article_body, extract(htmls[page.name]))
            )
        ms = (time.perf_counter() - started) / len(pages) * 1000
        for split in (DEV, TEST):
            scores = body_scores(counts[split])
            print(
                f"body {label:14} {split:4} P {scores.precision:.4f} R {scores.recall:.4f} "
                f"F1 {scores.f1:.4f} (n={len(counts[split])}) {ms:.1f} ms/page"
            )


def extracted_items(texts: list[str]) -> list[tuple[Counter, Counter]]:
    """Per text, what the extraction reads from it: its entity mentions (by entity id) and its
    claims (by category, value and subject group), each as a multiset."""
    from flows.gazetteer import load_gazetteer
    from tests.accuracy.score_claims import pipeline
    from transforms.extract import ArticleInput, Lineage, extract_article
    from transforms.parse_selection import parse_articles

    gazetteer, lineage = load_gazetteer(), Lineage("eval", "eval")
    found = []
    for index, parsed in enumerate(parse_articles(pipeline(), texts, select=True)):
        article = ArticleInput(f"page-{index}", texts[index], None, None)
        rows = extract_article(
            parsed.doc, article, lineage, gazetteer, quantities=parsed.quantities
        ).rows
        mentions = Counter(row["entity_id"] for row in rows["entity_mentions"])
        claims = Counter(
            (row["category"], row["value"], row["subject_group"]) for row in rows["claims"]
        )
        found.append((mentions, claims))
    return found


def report_downstream(extractors: dict[str, Callable[[str], str]] | None = None) -> None:
    """Per extractor and split: the entity mentions and claims the extraction reads from the
    extractor's text, scored against those it reads from the reference body. Boilerplate an
    extractor lets in shows as false mentions and claims; article text it drops, as missed ones."""
    pages = load_body_pages()
    htmls = [page_text(page) for page in pages]
    reference = extracted_items([page.article_body for page in pages])
    for label, extract in (extractors or body_extractors()).items():
        found = extracted_items([extract(html) for html in htmls])
        for split in (DEV, TEST):
            for kind, what in ((0, "mentions"), (1, "claims")):
                scores = body_scores(
                    multiset_counts(expected[kind], predicted[kind])
                    for page, expected, predicted in zip(pages, reference, found, strict=True)
                    if split_of(page.name) == split
                )
                print(
                    f"downstream {label:14} {split:4} {what:8} P {scores.precision:.4f} "
                    f"R {scores.recall:.4f} F1 {scores.f1:.4f}"
                )


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def report_titles(verbose: bool = False) -> None:
    import lxml.html

    from tests.accuracy.score_web import title_exact, title_gold, title_matches
    from transforms.readers import parse_html_article
    from transforms.readers.html_metadata import meta_tags

    gold = title_gold()
    for split in (DEV, TEST):
        n = matched = with_site = exact = loose = 0
        misses = []
        for page in load_body_pages():
            if split_of(page.name) != split:
                continue
            html = page_text(page)
            want = gold.get(page.name.removesuffix(".html.gz"))
            try:
                article = parse_html_article(html, page.url)
            except InputError:
                misses.append(f"  {page.name}: rejected, want {want!r}")
                continue
            if want is not None:
                exact += title_exact(article.title, want)
                loose += title_matches(article.title, want)
                if not title_exact(article.title, want):
                    misses.append(f"  {page.name}: want {want!r}\n{'':>8}got  {article.title!r}")
            tree = lxml.html.document_fromstring(html)
            references = [" ".join(h.text_content().split()) for h in tree.iter("h1")]
            references.append(meta_tags(tree).get("og:title") or "")
            title = _key(article.title or "")
            n += 1
            matched += any(
                title and ref and (title in _key(ref) or _key(ref) in title) for ref in references
            )
            site = _key(article.source or "")
            with_site += bool(site) and site in title
        labelled = sum(split_of(name + ".html.gz") == split for name in gold)
        print(
            f"titles {split:4} n={n} exact {exact / labelled:.3f} match {loose / labelled:.3f} "
            f"(of {labelled} labelled) matches h1/og:title {matched / n:.3f} "
            f"holds outlet name {with_site / n:.3f}"
        )
        if verbose and split == DEV and misses:
            print("\n".join(misses))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", nargs="*", default=["dates", "body", "titles"])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the dev title misses")
    args = parser.parse_args(argv)
    reports = {
        "dates": report_dates,
        "body": report_body,
        "downstream": report_downstream,
        "titles": lambda: report_titles(verbose=args.verbose),
    }
    for what in args.what:
        reports[what]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
