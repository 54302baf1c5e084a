"""Near-duplicate scorer: precision, recall and F1 of `duplicate_of` links on a constructed set.

The set (``tests/cases/near_duplicates/constructed.json``, built by ``--build`` with a fixed
seed and then kept as data) is made of real texts from ``../shared/corpus`` (muc3, CC0 1.0,
NIST MUC project; re3d, Dstl, licences per source):

* positives: for a sample of articles with at least 50 words, one lightly edited copy per edit
  kind: ``sentence_added`` (a sentence of another article inserted), ``sentence_removed``,
  ``words_changed`` (one to three words, a figure when the text has one), ``headline_changed``
  (text unchanged), ``paragraph_reordered`` (two paragraphs swapped), ``truncated`` (the last
  one to three sentences cut, at least 80% of the words kept) and ``combined`` (new headline,
  a sentence added and a word changed: a typical syndicated copy). Each edit is stored as
  concrete operations (positions, donor sentence, new words), not as text.
* real near-duplicates: pairs of corpus messages that are the same wire story transmitted
  twice with small differences (found by exact shingle Jaccard over all pairs, each checked by
  reading the diff); listed in the file with what differs.
* negatives: every other article of the corpora (1,790), among them same-topic MUC messages
  (the same attack reported by two stations) and the re3d CENTCOM daily strike reports, which
  share most of their wording and differ in places and figures (word 5-shingle Jaccard up to
  0.52): similar, but different articles.

Every article is streamed through `NearDuplicateIndex.link` (corpus articles in corpus order,
then the copies): each returns the earliest indexed article it nearly copies. A link is
correct when both articles belong to the same gold group (an original with its copies, or a
real pair); precision is over links made, recall over articles that have an earlier member of
their group in the stream. One row, ``near_duplicates/constructed/pairs``.

Run ``python -m tests.accuracy.score_near_duplicates -v`` for recall per edit kind, the misses (with
their exact Jaccard) and false links; ``--sweep`` for P/R/F1 over thresholds, ``num_perm``,
bands and MinHash seeds; ``--shingles`` for word vs character shingles; ``--cost`` for
articles/s and bytes per article over 10,000 articles.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import sys
import time
import tracemalloc
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

from tests.accuracy import Row, make_row
from transforms.near_duplicates import MIN_WORDS, NearDuplicateIndex, shingle_hashes, words

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
CASES = REPO / "tests" / "cases" / "near_duplicates" / "constructed.json"
# The command that writes CASES, named by its first key (the scorer reads the other keys only).
GENERATED_BY = "python -m tests.accuracy.score_near_duplicates --build"
CORPUS_FILES = (
    "muc3/muc3-dev.jsonl",
    "muc3/muc3-tst1.jsonl",
    "muc3/muc3-tst2.jsonl",
    "muc3/muc3-tst3.jsonl",
    "muc3/muc3-tst4.jsonl",
    "re3d/re3d-articles.jsonl",
)
# Files whose change changes the numbers (hashed by the gate).
CORPORA = {
    "constructed": (
        *CORPUS_FILES,
        "repo:tests/cases/near_duplicates/constructed.json",
    )
}
EDIT_KINDS = (
    "sentence_added",
    "sentence_removed",
    "words_changed",
    "headline_changed",
    "paragraph_reordered",
    "truncated",
    "combined",
)
SEED = 5
N_ORIGINALS = 150

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_TOKEN = re.compile(r"\S+")
_NUMBER_WORDS = ("TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "12")


# Corpus and edits


@cache
def corpus() -> dict[str, dict]:
    """Corpus articles by id, in corpus order (empty when ../shared is absent)."""
    found: dict[str, dict] = {}
    for name in CORPUS_FILES:
        path = CORPUS / name
        if not path.exists():
            return {}
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                found[record["id"]] = record
    return found


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split at blank lines), each a list of sentences."""
    return [
        _SENTENCE_END.split(block.strip()) for block in re.split(r"\n\s*\n", text) if block.strip()
    ]


def join(blocks: list[list[str]]) -> str:
    return "\n\n".join(" ".join(sentences) for sentences in blocks if sentences)


def sentence_at(text: str, index: int) -> str:
    return [s for block in paragraphs(text) for s in block][index]


