"""How the claims test set's documents were drawn from muc3-dev (reproducible, seed fixed).

The development gold standard (../shared/corpus/claims-dev) is used for tuning; this set is
drawn from the remaining muc3-dev messages so the gate also scores text the rules were not
developed on. Eligibility follows the claims-dev guidelines (section 8); the length cap is
3,500 characters. Run: python tests/accuracy/claims/select_documents.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
SEED = 20261126
NUM = (
    r"\b(?:\d[\d,]*|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|ELEVEN|TWELVE|FIFTEEN"
    r"|TWENTY|THIRTY|FORTY|FIFTY|HUNDREDS|THOUSANDS|DOZENS|SEVERAL|SCORES)\b"
)
CAT = (
    r"(KILLED|DEAD|WOUNDED|INJURED|KIDNAPPED|ARRESTED|MISSING|CASUALTIES|DIED|BODIES|HOSTAGES?"
    r"|CAPTURED|DETAINED|TROOPS|SOLDIERS|REFUGEES|MEN)"
)
NEAR = re.compile(NUM + r"\W+(?:\w+\W+){0,4}?" + CAT)
KEYWORDS = re.compile(r"\b(KILLED|WOUNDED|INJURED|DEAD|KIDNAPPED|MISSING|ARRESTED|TROOPS)\b")


def select() -> dict[str, list[str]]:
    """Two annotation batches of 32 eligible messages and 6 negative candidates."""
    gold = json.loads((CORPUS / "claims-dev" / "claims.json").read_text())
    used = {document["doc_id"] for document in gold["documents"]}
    with (CORPUS / "muc3" / "muc3-dev.jsonl").open() as handle:
        messages = [json.loads(line) for line in handle]
    fresh = [m for m in messages if m["id"] not in used]
    eligible = [
        m
        for m in fresh
        if KEYWORDS.search(m["text"]) and NEAR.search(m["text"]) and len(m["text"]) <= 3500
    ]
    negatives = [
        m
        for m in fresh
        if not KEYWORDS.search(m["text"])
        and re.search(r"\d", m["text"][60:])
        and len(m["text"]) <= 3000
    ]
    rng = random.Random(SEED)
    drawn = sorted(rng.sample(eligible, 64), key=lambda m: m["id"])
    drawn_negatives = sorted(rng.sample(negatives, 6), key=lambda m: m["id"])
    return {
        "a": [m["id"] for m in drawn[0::2]],
        "b": [m["id"] for m in drawn[1::2]],
        "negative_candidates": [m["id"] for m in drawn_negatives],
    }


if __name__ == "__main__":
    print(json.dumps(select(), indent=1))
