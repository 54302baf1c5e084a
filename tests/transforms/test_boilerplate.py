"""`transforms.boilerplate`: page furniture is recognized, articles never are.

Written cases in tests/cases/boilerplate/; on the real corpora, no MUC-3, TBAQ or claims-gold
article is boilerplate.
"""

from __future__ import annotations

import json

import pytest

from schemas.articles import BOILERPLATE, NOT_ENGLISH
from tests.conftest import CASES, CORPUS, shared_or_skip
from transforms.articles import extraction_language, text_flags
from transforms.boilerplate import is_boilerplate
from transforms.readers import RawArticle

CASES_FILE = json.loads((CASES / "boilerplate" / "texts.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES_FILE, ids=[case["id"] for case in CASES_FILE])
def test_boilerplate(case: dict) -> None:
    assert is_boilerplate(case["text"]) is case["boilerplate"]


def test_boilerplate_is_flagged_and_not_extracted() -> None:
    text = next(case["text"] for case in CASES_FILE if case["boilerplate"])
    raw = RawArticle(text, None, None, None, None, None, None, None, "text", 0)
    flags = text_flags(raw)
    assert BOILERPLATE in flags and NOT_ENGLISH not in flags
    assert extraction_language("en", "en", text) is None


def test_no_real_article_is_boilerplate() -> None:
    texts = []
    for path in sorted(shared_or_skip(CORPUS / "muc3").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    tbaq = shared_or_skip(CORPUS / "tbaq")
    from tests.accuracy.score_tbaq import load_documents

    texts += [document.text for document in load_documents(tbaq)]
    from tests.accuracy.score_claims import gold_sets
    from tests.accuracy.score_claims import texts as gold_texts

    texts += [
        gold_texts()[document["doc_id"]]["text"]
        for documents in gold_sets().values()
        for document in documents
    ]
    assert len(texts) > 2000
    assert [text[:80] for text in texts if is_boilerplate(text)] == []
