"""`transforms.lemmas`: the tabled rule lemmatizer writes exactly the lemmas spaCy's does.

Both run on copies of the same Docs (the real texts of tests/transforms/test_token_patterns.py
through spaCy's own attribute ruler, and written edge cases): the model's lemmatizer against
a tabled one of the same vocab and tables (with caches of its own), every token's POS, MORPH,
LEMMA and TAG compared. The table starts cold and warms up over the sources, as in a run.
"""

from __future__ import annotations

import pickle
import warnings
from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from tests.transforms.test_token_patterns import (
    EDGE_TEXTS,
    SOURCES,
    assert_same_annotations,
    fast_model,
    plain_model,
    ruled_docs,
)
from transforms.lemmas import _TabledLemmatizer, annotate_lemmas, set_backed, use_lemma_table


@pytest.fixture(scope="module")
def nlp() -> Language:
    return plain_model()


@pytest.fixture(scope="module")
def plain(nlp: Language) -> Lemmatizer:
    """The model's lemmatizer, spaCy's own."""
    component = nlp.get_pipe("lemmatizer")
    assert not isinstance(component, _TabledLemmatizer) and component.mode == "rule"
    return component


@pytest.fixture(scope="module")
def lemmatizer(nlp: Language, plain: Lemmatizer) -> Lemmatizer:
    """Another lemmatizer of the same vocab and tables, tabled: its own cache, so that every
    lemma it gives is its own work, not an answer `plain` cached."""
    component = nlp.create_pipe("lemmatizer", config={"mode": "rule", "overwrite": False})
    component.initialize(lookups=plain.lookups)
    assert use_lemma_table(component)
    return component


def both_ways(
    plain: Lemmatizer, lemmatizer: Lemmatizer, docs: tuple[Doc, ...]
) -> Iterator[tuple[Doc, Doc]]:
    """Each Doc lemmatized by spaCy's lemmatizer and by the tabled one, each on its own copy."""
    for doc in docs:
        yield plain(doc.copy()), lemmatizer(doc.copy())


@pytest.mark.parametrize("source", ["seed", *SOURCES, "edge"])
def test_same_lemmas_as_spacy_on_real_texts(
    source: str, plain: Lemmatizer, lemmatizer: Lemmatizer
) -> None:
    for expected, found in both_ways(plain, lemmatizer, ruled_docs(source)):
        assert_same_annotations(expected, found)


@pytest.mark.parametrize("overwrite", [False, True])
def test_preset_lemmas(overwrite: bool, plain: Lemmatizer, lemmatizer: Lemmatizer) -> None:
    """Lemmas set before the lemmatizer (by the attribute ruler, as "na" -> "to", or by
    hand) are kept unless `overwrite`, as spaCy keeps them."""
    docs = ruled_docs("edge") + ruled_docs("muc3-dev")[:5]
    preset = []
    for doc in docs:
        doc = doc.copy()
        for token in list(doc)[::3]:
            token.lemma_ = f"PRESET-{token.i}"
        preset.append(doc)
    assert any(t.lemma_ == "to" and t.lower_ == "na" for doc in docs for t in doc)
    plain.overwrite = lemmatizer.overwrite = overwrite
    try:
        pairs = list(both_ways(plain, lemmatizer, tuple(preset)))
    finally:
        plain.overwrite = lemmatizer.overwrite = False
    for expected, found in pairs:
        assert_same_annotations(expected, found)
    kept = sum(t.lemma_.startswith("PRESET-") for _, found in pairs for t in found)
    assert (kept == 0) if overwrite else (kept == sum(len(list(d)[::3]) for d in preset))


