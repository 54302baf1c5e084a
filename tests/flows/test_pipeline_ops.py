"""`flows.nlp.load_pipeline` runs spaCy's models on numpy's BLAS, one thread, with the same output.

The comparison is token by token against the model as spaCy loads it (BLIS), over real texts:
the seed article, 40 MUC-3 messages (10 of them left in capitals) and 10 re3d articles.
"""

from __future__ import annotations

import json
from itertools import islice

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model
from threadpoolctl import threadpool_info

from flows import nlp
from flows.nlp import load_pipeline, resolve_model
from tests.conftest import CORPUS, SEED, shared_or_skip
from transforms.extract import nlp_text


def real_texts() -> list[str]:
    texts = [nlp_text(shared_or_skip(SEED).read_text(encoding="utf-8"))]
    for name, count, as_fed in (
        ("muc3/muc3-dev.jsonl", 30, True),
        ("muc3/muc3-tst2.jsonl", 10, False),
        ("re3d/re3d-articles.jsonl", 10, True),
    ):
        with shared_or_skip(CORPUS / name).open(encoding="utf-8") as lines:
            for line in islice(lines, count):
                text = json.loads(line)["text"]
                texts.append(nlp_text(text) if as_fed else text)
    return texts


def annotations(doc: Doc) -> tuple:
    return (
        [(entity.start, entity.end, entity.label_) for entity in doc.ents],
        [(token.tag_, token.pos_, token.dep_, token.head.i, token.lemma_) for token in doc],
        [token.is_sent_start for token in doc],
    )


@pytest.fixture(scope="module")
def loaded() -> Language:
    return load_pipeline(resolve_model("auto"))


def test_the_models_multiply_with_numpy_not_blis(loaded: Language) -> None:
    trainable = [
        name for name, pipe in loaded.pipeline if isinstance(getattr(pipe, "model", None), Model)
    ]
    assert {"tok2vec", "ner"} <= set(trainable)
    for name in trainable:
        for layer in loaded.get_pipe(name).model.walk():
            assert type(layer.ops).__name__ == "NumpyOps", (name, layer.name)
            assert layer.ops.use_blis is False, (name, layer.name)


def test_blas_runs_one_thread_per_process(loaded: Language) -> None:
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas, "numpy's BLAS is loaded"
    assert all(pool["num_threads"] == 1 for pool in blas)


def test_the_same_annotations_as_spacys_own_load(loaded: Language) -> None:
    texts = real_texts()
    plain = spacy.load(resolve_model("auto"))
    assert plain.get_pipe("ner").model.ops.use_blis is True  # the comparison is with BLIS
    n_entities = 0
    for expected, found in zip(plain.pipe(texts), loaded.pipe(texts), strict=True):
        assert annotations(found) == annotations(expected)
        n_entities += len(found.ents)
    assert len(texts) == 51 and n_entities > 500


def test_the_cache_keeps_a_pipeline_per_model_and_recycles_each(tmp_path, monkeypatch) -> None:
    models = {}
    for language in ("en", "fr"):
        blank = spacy.blank(language)
        blank.add_pipe("sentencizer")
        models[language] = str(tmp_path / language)
        blank.to_disk(models[language])
    loads: list[str] = []

    def counted_load(model: str) -> Language:
        loads.append(model)
        return spacy.load(model)

    monkeypatch.setattr(nlp, "load_pipeline", counted_load)
    cache = nlp.PipelineCache()
    english, french = models["en"], models["fr"]
    first = cache.get(english, recycle_after=8, upcoming=4)
    assert cache.get(french, recycle_after=8, upcoming=4).lang == "fr"
    # Alternating languages reuses both pipelines...
    assert cache.get(english, recycle_after=8, upcoming=4) is first
    assert cache.get(french, recycle_after=8, upcoming=4).lang == "fr"
    assert loads == [english, french]
    # ... until one has read `recycle_after` documents: only that one is loaded again.
    assert cache.get(english, recycle_after=8, upcoming=4) is not first
    assert loads == [english, french, english]
