"""URL normalization: one spelling per page, so the same story reached under two URLs links.

courlan (`normalize_url`) lower-cases scheme and host, drops the default port, removes tracking
parameters (utm_*, fbclid, ...) and sorts the query; here on top of it: the fragment goes (it
names a place in the page, not another page), a leading ``www.`` goes, ``http`` becomes
``https`` (the same page served both ways), and a trailing slash goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

_WWW = "www."
_WEB_SCHEMES = ("http", "https")


def normalize_url(url: str | None, base: str | None = None) -> str | None:
    """The normalized absolute http(s) URL, or None when `url` is not one.

    A relative `url` (a canonical link written as a path) is resolved against `base` first.
    """
    import courlan

    if url is None or not url.strip():
        return None
    url = url.strip()
    if url.startswith("//"):  # protocol-relative
        url = "https:" + url
    if base and not urlsplit(url).netloc:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        return None
    try:
        cleaned = courlan.normalize_url(url, strict=False, trailing_slash=False)
    except ValueError:
        return None
    parts = urlsplit(cleaned)
    host = parts.netloc.lower()
    if host.startswith(_WWW):
        host = host[len(_WWW) :]
    return urlunsplit(("https", host, parts.path.rstrip("/") or "/", parts.query, ""))


def registered_domain(url: str | None) -> str | None:
    """The registered domain of a URL's host (``edition.cnn.com`` -> ``cnn.com``), or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).netloc
    except ValueError:
        host = ""
    # The domain depends on the host alone: a page's hundreds of links share a few hosts, and
    # the public-suffix lookup is the costly part (measured in tests/benchmarks/warc_scale.py).
    return _host_domain(host) if host else _domain(url)


@lru_cache(maxsize=4096)
def _host_domain(host: str) -> str | None:
    return _domain(f"https://{host}/")


def _domain(url: str) -> str | None:
    import courlan

    return courlan.extract_domain(url) or None


def link_same_urls(rows: list[dict], known_urls: dict[str, str] | None = None) -> int:
    """Set `duplicate_of` on article rows whose `url` names a page already seen; how many.

    The same story reached under two URLs (tracking parameters, `www.`, http/https) has one
    normalized URL (rows carry it normalized). A row whose URL is in `known_urls` (normalized
    URL -> article_id of the stored article) or belongs to an earlier row of the batch (by
    publication date, undated last, then input order) points at that article; a row already
    linked (as a near-duplicate) keeps its link. New rows' URLs are added to `known_urls`.
    """
    seen = known_urls if known_urls is not None else {}
    linked = 0
    ordered = sorted(
        rows, key=lambda row: (row.get("published_date") is None, row.get("published_date") or 0)
    )
    for row in ordered:
        url = row.get("url")
        if not url:
            continue
        first = seen.get(url)
        if first is None:
            seen[url] = row["article_id"]
        elif first != row["article_id"] and row.get("duplicate_of") is None:
            row["duplicate_of"] = first
            linked += 1
    return linked


def stored_urls(articles: Iterable[Mapping[str, str | None]]) -> dict[str, str]:
    """Normalized URL -> article_id of the stored articles that are not themselves copies.

    `articles` are rows with `article_id`, `url` and `duplicate_of`. Rows stored before URLs
    were normalized are normalized here, so a story stored under a tracking URL still links.
    """
    urls: dict[str, str] = {}
    for row in articles:
        url = normalize_url(row["url"])
        if url and row["duplicate_of"] is None:
            urls.setdefault(url, row["article_id"])
    return urls
