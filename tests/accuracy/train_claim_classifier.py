"""Issue 19 "Approach": does a small trained classifier on CPU, combined with the rules, find
claims (category + value) better than the rules alone?

Candidates are the counts the pipeline already considers: every COUNT quantity of an article
(`transforms.extract.article_quantities`, what `extract_claims` loops over), with its sentence
and the categories the rules gave it (the claims rows `extract_article` emits at that offset,
possibly none). A candidate is labelled with the category of the gold claim of the same value
whose evidence contains it, NONE when no gold claim of the document has its value, and left out
of training when a gold claim has its value elsewhere (a restatement of a first mention: the
guidelines annotate first mentions only, so its label is unknown).

The model is a spaCy `textcat` (exclusive classes: the nine categories + NONE, bag-of-words
n-grams, `spacy.TextCatBOW.v3`) on the sentence with the count marked and the words either side
of it as positional features, in a blank English pipeline (no download). It is combined with the
rules in one of three ways: `veto` drops a rule claim the model scores NONE above a threshold,
`add` adds a claim at a count the rules left out when the model's best category is above a
threshold, `both` does both. Mode and thresholds are picked on out-of-fold predictions of a
5-fold cross-validation by document over claims-dev + claims-news-dev; then the model trained
on all dev is applied ONCE to claims-test and claims-news-test.

    python -m tests.accuracy.train_claim_classifier --out build/claim-classifier
"""

from __future__ import annotations

import argparse
import bisect
import json
import pickle
import random
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

NONE = "NONE"
MODES = ("veto", "add", "both")
SEED = 19
WINDOW = 4
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
DEV = ("claims-dev", "claims-news-dev")
TEST = ("claims-test", "claims-news-test")
RULE_FEATURES = True
LEFT, RIGHT = "zzcountstart", "zzcountend"


@dataclass
class Candidate:
    """One count of an article, as the classifier sees it."""

    doc_id: str
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    sentence: str
    offset: int  # of the sentence in the article
    rule_categories: tuple[str, ...] = ()
    label: str | None = None  # gold category, NONE, or None when unknown (restatement)
    probs: dict[str, float] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The classifier's input."""
        start, end = self.start - self.offset, self.end - self.offset
        return features(self.sentence, start, end, self.rule_categories)


def features(sentence: str, start: int, end: int, rule_categories: Sequence[str] = ()) -> str:
    """The classifier's text: the sentence with the count (at `start:end` of the sentence)
    between markers, then the words either side of it tagged with their side, then what the
    rules made of it."""
    left = sentence[:start].lower().split()[-WINDOW:]
    right = sentence[end:].lower().split()[:WINDOW]
    strip = ".,;:!?\"'()[]"
    tagged = [f"lw{w.strip(strip)}" for w in left if w.strip(strip)]
    tagged += [f"rw{w.strip(strip)}" for w in right if w.strip(strip)]
    marked = f"{sentence[:start]} {LEFT} {sentence[start:end]} {RIGHT} {sentence[end:]}"
    rules = [f"zzrule{c}" for c in rule_categories] if RULE_FEATURES else []
    return " ".join([marked, *tagged, *(rules or ["zzrulenone"] if RULE_FEATURES else [])])


def evidence_span(text: str, evidence: str) -> range:
    """Character range of a gold claim's evidence in the article (empty when not found), as
    `score_claims.match` finds it."""
    at = text.find(evidence)
    return range(at, at + len(evidence)) if at >= 0 else range(0)


def label_of(start: int, value: float, text: str, golds: Sequence[dict]) -> str | None:
    """Gold category of the count at `start` with `value`: the gold claim of that value whose
    evidence contains it; NONE when no gold claim has the value; None (unknown) when one has it
    elsewhere in the article."""
    same_value = [g for g in golds if g["value"] == value]
    for gold in same_value:
        if start in evidence_span(text, gold["evidence"]):
            return gold["category"]
    return None if same_value else NONE


