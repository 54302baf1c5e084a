"""`transforms.token_patterns.TokenPatternIndex` finds exactly what spaCy's Matcher finds.

Compared on the English model's own attribute-ruler patterns over real texts (the seed article,
140 MUC-3 messages, 20 of them left in capitals, 20 re3d articles: 59,000 tokens), both as
matches and as what the ruler then writes (POS, MORPH, LEMMA, TAG of every token), and on
written patterns that use each kind of test it supports. The parsed Docs are shared with
tests/transforms/test_lemmas.py.
"""

from __future__ import annotations

import functools
import json
from itertools import islice

import numpy
import pytest
import spacy
from spacy.attrs import LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from flows.nlp import load_pipeline, resolve_model
from tests.conftest import CORPUS, SEED, shared_or_skip
from transforms.extract import nlp_text
from transforms.token_patterns import TokenPatternIndex

# Real texts by source: (file, articles, as extraction feeds spaCy (nlp_text) or raw).
SOURCES = {
    "muc3-dev": (CORPUS / "muc3" / "muc3-dev.jsonl", 70, True),
    "muc3-tst1": (CORPUS / "muc3" / "muc3-tst1.jsonl", 50, True),
    "muc3-tst2-capitals": (CORPUS / "muc3" / "muc3-tst2.jsonl", 20, False),
    "re3d": (CORPUS / "re3d" / "re3d-articles.jsonl", 20, True),
}
# What the attribute ruler and the lemmatizer may write, compared token by token.
ANNOTATIONS = [POS, MORPH, LEMMA, TAG]
# Written texts for the edge cases: whitespace tokens, the ruler's rules with index 1 ("gon
# na" -> LEMMA of "na"; "there is" -> POS of "is"), "let's", "got ta".
EDGE_TEXTS = [
    "",
    "   ",
    "There is a problem.\n\n  There were  two more.\tLet's go: we're gonna win, I gotta say.",
    "THE ARMY SAID THAT 12 SOLDIERS WERE KILLED.\n\n\nNothin' doin', y' know, he didn't.",
]


@functools.cache
def plain_model() -> Language:
    """The English model as spaCy loads it, one per test session."""
    return spacy.load(resolve_model("auto"))


@functools.cache
def fast_model() -> Language:
    """The English model as extraction loads it (`flows.nlp.load_pipeline`), one per session."""
    return load_pipeline(resolve_model("auto"))


@functools.cache
def source_texts(source: str) -> tuple[str, ...]:
    """The texts of a SOURCES entry, or of the seed article ("seed") or EDGE_TEXTS ("edge")."""
    if source == "seed":
        return (shared_or_skip(SEED).read_text(encoding="utf-8"),)
    if source == "edge":
        return tuple(EDGE_TEXTS)
    path, count, as_extraction = SOURCES[source]
    with shared_or_skip(path).open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in islice(lines, count)]
    return tuple(nlp_text(text) if as_extraction else text for text in texts)


@functools.cache
def parsed_docs(source: str) -> tuple[Doc, ...]:
    """The texts of `source` through the components before the attribute ruler (not NER,
    which neither the ruler nor the lemmatizer reads). Callers annotate copies."""
    nlp = plain_model()
    before = nlp.pipe_names[: nlp.pipe_names.index("attribute_ruler")]
    disable = [name for name in nlp.pipe_names if name not in before]
    return tuple(nlp.pipe(source_texts(source), disable=disable, batch_size=64))


@functools.cache
def ruled_docs(source: str) -> tuple[Doc, ...]:
    """Copies of `parsed_docs` annotated by spaCy's own attribute ruler (its Matcher)."""
    ruler = plain_model().get_pipe("attribute_ruler")
    assert isinstance(ruler.matcher, Matcher)
    return tuple(ruler(doc.copy()) for doc in parsed_docs(source))


def first_difference(expected: Doc, found: Doc) -> str:
    """Where two annotations of one text differ first, for the failure message."""
    for a, b in zip(expected, found, strict=True):
        if (a.pos, a.morph.key, a.lemma, a.tag) != (b.pos, b.morph.key, b.lemma, b.tag):
            return (
                f"token {a.i} {a.text!r}: {a.pos_} {a.morph} {a.lemma_!r} "
                f"vs {b.pos_} {b.morph} {b.lemma_!r}"
            )
    return "no token differs"


def assert_same_annotations(expected: Doc, found: Doc) -> None:
    """Every token's POS, MORPH, LEMMA and TAG are the same in both Docs."""
    assert len(expected) == len(found)
    assert numpy.array_equal(expected.to_array(ANNOTATIONS), found.to_array(ANNOTATIONS)), (
        first_difference(expected, found)
    )


@pytest.fixture(scope="module")
def nlp() -> Language:
    return plain_model()


@pytest.fixture(scope="module")
def index(nlp: Language) -> TokenPatternIndex:
    ruler = nlp.get_pipe("attribute_ruler")
    keyed = [(str(i), p) for i, rule in enumerate(ruler.patterns) for p in rule["patterns"]]
    assert TokenPatternIndex.supports(p for _, p in keyed)
    return TokenPatternIndex(nlp.vocab, keyed)


ALL_SOURCES = ["seed", *SOURCES, "edge"]


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_same_matches_as_the_matcher_on_the_models_patterns(
    source: str, nlp: Language, index: TokenPatternIndex
) -> None:
    matcher = nlp.get_pipe("attribute_ruler").matcher
    matched = 0
    for doc in parsed_docs(source):
        expected = matcher(doc, allow_missing=True, as_spans=False)
        found = index(doc)
        # A set, as the Matcher's: no match twice.
        assert len(set(found)) == len(found)
        assert sorted(found) == sorted(expected)
        matched += len(expected)
    assert matched or source == "edge"