def apply_edit(text: str, title: str, edit: dict, texts: dict[str, dict]) -> tuple[str, str]:
    """The (title, text) of a copy: the edit's operations applied to the original."""
    for op in edit["ops"]:
        kind = op["op"]
        if kind == "title":
            title = op["title"]
        elif kind == "insert_sentence":
            blocks = paragraphs(text)
            donor = sentence_at(texts[op["donor"]]["text"], op["donor_sentence"])
            blocks[op["paragraph"]].insert(op["sentence"], donor)
            text = join(blocks)
        elif kind == "remove_sentence":
            blocks = paragraphs(text)
            del blocks[op["paragraph"]][op["sentence"]]
            text = join(blocks)
        elif kind == "keep_sentences":
            kept, count = [], op["count"]
            for block in paragraphs(text):
                kept.append(block[:count])
                count -= len(kept[-1])
                if count <= 0:
                    break
            text = join(kept)
        elif kind == "swap_paragraphs":
            blocks = paragraphs(text)
            first, second = op["paragraphs"]
            blocks[first], blocks[second] = blocks[second], blocks[first]
            text = join(blocks)
        elif kind == "replace_words":
            spans = [m.span() for m in _TOKEN.finditer(text)]
            for index, word in sorted(op["words"], reverse=True):
                start, end = spans[index]
                text = text[:start] + word + text[end:]
        else:
            raise ValueError(f"unknown edit operation {kind!r}")
    return title, text


# Building the case file (run once with --build; the file is then data)


def _sentence_positions(blocks: list[list[str]]) -> list[tuple[int, int]]:
    return [(p, s) for p, block in enumerate(blocks) for s in range(len(block))]


def _changed_word(token: str, rng: random.Random, vocabulary: list[str]) -> str:
    digits = re.fullmatch(r"(\D*)(\d+)(\D*)", token)
    if digits:
        head, number, tail = digits.groups()
        return f"{head}{int(number) + rng.randint(1, 9)}{tail}"
    if token.upper().strip(",.;:") in _NUMBER_WORDS:
        return rng.choice(_NUMBER_WORDS)
    new = rng.choice(vocabulary)
    return new.upper() if token.isupper() else new


def _word_ops(text: str, rng: random.Random, count: int, vocabulary: list[str]) -> dict:
    tokens = _TOKEN.findall(text)
    figures = [i for i, t in enumerate(tokens) if re.search(r"\d", t) or t in _NUMBER_WORDS]
    picks = rng.sample(figures, 1) if figures else []
    others = [i for i in range(len(tokens)) if i not in picks]
    picks += rng.sample(others, count - len(picks))
    return {
        "op": "replace_words",
        "words": [[i, _changed_word(tokens[i], rng, vocabulary)] for i in sorted(picks)],
    }


def _insert_op(text: str, rng: random.Random, donors: list[str], texts: dict) -> dict:
    blocks = paragraphs(text)
    donor = rng.choice(donors)
    donor_sentences = [s for block in paragraphs(texts[donor]["text"]) for s in block]
    candidates = [i for i, s in enumerate(donor_sentences) if 8 <= len(words(s)) <= 40]
    paragraph = rng.randrange(len(blocks))
    return {
        "op": "insert_sentence",
        "paragraph": paragraph,
        "sentence": rng.randint(0, len(blocks[paragraph])),
        "donor": donor,
        "donor_sentence": rng.choice(candidates or [0]),
    }


def _edit_ops(kind: str, record: dict, rng: random.Random, donors: list[str], texts: dict):
    text = record["text"]
    blocks = paragraphs(text)
    positions = _sentence_positions(blocks)
    vocabulary = [w for w in words(texts[rng.choice(donors)]["text"]) if len(w) > 3] or ["report"]
    headline = f"{record.get('title') or ''} (syndicated)".strip()
    if kind == "sentence_added":
        return [_insert_op(text, rng, donors, texts)]
    if kind == "sentence_removed":
        if len(positions) < 3:
            return None
        paragraph, sentence = rng.choice(positions[1:])
        return [{"op": "remove_sentence", "paragraph": paragraph, "sentence": sentence}]
    if kind == "words_changed":
        return [_word_ops(text, rng, rng.randint(1, 3), vocabulary)]
    if kind == "headline_changed":
        return [{"op": "title", "title": headline}]
    if kind == "paragraph_reordered":
        if len(blocks) < 3:
            return None
        first = rng.randrange(1, len(blocks) - 1)
        return [{"op": "swap_paragraphs", "paragraphs": [first, first + 1]}]
    if kind == "truncated":
        total = len(words(text))
        for cut in rng.sample([1, 2, 3], 3):
            kept = len(positions) - cut
            if kept < 2:
                continue
            candidate = {"op": "keep_sentences", "count": kept}
            _, shorter = apply_edit(text, "", {"ops": [candidate]}, texts)
            if len(words(shorter)) >= 0.8 * total:
                return [candidate]
        return None
    if kind == "combined":
        return [
            {"op": "title", "title": headline},
            _word_ops(text, rng, 1, vocabulary),
            _insert_op(text, rng, donors, texts),
        ]
    raise ValueError(kind)