def test_tokens_without_pos(nlp: Language, plain: Lemmatizer, lemmatizer: Lemmatizer) -> None:
    """Untagged tokens (POS 0): spaCy lower-cases them with a warning (W108) each time, so
    the tabled lemmatizer asks spaCy each time too."""
    docs = tuple(nlp.make_doc(text) for text in EDGE_TEXTS)
    for _ in range(2):
        warned, lemmatized = [], []
        for component in (plain, lemmatizer):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                lemmatized.append([component(doc.copy()) for doc in docs])
            warned.append(sum("W108" in str(w.message) for w in caught))
        for expected, found in zip(*lemmatized, strict=True):
            assert_same_annotations(expected, found)
        assert warned[0] == warned[1] == sum(len(doc) for doc in docs)


def test_the_table_is_keyed_like_spacys_cache(lemmatizer: Lemmatizer) -> None:
    """One lemma per (ORTH, POS, MORPH): a table entry changed is a lemma changed, so the
    comparisons above do read the table."""
    doc = ruled_docs("muc3-dev")[0]
    table: dict = {}
    lemmatized = doc.copy()
    annotate_lemmas(lemmatized, lemmatizer.lemmatize, False, table)
    assert table
    key = next(iter(table))
    table[key] = doc.vocab.strings.add("WRONG")
    again = doc.copy()
    annotate_lemmas(again, lemmatizer.lemmatize, False, table)
    assert "WRONG" in [t.lemma_ for t in again]


def test_another_vocabs_doc_is_lemmatized_the_spacy_way(
    plain: Lemmatizer, lemmatizer: Lemmatizer
) -> None:
    """The table's lemma hashes are strings of the lemmatizer's store: a Doc of another vocab,
    whose store lacks them, gets its lemma strings as from spaCy."""
    annotations = {
        "words": ["The", "zyxwvutsers", "were", "ambushed"],
        "pos": ["DET", "NOUN", "AUX", "VERB"],
        "morphs": ["", "Number=Plur", "Tense=Past|VerbForm=Fin", "Tense=Past|VerbForm=Part"],
    }
    lemmatizer(Doc(lemmatizer.vocab, **annotations))
    doc = Doc(spacy.blank("en").vocab, **annotations)
    # The tabled one first: spaCy's would add the lemma strings to the shared store.
    found = [t.lemma_ for t in lemmatizer(doc.copy())]
    expected = [t.lemma_ for t in plain(doc.copy())]
    assert found == expected
    assert "zyxwvutser" in expected


def test_memory_zone_forgets_the_table() -> None:
    fast = fast_model()
    tabled = fast.get_pipe("lemmatizer")
    with fast.memory_zone():
        fast("The rebels were ambushed by zyxwvutsers.")
        assert tabled._lemma_table
    assert not tabled._lemma_table
    doc = fast("The zyxwvutsers were ambushed again.")
    assert [t.lemma_ for t in doc][:4] == ["the", "zyxwvutser", "be", "ambush"]


def test_only_rule_mode_is_tabled(nlp: Language) -> None:
    lookup = Lemmatizer(nlp.vocab, None, mode="lookup")
    assert not use_lemma_table(lookup)
    assert type(lookup) is Lemmatizer


def test_load_pipeline_tables_the_lemmatizer_and_it_pickles_as_spacys() -> None:
    component = fast_model().get_pipe("lemmatizer")
    assert isinstance(component, _TabledLemmatizer)
    assert not use_lemma_table(component), "tabled once"
    copy = pickle.loads(pickle.dumps(component))
    assert type(copy) is type(component).__mro__[2]
    assert copy.mode == "rule"


def test_the_set_backed_tables_hold_the_same_words(
    plain: Lemmatizer, lemmatizer: Lemmatizer
) -> None:
    copy = set_backed(plain.lookups)
    assert copy.tables == plain.lookups.tables
    for name in plain.lookups.tables:
        for key, value in plain.lookups.get_table(name).items():
            found = copy.get_table(name)[key]
            assert found == frozenset(value) if name == "lemma_index" else found is value
    # The lemmatizer's own tables are back in place after each call.
    lemmatizer(ruled_docs("seed")[0].copy())
    assert lemmatizer.lookups is plain.lookups
