"""What an HTML page says about its article: headline, outlet, canonical URL, dates.

Read from the page's own metadata: JSON-LD (schema.org `NewsArticle` and kin), Open Graph and
`article:` meta tags, `<link rel=canonical>`, the `<h1>`; publication dates through htmldate,
whose fast search reads the same markup and whose extensive search (only when the fast one finds
nothing) reads the page's text and URL.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from schemas.articles import (
    DATE_SOURCE_EXTENSIVE,
    DATE_SOURCE_HTMLDATE,
    DATE_SOURCE_METADATA,
)
from transforms.dates import parse_published
from transforms.urls import normalize_url, registered_domain

# schema.org types whose `headline` and dates are the article's (not the site's or a breadcrumb's).
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "SocialMediaPosting",
        "WebPage",
    }
)
# Meta tags (property, name or itemprop) that state the publication and modification time.
PUBLISHED_META = ("article:published_time", "datepublished", "og:published_time")
MODIFIED_META = ("article:modified_time", "datemodified", "og:updated_time")
# Separators between a headline and the site name in a <title> or og:title: spaced bars and
# dashes, and the guillemet and middle dot some CMSs use.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u00bb:]{1,2}\s+|\s*[|\u00bb]\s*")
_NOT_ALNUM = re.compile(r"[\W_]+")
# A day written as ISO 8601 at the start of a stated date ("2019-10-16T08:00:00+02:00").
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class PageDates:
    """Publication (original) and modification dates as stated, and what found the first."""

    published_raw: str | None
    modified_raw: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """The article metadata of one page."""

    title: str | None
    outlet: str | None
    url: str | None
    dates: PageDates


def page_metadata(tree: Any, url: str | None = None) -> PageMetadata:
    """Headline, outlet, canonical URL and dates of a parsed page (`url`: where it came from)."""
    meta = meta_tags(tree)
    article = json_ld_article(tree)
    canonical = canonical_url(tree, meta, article, url)
    outlet = page_outlet(meta, article, canonical or url)
    site_names = [name for name in (outlet, meta.get("og:site_name"), meta.get("application-name"))]
    domain = registered_domain(canonical or url)
    if domain:
        site_names.append(domain)
    return PageMetadata(
        title=page_title(tree, meta, article, site_names),
        outlet=outlet,
        url=canonical,
        dates=page_dates(tree, meta, article, canonical or url),
    )


def meta_tags(tree: Any) -> dict[str, str]:
    """First non-empty `content` of each meta tag, keyed by lower-cased property/name/itemprop."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    return found


def json_ld_objects(tree: Any) -> Iterator[dict]:
    """Every JSON object in the page's JSON-LD scripts, `@graph` members and nested lists too."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # a broken block says nothing; the other metadata still counts
        yield from _objects(data)


def _objects(data: Any) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"])


def _types(item: dict) -> set[str]:
    value = item.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1] for v in values if v}


def json_ld_article(tree: Any) -> dict:
    """The page's JSON-LD article object: an article type over a `WebPage`; {} when none."""
    best: dict = {}
    for item in json_ld_objects(tree):
        types = _types(item) & ARTICLE_TYPES
        if not types:
            continue
        if types != {"WebPage"}:
            return item
        best = best or item
    return best