def build_cases(real_pairs: list[dict]) -> dict:
    """The constructed set: sampled originals with one copy per edit kind, as operations."""
    texts = corpus()
    rng = random.Random(SEED)
    eligible = [i for i, r in texts.items() if len(words(r["text"])) >= MIN_WORDS]
    in_real_pairs = {member for pair in real_pairs for member in (pair["a"], pair["b"])}
    originals = rng.sample([i for i in eligible if i not in in_real_pairs], N_ORIGINALS)
    copies = []
    for original in originals:
        donors = [i for i in eligible if i != original]
        for kind in EDIT_KINDS:
            ops = _edit_ops(kind, texts[original], rng, donors, texts)
            if ops is None:
                continue
            copies.append(
                {
                    "id": f"copy-{len(copies) + 1:04d}",
                    "original": original,
                    "edit": kind,
                    "ops": ops,
                }
            )
    return {
        "generated_by": GENERATED_BY,
        "description": (
            "Near-duplicate evaluation set: lightly edited copies of real corpus articles "
            "(operations applied by tests/accuracy/score_near_duplicates.py) and real "
            "near-duplicate "
            "pairs of the corpus. Built with --build, seed "
            f"{SEED}; texts from ../shared/corpus (muc3 CC0 1.0, NIST MUC; re3d, Dstl)."
        ),
        "corpus_files": list(CORPUS_FILES),
        "real_pairs": real_pairs,
        "copies": copies,
    }


def dump_cases(spec: dict) -> str:
    """The case file's JSON, one pair or copy per line (diffs stay readable)."""
    lines = ["{"]
    for key in ("generated_by", "description", "corpus_files"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(spec[key])},")
    for key in ("real_pairs", "copies"):
        entries = [f"    {json.dumps(entry)}" for entry in spec[key]]
        closing = "]," if key == "real_pairs" else "]"
        lines += [f"  {json.dumps(key)}: [", ",\n".join(entries), f"  {closing}"]
    return "\n".join(lines) + "\n}\n"


# Scoring


@dataclass(frozen=True, slots=True)
class Item:
    """One article of the stream with its gold group (None: no near-duplicate expected)."""

    article_id: str
    text: str
    group: str | None
    kind: str  # "corpus", "real_pair" or an edit kind


@cache
def cases() -> dict:
    return json.loads(CASES.read_text(encoding="utf-8"))


def stream() -> list[Item]:
    """Corpus articles in corpus order, then the copies in case-file order."""
    texts = corpus()
    spec = cases()
    group_of: dict[str, str] = {}
    for number, pair in enumerate(spec["real_pairs"]):
        group_of[pair["a"]] = group_of[pair["b"]] = f"real-{number}"
    kind_of = {member: "real_pair" for member in group_of}
    for copy in spec["copies"]:
        group_of[copy["original"]] = group_of.get(copy["original"], copy["original"])
    items = [
        Item(
            article_id, record["text"], group_of.get(article_id), kind_of.get(article_id, "corpus")
        )
        for article_id, record in texts.items()
    ]
    for copy in spec["copies"]:
        original = texts[copy["original"]]
        _, text = apply_edit(original["text"], original.get("title") or "", copy, texts)
        items.append(Item(copy["id"], text, group_of[copy["original"]], copy["edit"]))
    return items


@dataclass
class Outcome:
    """Links made over the stream, counted against the gold groups."""

    true_links: int = 0
    links: int = 0
    expected: int = 0
    found_by_kind: Counter | None = None
    expected_by_kind: Counter | None = None
    misses: list[tuple[Item, str | None]] | None = None
    false_links: list[tuple[Item, str]] | None = None
    seconds: float = 0.0
    n_items: int = 0

    @property
    def precision(self) -> float:
        return self.true_links / self.links if self.links else 1.0

    @property
    def recall(self) -> float:
        return self.true_links / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def run(items: list[Item], index: NearDuplicateIndex) -> Outcome:
    """Stream the items through `index.link` and count the links against the gold groups."""
    outcome = Outcome(
        found_by_kind=Counter(), expected_by_kind=Counter(), misses=[], false_links=[]
    )
    group_of = {item.article_id: item.group for item in items}
    seen_groups: set[str] = set()
    started = time.perf_counter()
    links = [index.link(item.article_id, item.text) for item in items]
    outcome.seconds = time.perf_counter() - started
    outcome.n_items = len(items)
    for item, link in zip(items, links, strict=True):
        should_link = item.group is not None and item.group in seen_groups
        correct = link is not None and item.group is not None and group_of[link] == item.group
        if should_link:
            outcome.expected += 1
            outcome.expected_by_kind[item.kind] += 1
            if correct:
                outcome.found_by_kind[item.kind] += 1
            else:
                outcome.misses.append((item, link))
        if link is not None:
            outcome.links += 1
            if correct:
                outcome.true_links += 1
            else:
                outcome.false_links.append((item, link))
        if item.group is not None:
            seen_groups.add(item.group)
    return outcome