@pytest.mark.parametrize("source", ALL_SOURCES)
def test_the_ruler_annotates_as_with_the_matcher(
    source: str, nlp: Language, index: TokenPatternIndex
) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    matcher = ruler.matcher
    ruler.matcher = index
    try:
        found = [ruler(doc.copy()) for doc in parsed_docs(source)]
    finally:
        ruler.matcher = matcher
    for expected, doc in zip(ruled_docs(source), found, strict=True):
        assert_same_annotations(expected, doc)


def test_the_edge_texts_have_their_edges(nlp: Language, index: TokenPatternIndex) -> None:
    """The edge texts do hold empty Docs, whitespace tokens and rules with index 1."""
    docs = parsed_docs("edge")
    assert not len(docs[0])
    assert any(token.is_space for doc in docs for token in doc)
    ruler = nlp.get_pipe("attribute_ruler")
    second = {str(i) for i, rule in enumerate(ruler.patterns) if rule.get("index", 0) != 0}
    matched = {nlp.vocab.strings[key] for doc in docs for key, _, _ in index(doc)}
    assert len(second & matched) >= 3


def test_the_pipeline_annotates_as_with_the_matcher(nlp: Language) -> None:
    texts = [*source_texts("seed"), *source_texts("muc3-dev")[:2], *EDGE_TEXTS]
    fast = fast_model()
    assert isinstance(fast.get_pipe("attribute_ruler").matcher, TokenPatternIndex)
    for plain, indexed in zip(nlp.pipe(texts), fast.pipe(texts), strict=True):
        assert [(t.pos_, str(t.morph), t.lemma_) for t in plain] == [
            (t.pos_, str(t.morph), t.lemma_) for t in indexed
        ]


# Each written case: patterns by key, added to a Matcher and to an index alike.
PATTERNS: dict[str, dict[str, list[list[dict]]]] = {
    "one-value": {"k": [[{"LOWER": "said"}]]},
    "one-tag": {"k": [[{"TAG": "NNS"}]], "other": [[{"TAG": "VBD"}]]},
    "two-tests": {"k": [[{"TAG": "DT", "LOWER": "the"}]]},
    "in": {"k": [[{"LOWER": {"IN": ["killed", "wounded"]}}]]},
    "in-and-tag": {"k": [[{"TAG": "VBN", "LOWER": {"IN": ["killed", "wounded", "said"]}}]]},
    "in-many": {"k": [[{"LOWER": {"IN": [f"w{i}" for i in range(70)] + ["army"]}}]]},
    "in-empty": {"k": [[{"LOWER": {"IN": []}}], [{"LOWER": "army"}]]},
    "not-in": {"k": [[{"TAG": "NNS", "LOWER": {"NOT_IN": ["soldiers"]}}]]},
    "regex": {"k": [[{"LOWER": {"REGEX": "^n'?t$"}}]]},
    "two-tokens": {"k": [[{"LOWER": "according"}, {"LOWER": "to"}]]},
    "dependency": {"k": [[{"DEP": "nsubj", "TAG": "NNP"}]]},
    "space": {"k": [[{"IS_SPACE": True}]]},
    "any-token": {"k": [[{}]], "two": [[{"TAG": "DT"}, {}]]},
    "not-space": {"k": [[{"IS_SPACE": False, "TAG": "NNP"}]]},
    # Several patterns of one key: the Matcher reports a span once however many match it.
    "one-key-same-test": {"k": [[{"TAG": "NNS"}], [{"TAG": "NNS"}], [{"TAG": "NNP"}]]},
    "one-key-two-ways": {"k": [[{"TAG": "NNS"}], [{"LOWER": {"REGEX": "s$"}}]]},
    "one-key-two-groups": {"k": [[{"TAG": "NNS"}], [{"LOWER": "soldiers", "TAG": "NNS"}]]},
    "same-pattern-two-keys": {"a": [[{"TAG": "NNS"}]], "b": [[{"TAG": "NNS"}]]},
}
SENTENCES = [
    "The army said that 12 soldiers were killed and 30 civilians wounded near the border.",
    "According to Reuters, the villagers didn't leave.\n\nMaria Lopez said they can't.",
]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_kind_of_test(name: str, nlp: Language) -> None:
    matcher = Matcher(nlp.vocab)
    for key, patterns in PATTERNS[name].items():
        matcher.add(key, patterns)
    keyed = [(key, p) for key, patterns in PATTERNS[name].items() for p in patterns]
    assert TokenPatternIndex.supports(p for _, p in keyed)
    index = TokenPatternIndex(nlp.vocab, keyed)
    found = 0
    for doc in nlp.pipe(SENTENCES):
        expected = matcher(doc)
        matches = index(doc)
        assert len(set(matches)) == len(matches)
        assert sorted(matches) == sorted(expected)
        found += len(expected)
    assert found, "each written pattern matches somewhere"


@pytest.mark.parametrize(
    "pattern",
    [[{"LOWER": "the", "OP": "?"}], [{"ENT_TYPE": "GPE"}], [{"LENGTH": {">=": 3}}]],
    ids=["operator", "other-attribute", "other-predicate"],
)
def test_unsupported_patterns_keep_the_matcher(pattern: list[dict]) -> None:
    assert not TokenPatternIndex.supports([pattern])