def _text(value: Any) -> str | None:
    """A JSON-LD value as one clean string (the first of a list, the `name` of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id")
    if value is None:
        return None
    # JSON-LD is written by CMS templates that often escape it as HTML ("&#8216;", "&amp;").
    text = " ".join(html.unescape(str(value)).split())
    return text or None


def canonical_url(tree: Any, meta: dict[str, str], article: dict, url: str | None) -> str | None:
    """The page's canonical URL normalized: `<link rel=canonical>`, og:url, JSON-LD, the input's."""
    candidates = []
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            candidates.append(link.get("href"))
    candidates += [meta.get("og:url"), _text(article.get("url")), url]
    for candidate in candidates:
        normalized = normalize_url(candidate, base=url or meta.get("og:url"))
        if normalized:
            return normalized
    return None


def page_outlet(meta: dict[str, str], article: dict, url: str | None) -> str | None:
    """The publisher: og:site_name, JSON-LD publisher, else the registered domain of the URL."""
    for candidate in (meta.get("og:site_name"), _text(article.get("publisher"))):
        if candidate and not candidate.lower().startswith(("http:", "https:", "#")):
            return " ".join(candidate.split())
    return registered_domain(url)


def _key(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def _names_site(segment: str, site_names: list[str | None]) -> bool:
    """Whether a title segment is the site name ("CNN Politics" for "CNN", "Sott.net").

    The segment holds the name (or a domain's label, "sott" for "sott.net") with at most one
    more word, or is part of the name ("Guardian" of "The Guardian"): a headline that merely
    starts with the outlet's name ("CNN anchor quits") is longer.
    """
    segment_key = _key(segment)
    if not segment_key:
        return True
    n_words = len(segment.split())
    for name in site_names:
        if not name:
            continue
        name_key = _key(name)
        # A domain names the site by its label before the suffix ("sott.net" -> "sott").
        label_key = _key(name.split(".")[0]) if "." in name and " " not in name else name_key
        for key in {name_key, label_key}:
            if len(key) < 3:
                continue
            if key in segment_key and n_words <= len(name.split()) + 1:
                return True
            if segment_key in key and len(segment_key) >= 3:
                return True
    return False


def strip_site_name(title: str, site_names: list[str | None]) -> str:
    """The title without a leading or trailing segment that names the site."""
    title = " ".join(title.split())
    while True:
        separators = list(_TITLE_SEPARATOR.finditer(title))
        if not separators:
            return title
        last, first = separators[-1], separators[0]
        if _names_site(title[last.end() :], site_names) and last.start() > 0:
            title = title[: last.start()].strip()
        elif _names_site(title[: first.start()], site_names) and first.end() < len(title):
            title = title[first.end() :].strip()
        else:
            return title


def _h1(tree: Any) -> str | None:
    """The page's headline element: the only `<h1>`, or the first inside `<article>`/`<main>`."""
    headings = [" ".join(h.text_content().split()) for h in tree.iter("h1")]
    headings = [heading for heading in headings if heading]
    if len(headings) == 1:
        return headings[0]
    for container in ("article", "main"):
        for element in tree.iter(container):
            for heading in element.iter("h1"):
                text = " ".join(heading.text_content().split())
                if text:
                    return text
    return None


def page_title(
    tree: Any, meta: dict[str, str], article: dict, site_names: list[str | None]
) -> str | None:
    """The headline, without the site name ("... | CNN Politics" -> "...").

    The metadata headlines (JSON-LD `headline`, og:title, twitter:title) name the article; the
    page's `<h1>` is the headline readers see. The `<h1>` is taken when it agrees with one of
    them (one contains the other: the metadata one is often shortened or the SEO variant);
    otherwise the first metadata headline (an `<h1>` alone may be a logo or a section name,
    but is taken when there is nothing else), else the `<title>`.
    """
    metadata_titles = [
        strip_site_name(candidate, site_names)
        for candidate in (
            _text(article.get("headline")) if _types(article) != {"WebPage"} else None,
            meta.get("og:title"),
            meta.get("twitter:title"),
        )
        if candidate and candidate.strip()
    ]
    metadata_titles = [title for title in metadata_titles if title]
    heading = _h1(tree)
    heading = strip_site_name(heading, site_names) if heading else None
    if heading and any(_agree(heading, title) for title in metadata_titles):
        return heading
    if metadata_titles:
        return metadata_titles[0]
    if heading:
        return heading
    title_element = next(tree.iter("title"), None)
    if title_element is not None:
        return strip_site_name(title_element.text_content(), site_names) or None
    return None


def _agree(heading: str, title: str) -> bool:
    heading_key, title_key = _key(heading), _key(title)
    return bool(heading_key and title_key) and (
        heading_key in title_key or title_key in heading_key
    )


def page_dates(tree: Any, meta: dict[str, str], article: dict, url: str | None) -> PageDates:
    """Publication and modification dates of the page.

    The original publication day is htmldate's (`original_date`): its fast search over the
    markup, else its extensive search over the text. When the page's metadata (JSON-LD
    `datePublished`, `article:published_time`) states a time on that same day, that string is
    kept instead, so `published_at` gets the time and offset. The modification date is the
    metadata's (`dateModified`, `article:modified_time`) when it differs from the publication.
    """
    import htmldate

    stated = _text(article.get("datePublished")) or _first(meta, PUBLISHED_META)
    modified = _text(article.get("dateModified")) or _first(meta, MODIFIED_META)
    source = DATE_SOURCE_HTMLDATE
    day = htmldate.find_date(tree, extensive_search=False, original_date=True, url=url)
    if day is None:
        source = DATE_SOURCE_EXTENSIVE
        day = htmldate.find_date(tree, extensive_search=True, original_date=True, url=url)
    published = day
    stated_day = _stated_day(stated) if stated else None
    if stated_day and str(parse_published(stated).date) != stated_day:
        stated_day = None  # a shape the date parser does not read as written
    # htmldate decides the day; the stated string is kept when it names the same day, for its
    # time and offset. Preferring the stated day when the two differ was tried (a numeric
    # offset as the publisher's local day, "Z" as a late UTC conversion): right on 5 of the
    # 7 BBAW dev pages where they differ, but 3 pages worse than htmldate alone on test.
    if stated and stated_day and stated_day == day:
        published, source = stated, DATE_SOURCE_METADATA
    if modified and (_stated_day(modified) is None or modified == published):
        modified = None
    return PageDates(published, modified, source if published else None)


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[key] for key in keys if meta.get(key)), None)


def _stated_day(stated: str) -> str | None:
    """The ISO day a stated date starts with, when it is a real day."""
    match = _ISO_DAY.match(stated.strip())
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group()).isoformat()
    except ValueError:
        return None
