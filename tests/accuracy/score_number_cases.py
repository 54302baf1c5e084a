"""Issue 18's own number cases: pass rate of the pipeline's quantities on the written and real
sentences of ``tests/cases/numbers/eval/*.json``, on a development part and a held-out test part.

A case is ``{"id", "source", "sentence", "expected": [{"text", "value", "low", "high",
"qualifier", "kind", "unit"}, ...]}``: ``expected`` lists every quantity the sentence holds, in
order, of every kind. A case passes when the pipeline's quantities of the sentence (spaCy's parse,
then ``article_quantities``, as ``extract_article`` does) are exactly that list on those seven
keys (numbers compared to a relative 1e-9). The family is the file's name (``forms``,
``comparatives``, ``kinds``, ``real_news``...); ``tests/cases/numbers/eval/README.md`` says who
wrote which and from what.

Split, once, by case id: a case is dev when the first 8 bytes of sha256("18:" + id), read as a
big-endian integer, are even, else test. The id alone decides, so adding cases never moves one
across. Rules are developed on dev failures (``-v`` lists them); test is only measured (``-v``
never lists its failures).

Gate rows: ``numbers/own-dev/pass_rate`` and ``numbers/own-test/pass_rate`` (n = cases), plus
one informative row per family and part.

Report: ``.venv/bin/python -m tests.accuracy.score_number_cases [-v]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import spacy

from flows.nlp import UNUSED_COMPONENTS, resolve_model
from tests.accuracy import Row, make_row
from transforms.extract import article_quantities, nlp_text
from transforms.numbers import Quantity

CASES_DIR = Path(__file__).resolve().parents[1] / "cases" / "numbers" / "eval"
CORPORA = {
    "own-dev": ("repo:tests/cases/numbers/eval/*.json",),
    "own-test": ("repo:tests/cases/numbers/eval/*.json",),
}
DEV = "dev"
TEST = "test"
SPLIT_SEED = 18
KEYS = ("text", "value", "low", "high", "qualifier", "kind", "unit")
_NUMBER_KEYS = frozenset({"value", "low", "high"})


def split_of(case_id: str, seed: int = SPLIT_SEED) -> str:
    """DEV or TEST for a case id (its id alone decides)."""
    digest = hashlib.sha256(f"{seed}:{case_id}".encode()).digest()
    return DEV if int.from_bytes(digest[:8], "big") % 2 == 0 else TEST


def load_cases(folder: Path = CASES_DIR) -> list[dict]:
    """Every case of every family file, with its ``family`` (file stem) added."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            cases.append({**case, "family": path.stem})
    ids = Counter(case["id"] for case in cases)
    repeated = sorted(case_id for case_id, count in ids.items() if count > 1)
    if repeated:
        raise ValueError(f"case ids must be unique across families: {repeated}")
    return cases


def as_record(quantity: Quantity) -> dict:
    """The seven compared keys of one found quantity."""
    return {key: getattr(quantity, key) for key in KEYS}


def _same(key: str, got: object, expected: object) -> bool:
    if key in _NUMBER_KEYS and got is not None and expected is not None:
        return math.isclose(float(got), float(expected), rel_tol=1e-9)  # type: ignore[arg-type]
    return got == expected


def case_passes(case: dict, found: Sequence[dict]) -> bool:
    """Whether the found quantities are exactly the expected ones, in order."""
    expected = case["expected"]
    return len(found) == len(expected) and all(
        _same(key, got.get(key), want.get(key))
        for got, want in zip(found, expected, strict=True)
        for key in KEYS
    )


def evaluate(cases: Sequence[dict]) -> dict[tuple[str, str], list[tuple[dict, list[dict], bool]]]:
    """Each case's result, grouped by (part, family): the case, what was found, pass or not.

    A sentence goes the pipeline's way: parsed by the spaCy model, then `article_quantities`.
    """
    nlp = spacy.load(resolve_model("auto"), exclude=list(UNUSED_COMPONENTS))
    docs = nlp.pipe((nlp_text(case["sentence"]) for case in cases), batch_size=64)
    results: dict[tuple[str, str], list[tuple[dict, list[dict], bool]]] = {}
    for case, doc in zip(cases, docs, strict=True):
        found = [as_record(q) for q in article_quantities(case["sentence"], doc.ents)]
        key = (split_of(case["id"]), case["family"])
        results.setdefault(key, []).append((case, found, case_passes(case, found)))
    return results


def _rate(outcomes: Sequence[tuple[dict, list[dict], bool]]) -> tuple[int, int, float]:
    passed = sum(ok for _, _, ok in outcomes)
    return passed, len(outcomes), passed / len(outcomes) if outcomes else 0.0


def score() -> list[Row]:
    """The two gate rows (dev, test) and an informative row per family and part."""
    results = evaluate(load_cases())
    rows = []
    for part in (DEV, TEST):
        outcomes = [o for (p, _), group in results.items() if p == part for o in group]
        _, total, rate = _rate(outcomes)
        rows.append(make_row("numbers", f"own-{part}", "pass_rate", value=rate, n=total))
    for (part, family), group in sorted(results.items()):
        _, total, rate = _rate(group)
        rows.append(make_row("numbers", f"own-{part}", f"{family}_pass_rate", value=rate, n=total))
    return rows


def _show(record: dict) -> str:
    return " ".join(f"{key}={record.get(key)!r}" for key in KEYS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", action="store_true", help="list the dev failures")
    args = parser.parse_args(argv)
    results = evaluate(load_cases())
    for part in (DEV, TEST):
        outcomes = [o for (p, _), group in results.items() if p == part for o in group]
        passed, total, rate = _rate(outcomes)
        print(f"{part}: {passed}/{total} cases pass ({rate:.3f})")
        for (p, family), group in sorted(results.items()):
            if p == part:
                passed, total, rate = _rate(group)
                print(f"  {family:<14} {passed:>4}/{total:<4} {rate:.3f}")
    if args.v:
        print("\ndev failures:")
        for (part, family), group in sorted(results.items()):
            if part != DEV:
                continue
            for case, found, ok in group:
                if ok:
                    continue
                print(f"[{family}] {case['id']}: {case['sentence']}")
                for want in case["expected"]:
                    print(f"    want {_show(want)}")
                for got in found:
                    print(f"    got  {_show(got)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