def combine(
    rule_rows: Sequence[dict], candidates: Sequence[Candidate], mode: str, threshold: float
) -> list[dict]:
    """The rule claims of one article with the model's verdicts applied (`mode` is "rules",
    "veto", "add" or "both")."""
    by_start = {c.start: c for c in candidates}
    rows = list(rule_rows)
    if mode in ("veto", "both"):
        rows = [
            r
            for r in rows
            if r["start_char"] not in by_start
            or by_start[r["start_char"]].probs.get(NONE, 0.0) <= threshold
        ]
    if mode in ("add", "both"):
        claimed = {r["start_char"] for r in rule_rows}
        seen = {(r["category"], r["value"]) for r in rows}
        for c in candidates:
            if c.start in claimed or not c.probs:
                continue
            category, p = max(((k, v) for k, v in c.probs.items() if k != NONE), key=_second)
            if p > threshold and (category, c.value) not in seen:
                seen.add((category, c.value))
                rows.append(added_row(c, category))
    return rows


def _second(pair: tuple[str, float]) -> float:
    return pair[1]


def added_row(candidate: Candidate, category: str) -> dict:
    """A claims row for a count the model adds (no claimant, subject or chain: the rules give
    those)."""
    return {
        "category": category,
        "value": candidate.value,
        "low": candidate.low,
        "high": candidate.high,
        "qualifier": candidate.qualifier,
        "start_char": candidate.start,
        "end_char": candidate.end,
        "claimant_text": None,
        "subject_text": None,
        "claimant_chain": [],
        "modality": "reported",
        "sentence": candidate.text,
    }


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def folds_of(doc_ids: Sequence[str], k: int, seed: int = SEED) -> dict[str, int]:
    """Fold of each document: shuffled with a fixed seed, dealt round-robin."""
    ids = sorted(set(doc_ids))
    random.Random(seed).shuffle(ids)
    return {doc_id: i % k for i, doc_id in enumerate(ids)}


# --- spaCy parts (slow) ---------------------------------------------------------------------


def candidates_of(documents: list[dict]) -> tuple[dict, dict, float]:
    """Rule claims rows and candidates per document, and the spaCy pipeline's seconds (parse +
    rules) for the lot."""
    from flows.gazetteer import load_gazetteer
    from schemas.quantities import COUNT
    from tests.accuracy.score_claims import pipeline, texts
    from transforms.articles import published_month
    from transforms.dates import parse_published
    from transforms.extract import (
        ArticleInput,
        Lineage,
        article_quantities,
        extract_article,
        nlp_text,
    )

    nlp = pipeline()
    gazetteer = load_gazetteer()
    lineage = Lineage("eval", "eval")
    rules: dict[str, list[dict]] = {}
    candidates: dict[str, list[Candidate]] = {}
    began = time.perf_counter()
    for document in documents:
        source = texts()[document["doc_id"]]
        text = source["text"]
        doc = nlp(nlp_text(text))
        published = parse_published(source.get("published"))
        date = published.date if published else None
        article = ArticleInput(document["doc_id"], text, date, published_month(date))
        rows = extract_article(doc, article, lineage, gazetteer).rows["claims"]
        rules[document["doc_id"]] = rows
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        starts = [s for s, _ in sentences]
        found = []
        for q in article_quantities(text, doc.ents):
            if q.kind != COUNT:
                continue
            s, e = sentences[max(bisect.bisect_right(starts, q.start_char) - 1, 0)]
            e = max(e, q.end_char)
            found.append(
                Candidate(
                    document["doc_id"],
                    q.start_char,
                    q.end_char,
                    q.value,
                    q.low,
                    q.high,
                    q.qualifier,
                    text[s:e],
                    s,
                    tuple(r["category"] for r in rows if r["start_char"] == q.start_char),
                    label_of(q.start_char, q.value, text, document["claims"]),
                )
            )
        candidates[document["doc_id"]] = found
    return rules, candidates, time.perf_counter() - began