def score() -> list[Row]:
    """One row: P/R/F1 of links on the constructed set (empty when the corpus is absent)."""
    if not corpus():
        return []
    outcome = run(stream(), NearDuplicateIndex())
    return [
        make_row(
            "near_duplicates",
            "constructed",
            "pairs",
            precision=round(outcome.precision, 4),
            recall=round(outcome.recall, 4),
            f1=round(outcome.f1, 4),
            n=outcome.expected,
        )
    ]


def _exact(first: str, second: str) -> float:
    a, b = shingle_hashes(words(first)), shingle_hashes(words(second))
    shared = len(np.intersect1d(a, b))
    return shared / (len(a) + len(b) - shared) if len(a) + len(b) else 0.0


def _report(outcome: Outcome, items: list[Item], verbose: bool) -> None:
    print(
        f"links {outcome.links}, correct {outcome.true_links}, expected {outcome.expected}: "
        f"P {outcome.precision:.4f} R {outcome.recall:.4f} F1 {outcome.f1:.4f}"
    )
    rate = outcome.n_items / outcome.seconds
    print(
        f"{outcome.n_items} articles linked (query + add) in {outcome.seconds:.2f} s: {rate:.0f}/s"
    )
    for kind, expected in sorted(outcome.expected_by_kind.items()):
        print(f"  recall {kind:20} {outcome.found_by_kind[kind]:4}/{expected:<4}")
    if verbose:
        first_of: dict[str, Item] = {}
        for item in items:
            if item.group is not None:
                first_of.setdefault(item.group, item)
        for item, link in outcome.misses:
            similarity = _exact(item.text, first_of[item.group].text)
            print(
                f"MISS  {item.article_id} ({item.kind}, group {item.group}, exact Jaccard "
                f"{similarity:.3f} with {first_of[item.group].article_id}) got {link}"
            )
        texts = {item.article_id: item.text for item in items}
        for item, link in outcome.false_links:
            similarity = _exact(item.text, texts[link])
            print(
                f"FALSE {item.article_id} ({item.kind}) -> {link} (exact Jaccard {similarity:.3f})"
            )


def sweep(items: list[Item]) -> None:
    """P/R/F1 over thresholds x num_perm, and false links over seeds near the threshold."""
    print("threshold x num_perm (bands 10 x 4):")
    for num_perm in (64, 128, 256):
        for threshold in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9):
            outcome = run(items, NearDuplicateIndex(threshold=threshold, num_perm=num_perm))
            print(
                f"  num_perm {num_perm:3} threshold {threshold:.2f}: P {outcome.precision:.4f} "
                f"R {outcome.recall:.4f} F1 {outcome.f1:.4f}"
            )
    print("bands x rows at threshold 0.7, num_perm 128 (memory grows with bands):")
    for bands in ((8, 4), (10, 4), (12, 5), (18, 7), (25, 5)):
        outcome = run(items, NearDuplicateIndex(bands=bands))
        print(f"  {bands}: P {outcome.precision:.4f} R {outcome.recall:.4f} F1 {outcome.f1:.4f}")
    print("false links over 10 MinHash seeds (estimate noise near the hardest negatives):")
    for threshold in (0.5, 0.55, 0.6, 0.65, 0.7):
        for num_perm in (64, 128):
            false, recalls = 0, []
            for seed in range(10):
                index = NearDuplicateIndex(threshold=threshold, num_perm=num_perm, seed=seed)
                outcome = run(items, index)
                false += outcome.links - outcome.true_links
                recalls.append(outcome.recall)
            print(
                f"  threshold {threshold:.2f} num_perm {num_perm:3}: {false} false links in 10 "
                f"runs, recall {min(recalls):.4f}-{max(recalls):.4f}"
            )


