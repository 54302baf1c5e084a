"""Claims scorer: precision, recall and F1 of claims against annotated documents.

A predicted claim matches a gold claim of the same document when category and value agree
(the guidelines' suggested matching); ties go to the prediction inside the gold evidence.
On matched claims it also reports how often the bounds (low, high, qualifier), the claimant
(by word overlap, and leniently: a surname or head word alone names it), and the subject agree;
on the issue-19 news gold also the claimant chain and the modality. Corpora: `claims-dev`
(../shared/corpus/claims-dev, the development set the rules were written against),
`claims-test` (tests/accuracy/claims/annotations-*.json, drawn from other muc3-dev messages and
annotated by the same guidelines), and `claims-news-dev` / `claims-news-test`
(tests/accuracy/claims/news-*.json: modern English news from TBAQ, MEANTIME and web pages,
annotated by the guidelines plus issue 19's chain, modality and location; split once by
document, `news_documents.split_of`).

Run `python -m tests.accuracy.score_claims -v` to list misses and false alarms.
"""

from __future__ import annotations

import argparse
import json
import re
from functools import cache
from pathlib import Path

from flows.gazetteer import load_gazetteer
from tests.accuracy.claims.news_documents import news_documents, split_of
from tests.accuracy.subject_agreement import gold_subject_key, location_agrees
from transforms.articles import published_month
from transforms.dates import parse_published
from transforms.extract import ArticleInput, Lineage, extract_article
from transforms.parse_selection import parse_articles

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
TEST_SET = REPO / "tests" / "accuracy" / "claims"


def gold_sets() -> dict[str, list[dict]]:
    """Annotated documents per corpus name (empty when the files are absent)."""
    sets: dict[str, list[dict]] = {}
    news: dict[str, list[dict]] = {"claims-news-dev": [], "claims-news-test": []}
    for path in sorted(TEST_SET.glob("news-*.json")):
        for document in json.loads(path.read_text())["documents"]:
            if document["doc_id"] in news_documents():
                news[f"claims-news-{split_of(document['doc_id'])}"].append(document)
    dev = CORPUS / "claims-dev" / "claims.json"
    if dev.exists():
        sets["claims-dev"] = json.loads(dev.read_text())["documents"]
    test = []
    for path in sorted(TEST_SET.glob("annotations-*.json")):
        test += json.loads(path.read_text())["documents"]
    if test:
        sets["claims-test"] = test
    sets.update({name: documents for name, documents in news.items() if documents})
    return sets


@cache
def texts() -> dict[str, dict]:
    """Source documents by id from the muc3-dev and re3d files."""
    found = {}
    for path in (CORPUS / "muc3" / "muc3-dev.jsonl", CORPUS / "re3d" / "re3d-articles.jsonl"):
        with path.open() as handle:
            for line in handle:
                record = json.loads(line)
                found[record["id"]] = record
    for doc_id, document in news_documents().items():
        found[doc_id] = {"id": doc_id, "text": document.text, "published": document.published}
    return found


@cache
def pipeline():
    from flows.nlp import load_pipeline, resolve_model

    return load_pipeline(resolve_model("auto"))


def predict(documents: list[dict], select: bool = True) -> dict[str, list[dict]]:
    """Claims rows the extraction gives for each gold document (`select`: see
    `transforms.parse_selection.parse_articles`)."""
    nlp = pipeline()
    sources = [texts()[document["doc_id"]] for document in documents]
    lineage = Lineage("eval", "eval")
    gazetteer = load_gazetteer()
    predictions = {}
    parsed = parse_articles(nlp, (source["text"] for source in sources), select=select)
    for document, source, found in zip(documents, sources, parsed, strict=True):
        published = parse_published(source.get("published"))
        date = published.date if published else None
        article = ArticleInput(document["doc_id"], source["text"], date, published_month(date))
        rows = extract_article(found.doc, article, lineage, gazetteer, quantities=found.quantities)
        predictions[document["doc_id"]] = rows.rows["claims"]
    return predictions


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", (text or "").lower())) - {"the", "of", "a", "an"}


def claimant_agrees(gold: str | None, predicted: str | None) -> bool:
    """Same claimant: both null, or word sets overlapping on most of the shorter one."""
    if not gold or not predicted:
        return not gold and not predicted
    a, b = _words(gold), _words(predicted)
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= 0.5


def claimant_names(gold: str | None, predicted: str | None) -> bool:
    """Lenient claimant agreement (issue 19): as `claimant_agrees`, or the last word of one (a
    surname, the head of "the defence ministry") is a word of the other."""
    if claimant_agrees(gold, predicted):
        return True
    if not gold or not predicted:
        return False
    a = re.findall(r"[a-z0-9]+", gold.lower())
    b = re.findall(r"[a-z0-9]+", predicted.lower())
    return bool(a and b) and (a[-1] in b or b[-1] in a)


def chain_agrees(gold: list[str], predicted: list[str]) -> bool:
    """Same chain: as many sources, each agreeing leniently, in order."""
    return len(gold) == len(predicted) and all(
        claimant_names(g, p) for g, p in zip(gold, predicted, strict=True)
    )


def subject_agrees(gold: str | None, predicted: str | None) -> bool:
    """Same subject by words, the gold's bracketed antecedents read as words ("OTHERS
    [REBELS]")."""
    return claimant_agrees((gold or "").replace("[", " ").replace("]", " "), predicted)


