"""Real web pages with what other projects assert about them: loading, the dev/test split, scoring.

Two sets under ``../shared/corpus/web/`` (see its README for origin and licences):

* ``htmldate-bbaw/``: 350 pages, ``dates.jsonl`` gives the annotated publication day of each and
  ``news_like`` marks newspapers, broadcasters and news sites. htmldate was developed and tuned on
  these pages, so a date rate measured here is optimistic.
* ``article-extraction-benchmark/`` (Zyte): 179 pages, ``ground-truth.json`` gives the article body.

Each set is split once by document, with a fixed seed, into a dev half (tune on it) and a test
half (report it, never tune on it): ``split_of(name)`` is the same for a page whatever else is in
the folder, so adding pages never moves one across.

Body text is scored like the benchmark's ``evaluate.py``: shingles of 4 consecutive ``\\w+`` tokens
(a multiset per document); true positives are the shingles both hold; precision, recall and F1 over
the sums of all documents (micro average).

API for the scorers (``tests/accuracy/score_web.py``) and ``tests/accuracy/measure_web.py``:
``load_dated_pages()``, ``load_body_pages()``, ``split_of(name)``, ``DEV``/``TEST``,
``page_text(page)``, ``date_exact_rate(pairs)``, ``body_counts(gold, predicted)``,
``body_scores(counts)``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

WEB = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "web"
BBAW = WEB / "htmldate-bbaw"
ZYTE = WEB / "article-extraction-benchmark"

DEV = "dev"
TEST = "test"
# The split's seed (issue 16): a page is dev when the first 8 bytes of sha256("16:" + its file
# name), read as an integer, are even. A hash of the name rather than a shuffle of the list, so
# each page's half is fixed by its own name alone. About 50/50 (BBAW 350 pages, Zyte 179).
SPLIT_SEED = 16
SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class DatedPage:
    """A BBAW page and its annotated publication day."""

    name: str
    path: Path
    url: str
    expected_date: str
    news_like: bool


@dataclass(frozen=True, slots=True)
class BodyPage:
    """A Zyte benchmark page and its reference article body."""

    name: str
    path: Path
    url: str
    article_body: str


@dataclass(frozen=True, slots=True)
class BodyCounts:
    """Shingle counts of one document (or a sum): true and false positives, false negatives."""

    tp: int
    fp: int
    fn: int

    def __add__(self, other: BodyCounts) -> BodyCounts:
        return BodyCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1."""

    precision: float
    recall: float
    f1: float


def split_of(name: str, seed: int = SPLIT_SEED) -> str:
    """DEV or TEST for a page's file name (its name alone decides)."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return DEV if int.from_bytes(digest[:8], "big") % 2 == 0 else TEST


def load_dated_pages(root: Path = BBAW) -> list[DatedPage]:
    """The BBAW pages with their expected publication day, in file order."""
    pages = []
    with (root / "dates.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            path = root / record["file"]
            pages.append(
                DatedPage(
                    name=path.name,
                    path=path,
                    url=record["url"],
                    expected_date=record["expected_date"],
                    news_like=bool(record["news_like"]),
                )
            )
    return pages


def load_body_pages(root: Path = ZYTE) -> list[BodyPage]:
    """The Zyte benchmark pages with their reference article body, sorted by id."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        BodyPage(
            name=f"{identifier}.html.gz",
            path=root / "html" / f"{identifier}.html.gz",
            url=record.get("url") or "",
            article_body=record.get("articleBody") or "",
        )
        for identifier, record in sorted(truth.items())
    ]


def page_bytes(page: DatedPage | BodyPage) -> bytes:
    """The page's bytes as stored (Zyte pages gunzipped)."""
    data = page.path.read_bytes()
    return gzip.decompress(data) if page.path.suffix == ".gz" else data


def page_text(page: DatedPage | BodyPage) -> str:
    """The page decoded the way the pipeline decodes a file (``transforms.readers.decode_text``)."""
    from transforms.readers import decode_text

    return decode_text(page_bytes(page))


def date_exact_rate(pairs: Iterable[tuple[str | None, str]]) -> tuple[float, int]:
    """Share of (found ISO day or None, expected ISO day) pairs that are equal, and their count."""
    pairs = list(pairs)
    if not pairs:
        return 0.0, 0
    return sum(found == expected for found, expected in pairs) / len(pairs), len(pairs)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of `size` consecutive ``\\w+`` tokens (one shingle for a shorter text)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[start : start + size])
        for start in range(max(1, len(tokens) - size + 1))
        if tokens
    )


def body_counts(gold: str, predicted: str) -> BodyCounts:
    """Shingle true/false positives and false negatives of a predicted body against the gold."""
    return multiset_counts(shingles(gold), shingles(predicted))


def multiset_counts(expected: Counter, found: Counter) -> BodyCounts:
    """True/false positives and false negatives of `found` against `expected`, each item counted
    as often as it occurs."""
    tp = sum((expected & found).values())
    return BodyCounts(tp, sum(found.values()) - tp, sum(expected.values()) - tp)


def body_scores(counts: Iterable[BodyCounts]) -> Scores:
    """Micro-averaged precision, recall and F1 over documents' shingle counts."""
    total = sum(counts, BodyCounts(0, 0, 0))
    precision = total.tp / (total.tp + total.fp) if total.tp + total.fp else 0.0
    recall = total.tp / (total.tp + total.fn) if total.tp + total.fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)