BOW = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 262144,
}
# A small CNN over hashed word features plus the bag of words (spaCy's default textcat, with a
# narrower tok2vec and no pretrained vectors).
ENSEMBLE = {
    "@architectures": "spacy.TextCatEnsemble.v2",
    "nO": None,
    "linear_model": BOW,
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": 64,
            "rows": [2000, 2000, 1000, 1000],
            "attrs": ["NORM", "LOWER", "PREFIX", "SUFFIX"],
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": 64,
            "window_size": 1,
            "maxout_pieces": 3,
            "depth": 2,
        },
    },
}
ARCHITECTURES = {"bow": BOW, "ensemble": ENSEMBLE}


def train(
    examples: Sequence[Candidate],
    labels: Sequence[str],
    epochs: int,
    seed: int = SEED,
    architecture: str = "bow",
):
    """A blank English pipeline with one exclusive textcat trained on `examples` (their `label`
    must be set)."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe(
        "textcat",
        config={"model": ARCHITECTURES[architecture]},
    )
    for label in labels:
        textcat.add_label(label)
    data = [
        Example.from_dict(nlp.make_doc(c.text), {"cats": {k: float(k == c.label) for k in labels}})
        for c in examples
    ]
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(data)
        losses: dict[str, float] = {}
        for batch in minibatch(data, size=16):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.1)
    return nlp


def score_with(nlp, candidates: Iterable[Candidate]) -> None:
    """Set each candidate's `probs` from the model."""
    candidates = list(candidates)
    for c, doc in zip(candidates, nlp.pipe(c.text for c in candidates), strict=True):
        c.probs = dict(doc.cats)


def counts_of(documents, rules, candidates, mode, threshold) -> tuple[int, int, int]:
    from tests.accuracy.score_claims import match

    predictions = {
        d["doc_id"]: combine(rules[d["doc_id"]], candidates[d["doc_id"]], mode, threshold)
        for d in documents
    }
    m = match(documents, predictions)
    return m["tp"], m["fp"], m["fn"]


def line(name: str, tp: int, fp: int, fn: int) -> str:
    p, r, f = prf(tp, fp, fn)
    return f"{name}: P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {tp} fp {fp} fn {fn})"


