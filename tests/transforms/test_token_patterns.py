"""`transforms.token_patterns.TokenPatternIndex` finds exactly what spaCy's Matcher finds.

Compared on the English model's own attribute-ruler patterns over real texts (the seed article,
MUC-3 and re3d), and on written patterns that use each kind of test it supports.
"""

from __future__ import annotations

import json
from itertools import islice

import pytest
import spacy
from spacy.language import Language
from spacy.matcher import Matcher

from flows.nlp import load_pipeline, resolve_model
from tests.conftest import CORPUS, SEED, shared_or_skip
from transforms.extract import nlp_text
from transforms.token_patterns import TokenPatternIndex


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(resolve_model("auto"))


def _texts() -> list[str]:
    texts = [shared_or_skip(SEED).read_text(encoding="utf-8")]
    for path in (CORPUS / "muc3" / "muc3-dev.jsonl", CORPUS / "re3d" / "re3d-articles.jsonl"):
        with shared_or_skip(path).open(encoding="utf-8") as lines:
            texts += [nlp_text(json.loads(line)["text"]) for line in islice(lines, 20)]
    return texts


def test_same_matches_as_the_matcher_on_the_models_patterns(nlp: Language) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    keyed = [(str(i), p) for i, rule in enumerate(ruler.patterns) for p in rule["patterns"]]
    assert TokenPatternIndex.supports(p for _, p in keyed)
    index = TokenPatternIndex(nlp.vocab, keyed)
    docs = list(nlp.pipe(_texts(), disable=["attribute_ruler", "lemmatizer", "ner"]))
    for doc in docs:
        expected = ruler.matcher(doc, allow_missing=True, as_spans=False)
        assert sorted(index(doc)) == sorted(expected)
        assert expected


def test_the_pipeline_annotates_as_with_the_matcher(nlp: Language) -> None:
    texts = _texts()
    fast = load_pipeline(resolve_model("auto"))
    assert isinstance(fast.get_pipe("attribute_ruler").matcher, TokenPatternIndex)
    for plain, indexed in zip(nlp.pipe(texts), fast.pipe(texts), strict=True):
        assert [(t.pos_, str(t.morph), t.lemma_) for t in plain] == [
            (t.pos_, str(t.morph), t.lemma_) for t in indexed
        ]


PATTERNS = {
    "one-value": [{"LOWER": "said"}],
    "two-tests": [{"TAG": "DT", "LOWER": "the"}],
    "in": [{"LOWER": {"IN": ["killed", "wounded"]}}],
    "not-in": [{"TAG": "NNS", "LOWER": {"NOT_IN": ["soldiers"]}}],
    "regex": [{"LOWER": {"REGEX": "^n'?t$"}}],
    "two-tokens": [{"LOWER": "according"}, {"LOWER": "to"}],
    "dependency": [{"DEP": "nsubj", "TAG": "NNP"}],
    "space": [{"IS_SPACE": True}],
}
SENTENCES = [
    "The army said that 12 soldiers were killed and 30 civilians wounded near the border.",
    "According to Reuters, the villagers didn't leave.\n\nMaria Lopez said they can't.",
]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_kind_of_test(name: str, nlp: Language) -> None:
    matcher = Matcher(nlp.vocab)
    matcher.add(name, [PATTERNS[name]])
    index = TokenPatternIndex(nlp.vocab, [(name, PATTERNS[name])])
    found = 0
    for doc in nlp.pipe(SENTENCES):
        expected = matcher(doc)
        assert sorted(index(doc)) == sorted(expected)
        found += len(expected)
    assert found, "each written pattern matches somewhere"


@pytest.mark.parametrize(
    "pattern",
    [[{"LOWER": "the", "OP": "?"}], [{"ENT_TYPE": "GPE"}], [{"LENGTH": {">=": 3}}]],
    ids=["operator", "other-attribute", "other-predicate"],
)
def test_unsupported_patterns_keep_the_matcher(pattern: list[dict]) -> None:
    assert not TokenPatternIndex.supports([pattern])
