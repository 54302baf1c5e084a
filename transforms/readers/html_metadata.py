"""What an HTML page says about its article: headline, outlet, author, canonical URL, dates.

Read from the page's own metadata: JSON-LD (schema.org `NewsArticle` and kin), Open Graph and
`article:` meta tags, `<link rel=canonical>`, the `<h1>`; the dates are weighed in
`transforms.readers.html_dates`.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from transforms.readers.html_dates import PageDates, page_dates
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
# Meta tags that name the article's author, most specific first.
AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
# Separators between a headline and the site name in a <title> or og:title: spaced bars and
# dashes, and the guillemet and middle dot some CMSs use.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u00bb:]{1,2}\s+|\s*[|\u00bb]\s*")
_NOT_ALNUM = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """The article metadata of one page."""

    title: str | None
    outlet: str | None
    author: str | None
    url: str | None
    dates: PageDates


def page_metadata(tree: Any, url: str | None = None) -> PageMetadata:
    """Headline, outlet, author, canonical URL and dates of a parsed page (`url`: where it came
    from)."""
    meta = meta_tags(tree)
    article = json_ld_article(tree)
    canonical = canonical_url(tree, meta, article, url)
    outlet = page_outlet(meta, article, canonical or url)
    site_names = [name for name in (outlet, meta.get("og:site_name"), meta.get("application-name"))]
    # The site's domain: the page's own, else the one most of its links point to (a saved
    # page read without its URL). Counting the links costs a large page 0.7 ms.
    site_names.append(registered_domain(canonical or url) or _linked_domain(tree))
    return PageMetadata(
        title=page_title(tree, meta, article, site_names),
        outlet=outlet,
        author=page_author(meta, article),
        url=canonical,
        dates=page_dates(
            tree,
            _text(article.get("datePublished")) or _first(meta, PUBLISHED_META),
            _text(article.get("dateModified")) or _first(meta, MODIFIED_META),
            canonical or url,
        ),
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


def page_author(meta: dict[str, str], article: dict) -> str | None:
    """The byline: the JSON-LD article's `author` names (joined by ", "), else the first author
    meta tag that is a name and not a link (`article:author` often holds a profile URL)."""
    names = [
        name
        for item in _listed(article.get("author"))
        if (name := _text(item)) and not _is_link(name)
    ]
    if names:
        return ", ".join(dict.fromkeys(names))
    for key in AUTHOR_META:
        value = meta.get(key)
        if value and not _is_link(value):
            return " ".join(value.split())
    return None


def _listed(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _is_link(text: str) -> bool:
    return text.startswith(("http:", "https:", "//", "/", "#", "@"))


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
    page's `<h1>` is the headline readers see. The `<h1>` is taken when it relates to one of
    them (one contains the other, or they share words: the metadata one is often shortened or
    an SEO rewording); otherwise the first metadata headline (an `<h1>` that shares nothing
    with them is a logo or a section name). Without metadata headlines, the `<h1>` is taken
    unless it shares nothing with the `<title>` (a logo again), which is then taken.
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
    if heading and _names_site(heading, site_names):
        heading = None  # the site's name (or logo text) set as the page's only <h1>
    if heading and any(_contains(heading, title) for title in metadata_titles):
        return heading
    # Another <h1> of the page that is a metadata headline (one in the page header, while the
    # first <h1> of <main> heads a box below it).
    keys = {_key(title) for title in metadata_titles}
    for other in tree.iter("h1"):
        text = strip_site_name(other.text_content(), site_names)
        if text and _key(text) in keys:
            return text
    if heading and any(_agree(heading, title) for title in metadata_titles):
        return heading
    if metadata_titles:
        return metadata_titles[0]
    title_element = next(tree.iter("title"), None)
    title = (
        strip_site_name(title_element.text_content(), site_names)
        if title_element is not None
        else None
    )
    if heading and (not title or _agree(heading, title)):
        return heading
    return title or heading or None


# The domain most of a page's absolute links point to is the site's own when it holds at least
# this many of them: a page read without its URL (a saved file) and without og:site_name still
# names its site that way ("... - Entermedia" on a page linking to entermedia.co.kr).
MIN_OWN_LINKS = 3


def _linked_domain(tree: Any) -> str | None:
    """The registered domain most of the page's absolute `<a href>` links point to."""
    counts = Counter(
        registered_domain(href)
        for link in tree.iter("a")
        if (href := (link.get("href") or "").strip()).startswith(("http://", "https://"))
    )
    counts.pop(None, None)
    if not counts:
        return None
    domain, count = counts.most_common(1)[0]
    return domain if count >= MIN_OWN_LINKS else None


# An <h1> and another title of the page name the same story when one contains the other or
# they share this many words of 4+ characters. On the Zyte dev pages, the <h1>s that are the
# displayed headline beside an SEO og:title share 2 and 9 such words with it (one shares 2 with
# the <title>); the logo <h1>s share none.
MIN_SHARED_WORDS = 2
_LONG_WORD = re.compile(r"\w{4,}")


def _contains(heading: str, title: str) -> bool:
    """Whether one title holds the other (letters and digits only)."""
    heading_key, title_key = _key(heading), _key(title)
    return bool(heading_key and title_key) and (
        heading_key in title_key or title_key in heading_key
    )


def _agree(heading: str, title: str) -> bool:
    """Whether an <h1> and another title name the same story: one holds the other, or they
    share MIN_SHARED_WORDS long words."""
    if _contains(heading, title):
        return True
    shared = set(_LONG_WORD.findall(heading.casefold())) & set(_LONG_WORD.findall(title.casefold()))
    return len(shared) >= MIN_SHARED_WORDS


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[key] for key in keys if meta.get(key)), None)
