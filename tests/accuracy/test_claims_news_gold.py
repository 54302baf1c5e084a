"""The issue-19 claims gold on modern English news (`tests/accuracy/claims/news-*.json`): its form,
checked mechanically against the claims guidelines and the issue's additions, and its split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas.claims import CATEGORIES, MODALITIES
from schemas.quantities import QUALIFIERS, RANGE
from tests.accuracy.claims.news_documents import DEV, TEST, news_documents, split_of
from tests.accuracy.score_claims import chain_agrees, claimant_names
from tests.conftest import shared_or_skip
from transforms.numbers.qualifiers import bounds

GOLD = sorted((Path(__file__).parent / "claims").glob("news-*.json"))
KEYS = {
    "category", "value", "low", "high", "qualifier", "subject", "claimant", "evidence", "notes",
    "claimant_chain", "modality", "location",
}  # fmt: skip
SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _documents() -> list[dict]:
    return [d for path in GOLD for d in json.loads(path.read_text(encoding="utf-8"))["documents"]]


def test_the_gold_has_sixty_documents_and_both_parts() -> None:
    ids = [d["doc_id"] for d in _documents()]
    assert len(ids) == len(set(ids)) >= 60
    parts = [split_of(doc_id) for doc_id in ids]
    assert parts.count(DEV) >= 20 and parts.count(TEST) >= 20


@pytest.mark.parametrize("document", _documents(), ids=lambda d: d["doc_id"])
def test_claims_follow_the_guidelines(document: dict) -> None:
    shared_or_skip(SHARED / "tbaq")
    text = news_documents()[document["doc_id"]].text
    for claim in document["claims"]:
        assert set(claim) == KEYS, claim["evidence"]
        assert claim["category"] in CATEGORIES and claim["modality"] in MODALITIES
        assert claim["qualifier"] in QUALIFIERS
        value, low, high = claim["value"], claim["low"], claim["high"]
        if claim["qualifier"] == RANGE:
            assert low is not None and high is not None and low < high, claim["evidence"]
        elif claim["qualifier"] != "vague":
            assert bounds(claim["qualifier"], value) == (low, high), claim["evidence"]
        assert text.count(claim["evidence"]) == 1, claim["evidence"]
        chain = claim["claimant_chain"]
        assert (chain[-1] if chain else None) == claim["claimant"], claim["evidence"]


def test_lenient_agreement_names_a_surname_and_a_head_word() -> None:
    assert claimant_names("Foreign Secretary Boris Johnson", "Johnson")
    assert claimant_names("the defence ministry", "Ostria's Defence Ministry")
    assert not claimant_names("Amnesty International", "the police")
    assert chain_agrees(["Lawmaker Lee", "the NIS"], ["Lee Seong-kweun", "NIS"])
    assert not chain_agrees(["Lawmaker Lee", "the NIS"], ["the NIS"])
