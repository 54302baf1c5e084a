"""Draw the modern English news documents of the issue-19 claims gold (`news-*.json`).

A document is eligible when its text (as `news_documents` rebuilds it) is English, holds a
number within five words before a person or casualty word (the guidelines' NEAR pattern, any
case), and is not a French or German BBAW page. Documents with two sources or more (two
attribution phrases: "said", "told", "according to", "reported") are drawn first, as issue 19
asks; the rest fill up. The draw is deterministic (seed 19), in two batches: `c` (TBAQ and
MEANTIME wire stories) and `d` (web pages), 34 documents each, and 3 negatives each (English
documents with numbers but no NEAR match). Run it to print the two lists:
``python -m tests.accuracy.claims.select_news_documents``.
"""

from __future__ import annotations

import random
import re

from tests.accuracy.claims.news_documents import NewsDocument, news_documents
from transforms.language import detect_language

SEED = 19
PER_BATCH = 34
NEGATIVES = 3
_NUM = (
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|hundreds|thousands|dozens|several|scores)\b"
)
_CAT = (
    r"(?:killed|dead|wounded|injured|kidnapped|arrested|missing|casualties|died|bodies|hostages?"
    r"|captured|detained|troops|soldiers|refugees|men|deaths|victims|displaced|fled)"
)
NEAR_RE = re.compile(rf"{_NUM}\W+(?:\w+\W+){{0,4}}?{_CAT}\b", re.IGNORECASE)
SOURCE_RE = re.compile(r"\b(?:said|says|told|according to|reported)\b", re.IGNORECASE)
BATCHES = {"c": ("tbaq", "meantime"), "d": ("zyte", "bbaw")}


def _english(document: NewsDocument) -> bool:
    return detect_language(document.text[:3000]).language == "en"


def draw() -> dict[str, list[str]]:
    """Document ids per batch, in draw order: sourced first, then the rest, then negatives."""
    documents = news_documents()
    batches: dict[str, list[str]] = {}
    for batch, corpora in BATCHES.items():
        pool = [d for _, d in sorted(documents.items()) if d.corpus in corpora and d.text]
        pool = [d for d in pool if _english(d)]
        eligible = [d for d in pool if NEAR_RE.search(d.text)]
        sourced = [d for d in eligible if len(SOURCE_RE.findall(d.text)) >= 2]
        rest = [d for d in eligible if d not in sourced]
        negatives = [d for d in pool if not NEAR_RE.search(d.text) and re.search(r"\d", d.text)]
        rng = random.Random(f"{SEED}:{batch}")
        rng.shuffle(sourced)
        rng.shuffle(rest)
        rng.shuffle(negatives)
        chosen = (sourced + rest)[:PER_BATCH] + negatives[:NEGATIVES]
        batches[batch] = [d.doc_id for d in chosen]
    return batches


def main() -> None:
    for batch, ids in draw().items():
        print(f"batch {batch}: {len(ids)} documents")
        for doc_id in ids:
            print(f"  {doc_id}")


if __name__ == "__main__":
    main()
