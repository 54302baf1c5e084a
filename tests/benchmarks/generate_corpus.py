"""Generate a large corpus for benchmarks from the sample corpus and the shared real texts.

Each generated article takes paragraphs from two real or sample articles, a date spread
over ten years and an outlet from a fixed list, so every article is distinct (its own
article_id), the texts stay real prose with real figures and names, and runs are
reproducible (fixed seed). Output: JSONL files of 5,000 articles each.

Run: python -m tests.benchmarks.generate_corpus --articles 50000 --out build/corpus-50k
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

from transforms.readers import parse_file

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLE = REPO / "examples" / "sample-corpus"
OUTLETS = ("Wire A", "Wire B", "Daily C", "Radio D", "Herald E", "Monitor F", "Courier G")
PER_FILE = 5000


def source_paragraphs() -> list[list[str]]:
    """Paragraph lists of every readable article in the shared corpus and the sample corpus."""
    articles = []
    paths = [*sorted((CORPUS / "muc3").glob("*.jsonl")), CORPUS / "re3d" / "re3d-articles.jsonl"]
    paths += sorted(p for p in SAMPLE.rglob("*") if p.is_file() and "broken" not in p.parts)
    for path in paths:
        if path.suffix.lower() not in (".jsonl", ".json", ".txt", ".html", ".xml", ".rss", ".atom"):
            continue
        for article in parse_file(path.name, path.read_bytes()).articles:
            paragraphs = [p.strip() for p in article.text.split("\n") if p.strip()]
            if paragraphs:
                articles.append(paragraphs)
    return articles


def generate(n: int, out: Path, seed: int = 20261126) -> int:
    """Write `n` generated articles under `out`; returns the number written."""
    rng = random.Random(seed)
    sources = source_paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    start = dt.date(2015, 1, 1)
    written = 0
    handle = None
    for index in range(n):
        if index % PER_FILE == 0:
            if handle:
                handle.close()
            handle = (out / f"generated-{index // PER_FILE:04d}.jsonl").open("w")
        first, second = rng.sample(sources, 2)
        cut = max(1, len(first) // 2)
        paragraphs = first[:cut] + second[: max(1, len(second) - cut)]
        published = start + dt.timedelta(days=rng.randrange(3650))
        record = {
            "id": f"gen-{index:07d}",
            "title": f"Generated report {index}",
            "text": "\n\n".join(paragraphs),
            "published": published.isoformat(),
            "source": rng.choice(OUTLETS),
            "url": f"https://generated.example/{index}",
        }
        handle.write(json.dumps(record) + "\n")
        written += 1
    if handle:
        handle.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "corpus-50k")
    args = parser.parse_args()
    print(f"wrote {generate(args.articles, args.out)} articles to {args.out}")


if __name__ == "__main__":
    main()
