"""The selective parse (`transforms.parse_selection`): which sentences the parser reads, and
that a selective Doc is the whole-text Doc where extraction looks.

Sentence cases are data in tests/cases/parse_selection/; the invariants run on the seed article
and on MUC-3 and re3d texts from ../shared/corpus.
"""

from __future__ import annotations

import json
from itertools import islice

import pytest
import spacy
from spacy.language import Language

from flows.nlp import load_pipeline, resolve_model
from tests.conftest import CASES, CORPUS, SEED, shared_or_skip
from transforms.extract import nlp_text
from transforms.parse_selection import parse_articles
from transforms.vocabulary.word_forms import noun_forms, verb_forms

SENTENCE_CASES = json.loads((CASES / "parse_selection" / "sentences.json").read_text())["cases"]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(resolve_model("auto"))


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("report", {"reports", "reported", "reporting"}),
        ("say", {"says", "said", "saying"}),
        ("die", {"died", "dies", "dying"}),
        ("injure", {"injured", "injures", "injuring"}),
        ("deny", {"denied", "denies", "denying"}),
        ("admit", {"admitted", "admitting"}),
        ("flee", {"fled", "flees", "fleeing"}),
    ],
)
def test_verb_forms(lemma: str, forms: set[str]) -> None:
    assert forms <= verb_forms(lemma)


@pytest.mark.parametrize(
    ("lemma", "plural"),
    [("casualty", "casualties"), ("death", "deaths"), ("hostage", "hostages"), ("body", "bodies")],
)
def test_noun_forms(lemma: str, plural: str) -> None:
    assert noun_forms(lemma) == {lemma, plural}


@pytest.mark.parametrize("case", SENTENCE_CASES, ids=[case["id"] for case in SENTENCE_CASES])
def test_sentences_parsed(case: dict, nlp: Language) -> None:
    (parsed,) = parse_articles(nlp, [case["text"]])
    by_phrase = {}
    for sentence in parsed.doc.sents:
        has_parse = any(token.dep_ for token in sentence)
        for phrase in case["parsed"] + case["skipped"]:
            if phrase in sentence.text:
                by_phrase[phrase] = has_parse
    assert by_phrase == {
        **{phrase: True for phrase in case["parsed"]},
        **{phrase: False for phrase in case["skipped"]},
    }


def _corpus_texts() -> list[str]:
    texts = [shared_or_skip(SEED).read_text(encoding="utf-8")]
    corpus = shared_or_skip(CORPUS)
    for path in (corpus / "muc3" / "muc3-dev.jsonl", corpus / "re3d" / "re3d-articles.jsonl"):
        with path.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in islice(lines, 15)]
    return texts


def test_selective_doc_matches_the_whole_text_where_extraction_reads(nlp: Language) -> None:
    texts = _corpus_texts()
    selective = list(parse_articles(nlp, texts))
    whole = list(parse_articles(nlp, texts, select=False))
    assert 0 < sum(p.parsed_tokens for p in selective) < sum(len(p.doc) for p in selective)
    for text, fast, full in zip(texts, selective, whole, strict=True):
        doc = fast.doc
        assert doc.text == nlp_text(text)
        # The same quantities, and entities as NER gives on the whole text.
        assert fast.quantities == full.quantities
        ner_only = nlp.get_pipe("ner")(nlp.get_pipe("senter")(nlp.make_doc(nlp_text(text))))
        assert [(e.start, e.end, e.label_) for e in doc.ents] == [
            (e.start, e.end, e.label_) for e in ner_only.ents
        ]
        # Sentences cover the text; a sentence is parsed whole or not at all.
        sentences = list(doc.sents)
        assert sentences[0].start == 0 and sentences[-1].end == len(doc)
        parsed = [s for s in sentences if any(t.dep_ for t in s)]
        for sentence in parsed:
            assert all(t.dep_ and t.pos_ for t in sentence if not t.is_space)
            assert all(sentence.start <= t.head.i < sentence.end for t in sentence)
        assert sum(len(s) for s in parsed) == fast.parsed_tokens
        # Every count's sentence is parsed.
        for quantity in fast.quantities:
            if quantity.kind == "count":
                assert any(
                    t.dep_
                    for t in doc.char_span(
                        quantity.start_char, quantity.end_char, alignment_mode="expand"
                    ).sent
                )


def test_whole_parse_when_asked(nlp: Language) -> None:
    (parsed,) = parse_articles(nlp, ["The festival opened in the old town."], select=False)
    assert all(token.dep_ for token in parsed.doc)


def test_another_language_gets_its_named_entities_only() -> None:
    try:
        french = spacy.load("fr_core_news_sm")
    except OSError:
        pytest.skip("fr_core_news_sm is not installed")
    text = "Emmanuel Macron a rencontré les maires de Lyon et de Marseille à Paris lundi."
    (parsed,) = parse_articles(french, [text])
    assert parsed.parsed_tokens == 0 and parsed.quantities == []
    assert not any(token.dep_ or token.pos_ for token in parsed.doc)
    assert {e.text for e in parsed.doc.ents} >= {"Lyon", "Paris"}