def match(documents: list[dict], predictions: dict[str, list[dict]]) -> dict:
    """Counts for P/R/F1 plus bound, claimant, subject, chain and modality agreement on the
    matched pairs (chain and modality where the gold gives them)."""
    tp = fp = fn = bounds = claimant = lenient = subject = chained = chains = 0
    modal = modalities = keyed = located = locations = 0
    misses, alarms, claimants = [], [], []
    for document in documents:
        text = texts()[document["doc_id"]]["text"]
        remaining = list(predictions[document["doc_id"]])
        for gold in document["claims"]:
            at = text.find(gold["evidence"])
            span = range(at, at + len(gold["evidence"])) if at >= 0 else range(0)
            candidates = [
                p
                for p in remaining
                if p["category"] == gold["category"] and p["value"] == gold["value"]
            ]
            candidates.sort(key=lambda p: p["start_char"] not in span)
            if not candidates:
                fn += 1
                misses.append((document["doc_id"], gold))
                continue
            best = candidates[0]
            remaining.remove(best)
            tp += 1
            bounds += (best["low"], best["high"], best["qualifier"]) == (
                gold["low"],
                gold["high"],
                gold["qualifier"],
            )
            claimant += claimant_agrees(gold["claimant"], best["claimant_text"])
            named = claimant_names(gold["claimant"], best["claimant_text"])
            lenient += named
            if not named:
                claimants.append((document["doc_id"], gold, best))
            subject += subject_agrees(gold["subject"], best["subject_text"])
            keyed += gold_subject_key(pipeline(), gold) == best.get("subject_key")
            if "location" in gold:
                locations += 1
                located += location_agrees(pipeline(), gold, best.get("location_entity_id"))
            if "claimant_chain" in gold:
                chains += 1
                chained += chain_agrees(gold["claimant_chain"], list(best["claimant_chain"]))
            if "modality" in gold:
                modalities += 1
                modal += gold["modality"] == best["modality"]
        fp += len(remaining)
        alarms += [(document["doc_id"], p) for p in remaining]
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "bounds": bounds,
        "claimant": claimant,
        "claimant_lenient": lenient,
        "subject": subject,
        "subject_key": keyed,
        "location": (located, locations),
        "chain": (chained, chains),
        "modality": (modal, modalities),
        "misses": misses,
        "alarms": alarms,
        "claimants": claimants,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def score() -> list[dict]:
    """Gate rows: claims P/R/F1, bounds accuracy and claimant accuracy per corpus."""
    rows = []
    for corpus, documents in gold_sets().items():
        counts = match(documents, predict(documents))
        precision = _ratio(counts["tp"], counts["tp"] + counts["fp"])
        recall = _ratio(counts["tp"], counts["tp"] + counts["fn"])
        f1 = (
            round(2 * precision * recall / (precision + recall), 4) if precision and recall else 0.0
        )
        n = counts["tp"] + counts["fn"]
        base = {"field": "claims", "corpus": corpus, "precision": None, "recall": None}
        rows += [
            {
                **base,
                "metric": "category_value",
                "precision": precision,
                "recall": recall,
                "f1": f1,
                "value": None,
                "n": n,
            },
            {
                **base,
                "metric": "bounds_on_matched",
                "f1": None,
                "value": _ratio(counts["bounds"], counts["tp"]),
                "n": counts["tp"],
            },
            {
                **base,
                "metric": "claimant_on_matched",
                "f1": None,
                "value": _ratio(counts["claimant"], counts["tp"]),
                "n": counts["tp"],
            },
        ]
        rows += [
            {**base, "metric": metric, "f1": None, "value": _ratio(hits, total), "n": total}
            for metric, (hits, total) in (
                ("claimant_lenient_on_matched", (counts["claimant_lenient"], counts["tp"])),
                ("subject_on_matched", (counts["subject"], counts["tp"])),
                ("subject_key_on_matched", (counts["subject_key"], counts["tp"])),
                ("location_on_matched", counts["location"]),
                ("chain_on_matched", counts["chain"]),
                ("modality_on_matched", counts["modality"]),
            )
            if total
        ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and alarms")
    parser.add_argument("--corpus", default=None, help="only this corpus")
    parser.add_argument(
        "--whole-parse",
        action="store_true",
        help="parse every sentence (before issue 21's selection), for comparison",
    )
    args = parser.parse_args()
    for corpus, documents in gold_sets().items():
        if args.corpus and corpus != args.corpus:
            continue
        counts = match(documents, predict(documents, select=not args.whole_parse))
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(
            f"{corpus}: P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f} "
            f"(tp {tp} fp {fp} fn {fn}); bounds {counts['bounds']}/{tp} "
            f"claimant {counts['claimant']}/{tp} (lenient {counts['claimant_lenient']}) "
            f"subject {counts['subject']}/{tp} (key {counts['subject_key']}/{tp}) "
            f"location {counts['location'][0]}/{counts['location'][1]} "
            f"chain {counts['chain'][0]}/{counts['chain'][1]} "
            f"modality {counts['modality'][0]}/{counts['modality'][1]}"
        )
        if args.verbose:
            for doc_id, gold in counts["misses"]:
                print(f"  MISS {doc_id} {gold['category']} {gold['value']} | {gold['evidence']}")
            for doc_id, claim in counts["alarms"]:
                print(
                    f"  ALARM {doc_id} {claim['category']} {claim['value']} | "
                    f"{claim['sentence'][:110]!r}"
                )
            for doc_id, gold, claim in counts["claimants"]:
                print(
                    f"  CLAIMANT {doc_id} {gold['category']} {gold['value']} gold "
                    f"{gold['claimant']!r} got {claim['claimant_text']!r} | {gold['evidence']}"
                )


if __name__ == "__main__":
    main()