def _shingle_sets(text: str, kind: str, size: int) -> set[int]:
    tokens = words(text)
    if kind == "words":
        return set(shingle_hashes(tokens, size).tolist())
    joined = " ".join(tokens)
    return {zlib.crc32(joined[i : i + size].encode()) for i in range(len(joined) - size + 1)}


def shingle_study(items: list[Item]) -> None:
    """Exact Jaccard of positives and of the most similar negative pairs per shingling."""
    spec = cases()
    texts = {item.article_id: item.text for item in items}
    real = {frozenset((pair["a"], pair["b"])) for pair in spec["real_pairs"]}
    corpus_ids = list(corpus())
    for kind, size in (("words", 3), ("words", 4), ("words", 5), ("words", 7), ("chars", 5)):
        started = time.perf_counter()
        sets = {key: _shingle_sets(text, kind, size) for key, text in texts.items()}
        per_article = (time.perf_counter() - started) / len(sets) * 1000
        positives = sorted(
            [_jaccard(sets[c["id"]], sets[c["original"]]) for c in spec["copies"]]
            + [_jaccard(sets[p["a"]], sets[p["b"]]) for p in spec["real_pairs"]]
        )
        lsh, sketches = MinHashLSH(threshold=0.3, num_perm=64), {}
        for key in corpus_ids:
            sketches[key] = MinHash(num_perm=64, hashfunc=lambda value: value)
            sketches[key].update_batch(list(sets[key]))
            lsh.insert(key, sketches[key])
        negatives = sorted(
            (
                _jaccard(sets[key], sets[other])
                for key in corpus_ids
                for other in lsh.query(sketches[key])
                if other < key and frozenset((key, other)) not in real
            ),
            reverse=True,
        )
        print(
            f"{kind} {size}: {per_article:.2f} ms/article; positives 1% "
            f"{positives[len(positives) // 100]:.3f} 5% {positives[len(positives) // 20]:.3f} "
            "share >= 0.7 "
            f"{sum(p >= 0.7 for p in positives) / len(positives):.3f}; top negatives "
            f"{[round(n, 3) for n in negatives[:3]]}"
        )


def _jaccard(first: set, second: set) -> float:
    return len(first & second) / len(first | second) if first | second else 0.0


def cost(n_articles: int = 10_000) -> None:
    """Articles/s of `link` (query + add) and bytes per indexed article, over n articles."""
    texts = [record["text"] for record in corpus().values()]
    rng = random.Random(SEED)
    articles = list(texts)
    while len(articles) < n_articles:  # real words and lengths, but no shared shingles
        tokens = rng.choice(texts).split()
        rng.shuffle(tokens)
        articles.append(" ".join(tokens))
    articles = articles[:n_articles]
    index = NearDuplicateIndex()
    started = time.perf_counter()
    for number, text in enumerate(articles):
        index.link(f"{number:032x}", text)
    seconds = time.perf_counter() - started
    print(
        f"link (query + add) of {n_articles} articles: {seconds:.2f} s, "
        f"{n_articles / seconds:.0f}/s"
    )
    started = time.perf_counter()
    for text in articles[:2000]:
        index.sketch(text)
    print(f"  of which signatures: {(time.perf_counter() - started) / 2000 * 1e6:.0f} us/article")
    gc.collect()
    tracemalloc.start()
    index = NearDuplicateIndex()
    for number, text in enumerate(articles):
        index.add(f"{number:032x}", text)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  memory held by the index: {held / n_articles:.0f} bytes/article (tracemalloc)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses, false links")
    parser.add_argument("--sweep", action="store_true", help="thresholds, num_perm, bands, seeds")
    parser.add_argument("--shingles", action="store_true", help="word vs character shingles")
    parser.add_argument("--cost", action="store_true", help="articles/s and bytes/article")
    parser.add_argument("--build", action="store_true", help="rewrite the case file (seeded)")
    args = parser.parse_args(argv)
    if not corpus():
        print(f"corpus not found under {CORPUS}: nothing to score")
        return 0
    if args.build:
        real_pairs = cases()["real_pairs"] if CASES.exists() else []
        CASES.write_text(dump_cases(build_cases(real_pairs)), encoding="utf-8")
        print(f"wrote {CASES}")
        cases.cache_clear()
    items = stream()
    _report(run(items, NearDuplicateIndex()), items, args.verbose)
    if args.shingles:
        shingle_study(items)
    if args.sweep:
        sweep(items)
    if args.cost:
        cost()
    return 0


if __name__ == "__main__":
    sys.exit(main())