def main() -> None:
    from schemas.claims import CATEGORIES
    from tests.accuracy.score_claims import gold_sets, match

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/claim-classifier"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--architecture", choices=sorted(ARCHITECTURES), default="bow")
    parser.add_argument(
        "--cache", action="store_true", help="keep the parsed candidates in OUT (development)"
    )
    parser.add_argument("--no-test", action="store_true", help="cross-validation on dev only")
    args = parser.parse_args()
    labels = [*CATEGORIES, NONE]
    sets = gold_sets()
    report: dict = {"dev_cv": {}, "test": {}, "candidates": {}}

    rules, cands, seconds = {}, {}, {}
    cache = args.out / "candidates.pickle"
    if args.cache and cache.exists():
        rules, cands, seconds = pickle.loads(cache.read_bytes())
    for corpus in DEV + (() if args.no_test else TEST):
        if corpus in seconds:
            continue
        r, c, s = candidates_of(sets[corpus])
        rules.update(r)
        cands.update(c)
        seconds[corpus] = s
    if args.cache:
        args.out.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps((rules, cands, seconds)))
    dev_docs = [d for corpus in DEV for d in sets[corpus]]
    dev_cands = [c for d in dev_docs for c in cands[d["doc_id"]]]
    known = Counter(c.label for c in dev_cands)
    golds = sum(len(d["claims"]) for d in dev_docs)
    reachable = sum(c.label not in (None, NONE) for c in dev_cands)
    print(f"dev candidates {len(dev_cands)}; labels {dict(known)}")
    print(f"dev gold claims {golds}, with a candidate in their evidence {reachable}")
    report["candidates"] = {
        "dev": len(dev_cands),
        "labels": dict(known),
        "gold": golds,
        "reachable": reachable,
    }

    fold = folds_of([d["doc_id"] for d in dev_docs], args.folds)
    for k in range(args.folds):
        began = time.perf_counter()
        training = [c for c in dev_cands if fold[c.doc_id] != k and c.label is not None]
        nlp = train(training, labels, args.epochs, architecture=args.architecture)
        score_with(nlp, (c for c in dev_cands if fold[c.doc_id] == k))
        print(f"fold {k}: {len(training)} examples, {time.perf_counter() - began:.1f} s")

    scored = [c for c in dev_cands if c.label is not None]
    right = sum(max(c.probs, key=c.probs.get) == c.label for c in scored)
    print(f"out-of-fold candidate accuracy {right}/{len(scored)}")
    results = []
    for mode, threshold in [("rules", 0.0)] + [(m, t) for m in MODES for t in THRESHOLDS]:
        per = {c: counts_of(sets[c], rules, cands, mode, threshold) for c in DEV}
        pooled = tuple(map(sum, zip(*per.values(), strict=True)))
        results.append((prf(*pooled)[2], mode, threshold, per, pooled))
        report["dev_cv"][f"{mode}@{threshold}"] = {"pooled": pooled, **per}
    rules_f1 = results[0][0]
    for mode in ("rules", *MODES):
        best = max((r for r in results if r[1] == mode), key=lambda r: r[0])
        _, _, threshold, per, pooled = best
        print(f"dev CV best {mode} @ {threshold}:")
        for corpus, counts in per.items():
            print("  " + line(corpus, *counts))
        print("  " + line("pooled", *pooled))
    chosen = max(results, key=lambda r: r[0])
    _, mode, threshold, _, _ = chosen
    print(f"chosen: {mode} @ {threshold} (dev CV pooled F1 {chosen[0]:.3f} vs {rules_f1:.3f})")
    report["chosen"] = {"mode": mode, "threshold": threshold}

    began = time.perf_counter()
    nlp = train(
        [c for c in dev_cands if c.label is not None],
        labels,
        args.epochs,
        architecture=args.architecture,
    )
    print(f"final model: {time.perf_counter() - began:.1f} s to train")
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out / "model")

    modal = [0, 0]
    for document in sets["claims-news-dev"]:
        m = match([document], {document["doc_id"]: rules[document["doc_id"]]})
        modal = [modal[0] + m["modality"][0], modal[1] + m["modality"][1]]
    print(f"rules' modality on claims-news-dev matched claims: {modal[0]}/{modal[1]}")
    report["modality_news_dev"] = modal

    if not args.no_test:
        news = [
            c
            for corpus in ("claims-news-dev", "claims-news-test")
            for d in sets[corpus]
            for c in cands[d["doc_id"]]
        ]
        n_articles = len(sets["claims-news-dev"]) + len(sets["claims-news-test"])
        began = time.perf_counter()
        score_with(nlp, news)
        model_ms = 1000 * (time.perf_counter() - began) / n_articles
        spacy_ms = 1000 * (seconds["claims-news-dev"] + seconds["claims-news-test"]) / n_articles
        print(
            f"speed on claims-news ({n_articles} articles, {len(news)} counts): model "
            f"{model_ms:.1f} ms/article, spaCy pipeline + rules {spacy_ms:.1f} ms/article"
        )
        report["speed_ms_per_article"] = {"model": model_ms, "pipeline": spacy_ms}
        test_cands = [c for corpus in TEST for d in sets[corpus] for c in cands[d["doc_id"]]]
        score_with(nlp, test_cands)
        for corpus in TEST:
            for name, (m, t) in (
                ("rules", ("rules", 0.0)),
                (f"{mode}@{threshold}", (mode, threshold)),
            ):
                counts = counts_of(sets[corpus], rules, cands, m, t)
                print(line(f"test {corpus} {name}", *counts))
                report["test"][f"{corpus} {name}"] = counts
    (args.out / "report.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
